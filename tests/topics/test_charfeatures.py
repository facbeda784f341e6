import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.topics import load_topic_model, predict_topics, save_topic_model, train_topic_model
from newsprism.topics.charfeatures import CharNgramTfidf


@pytest.mark.parametrize("ngram_range, min_df", [((2, 5), 1), ((3, 4), 2)])
def test_matches_scikit_learn_char_wb_on_unseen_words(tiny_corpus, ngram_range, min_df):
    train, test = tiny_corpus.text[:20].tolist(), tiny_corpus.text[20:].tolist() + ["Zebra xylophone!"]
    fast = CharNgramTfidf(ngram_range=ngram_range, min_df=min_df)
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, min_df=min_df,
                          sublinear_tf=True)
    a, b = fast.fit_transform(train), fast.transform(test)
    a_ref, b_ref = ref.fit_transform(train), ref.transform(test)
    assert list(fast.get_feature_names_out()) == list(ref.get_feature_names_out())
    np.testing.assert_allclose(a.toarray(), a_ref.toarray(), atol=1e-12)
    np.testing.assert_allclose(b.toarray(), b_ref.toarray(), atol=1e-12)


def test_classifier_with_char_ngrams_round_trips(tiny_corpus, fast_clf, tmp_path):
    model = train_topic_model(tiny_corpus, "topic",
                              estimator=fast_clf.set_params(char_ngram_range=(2, 4)))
    assert model.n_features_ > len(model.vectorizer_.get_feature_names_out())
    assert model.top_terms(3)["term"].str.startswith("'").any() or len(model.top_terms(3)) == 9
    path = tmp_path / "chars.skops"
    save_topic_model(model, path, training_name="tiny", training_data=tiny_corpus, label_col="topic")
    assert predict_topics(load_topic_model(path), tiny_corpus).equals(predict_topics(model, tiny_corpus))
