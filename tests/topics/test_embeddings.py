"""TopicClassifier(embedding_weight=...): the dense WordLlama block beside the TF-IDF rows."""

import numpy as np
import pytest

from newsprism.topics import TopicClassifier

pytest.importorskip("wordllama")

DIM = 256  # width of the wordllama-l2-256 static model


def _clf(**kw):
    base = dict(param_grid={"C": [1.0]}, inner_splits=2, min_df=1, max_df=1.0,
                abstain_threshold=0.0)
    return TopicClassifier(**{**base, **kw})


def _dense_share(features) -> np.ndarray:
    """Per row: the share of the squared length held by the last DIM columns."""
    dense = features[:, -DIM:].toarray()
    return (dense ** 2).sum(axis=1) / np.asarray(features.multiply(features).sum(axis=1)).ravel()


def test_off_leaves_the_features_as_before(tiny_corpus):
    clf = _clf().fit(tiny_corpus.text, tiny_corpus.topic)
    texts = tiny_corpus.text.tolist()
    assert clf.embedding_vectorizer_ is None
    assert "embedding_weight" not in clf.best_params_
    assert clf.n_features_ == len(clf.vectorizer_.get_feature_names_out())
    assert (clf._features(texts) != clf.vectorizer_.transform(texts)).nnz == 0


def test_model_saved_before_the_option_still_predicts(tiny_corpus):
    clf = _clf().fit(tiny_corpus.text, tiny_corpus.topic)
    proba = clf.predict_proba(tiny_corpus.text)
    del clf.embedding_vectorizer_  # what an older skops file restores
    np.testing.assert_array_equal(clf.predict_proba(tiny_corpus.text), proba)


@pytest.mark.parametrize("weight", [1.0, 2.0])
def test_on_adds_a_weighted_dense_block(tiny_corpus, weight):
    clf = _clf(embedding_weight=weight).fit(tiny_corpus.text, tiny_corpus.topic)
    n_words = len(clf.vectorizer_.get_feature_names_out())
    assert clf.n_features_ == n_words + DIM
    assert clf.best_params_["embedding_weight"] == weight
    features = clf._features(["The striker scored", "Bank shares fell", "zebra violin"])
    assert features.shape == (3, n_words + DIM)
    norms = np.sqrt(np.asarray(features.multiply(features).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, 1.0, rtol=1e-6)
    # rows with TF-IDF terms: the dense block holds w^2 / (1 + w^2) of the squared length
    np.testing.assert_allclose(_dense_share(features[:2]), weight ** 2 / (1 + weight ** 2),
                               rtol=1e-5)
    # no known word: only the dense block is left
    np.testing.assert_allclose(_dense_share(features[2:]), 1.0, rtol=1e-6)


def test_weight_is_chosen_with_c_by_the_inner_search(tiny_corpus):
    clf = _clf(embedding_weight=(0.5, 2.0), param_grid={"C": [0.1, 1.0]})
    clf.fit(tiny_corpus.text, tiny_corpus.topic)
    assert [(s["params"]["embedding_weight"], s["params"]["C"]) for s in clf.search_scores_] \
        == [(0.5, 0.1), (0.5, 1.0), (2.0, 0.1), (2.0, 1.0)]
    best = max(clf.search_scores_, key=lambda s: s["macro_f1"])  # first of the maxima
    assert clf.best_params_ == best["params"]
    assert clf.embedding_vectorizer_.weight == clf.best_params_["embedding_weight"]
    assert clf._base().C == clf.best_params_["C"]


def test_with_character_ngrams_and_top_terms(tiny_corpus):
    clf = _clf(embedding_weight=1.0, char_ngram_range=(3, 4))
    clf.fit(tiny_corpus.text, tiny_corpus.topic)
    n_words = len(clf.vectorizer_.get_feature_names_out())
    n_chars = len(clf.char_vectorizer_.get_feature_names_out())
    assert clf.n_features_ == n_words + n_chars + DIM
    terms = clf.top_terms(3)
    assert set(terms.label) == {"business", "politics", "sport"}
    assert clf.predict(["", "The keeper saved a penalty"]).shape == (2,)


def test_round_trip_with_embeddings(tiny_corpus, tmp_path):
    import json

    from newsprism.topics import load_topic_model, predict_topics, save_topic_model

    clf = _clf(embedding_weight=1.0).fit(tiny_corpus.text, tiny_corpus.topic)
    path = tmp_path / "emb.skops"
    save_topic_model(clf, path, training_name="tiny", training_data=tiny_corpus,
                     label_col="topic")
    loaded = load_topic_model(path)
    assert loaded.embedding_vectorizer_.weight == 1.0
    assert predict_topics(loaded, tiny_corpus).equals(predict_topics(clf, tiny_corpus))
    card = json.loads(path.with_suffix("").with_suffix(".card.json").read_text())
    assert card["params"]["embedding_weight"] == 1.0
    assert card["best_params"]["embedding_weight"] == 1.0


@pytest.mark.parametrize("weight", [0, -1.0, float("nan"), (), (1.0, 0.0)])
def test_bad_weights_are_refused(tiny_corpus, weight):
    with pytest.raises(ValueError, match="embedding_weight"):
        _clf(embedding_weight=weight).fit(tiny_corpus.text, tiny_corpus.topic)


@pytest.mark.parametrize("model, grid", [("cnb", {"alpha": [0.1]}), ("nbsvm", {"C": [1.0]})])
def test_naive_bayes_models_refuse_the_signed_embedding_block(tiny_corpus, model, grid):
    # the embeddings have negative coordinates, which the count-based models cannot take:
    # say so up front instead of failing inside the inner search
    with pytest.raises(ValueError, match="embedding_weight"):
        _clf(model=model, param_grid=grid, embedding_weight=1.0).fit(
            tiny_corpus.text, tiny_corpus.topic)
