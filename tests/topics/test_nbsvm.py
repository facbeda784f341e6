import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from newsprism.topics import TopicClassifier, load_topic_model, save_topic_model, train_topic_model
from newsprism.topics.nbsvm import NBSVMClassifier


@pytest.fixture()
def counts():
    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.poisson(0.6, size=(60, 12)).astype(float))
    y = np.array(["a", "b", "c"] * 20)
    return X, y


def test_ratios_are_the_nb_log_count_ratios(counts):
    X, y = counts
    clf = NBSVMClassifier(alpha=1.0).fit(X, y)
    xb = (X.toarray() > 0).astype(float)
    p = 1.0 + xb[y == "b"].sum(axis=0)
    q = 1.0 + xb[y != "b"].sum(axis=0)
    np.testing.assert_allclose(clf.ratios_[1], np.log((p / p.sum()) / (q / q.sum())))


def test_beta_one_is_the_svm_on_scaled_features(counts):
    X, y = counts
    clf = NBSVMClassifier(beta=1.0).fit(X, y)
    xb = X.copy()
    xb.data[:] = 1.0
    svm = LinearSVC(C=1.0, max_iter=10000, random_state=0).fit(xb @ sp.diags(clf.ratios_[0]), y == "a")
    np.testing.assert_allclose(clf.decision_function(X)[:, 0], svm.decision_function(xb @ sp.diags(clf.ratios_[0])),
                               atol=1e-4)  # liblinear stops at its tolerance


def test_beta_zero_leaves_only_the_nb_vote(counts):
    X, y = counts
    clf = NBSVMClassifier(beta=0.0).fit(X, y)
    # every feature gets the same SVM weight, so coef_ is proportional to r per class
    r = clf.ratios_
    scale = (clf.coef_ * r).sum(axis=1) / (r * r).sum(axis=1)
    assert (scale > 0).all()
    np.testing.assert_allclose(clf.coef_, scale[:, None] * r, atol=1e-12)


def test_binary_has_one_column_and_predicts_both(counts):
    X, y = counts
    keep = y != "c"
    clf = NBSVMClassifier().fit(X[keep], y[keep])
    assert clf.decision_function(X).shape == (X.shape[0],)
    assert set(clf.predict(X[keep])) <= {"a", "b"}


def test_refuses_negative_features_and_bad_beta(counts):
    X, y = counts
    with pytest.raises(ValueError, match="non-negative"):
        NBSVMClassifier().fit(-X, y)
    with pytest.raises(ValueError, match="beta"):
        NBSVMClassifier(beta=1.5).fit(X, y)


def test_topic_classifier_nbsvm_learns_and_round_trips(tiny_corpus, fast_clf, tmp_path):
    model = train_topic_model(tiny_corpus, "topic", estimator=fast_clf.set_params(model="nbsvm"))
    assert set(model.classes_) == set(tiny_corpus.topic)
    proba = model.predict_proba(tiny_corpus.text.tolist())
    # fitted on these texts: the right topic is the most probable for most of them
    hits = np.asarray(model.classes_)[proba.argmax(axis=1)] == tiny_corpus.topic.to_numpy()
    assert hits.mean() > 0.8
    assert len(model.top_terms(3)) == 3 * len(model.classes_)
    path = tmp_path / "nbsvm.skops"
    save_topic_model(model, path, training_name="tiny", training_data=tiny_corpus, label_col="topic")
    np.testing.assert_allclose(load_topic_model(path).predict_proba(tiny_corpus.text.tolist()), proba)


def test_char_min_df_reaches_the_character_vectorizer(tiny_corpus, fast_clf):
    texts, y = tiny_corpus.text.tolist(), tiny_corpus.topic.tolist()
    few = TopicClassifier(**{**fast_clf.get_params(), "char_ngram_range": (3, 4), "char_min_df": 3}).fit(texts, y)
    many = TopicClassifier(**{**fast_clf.get_params(), "char_ngram_range": (3, 4), "char_min_df": 1}).fit(texts, y)
    assert few.char_vectorizer_.min_df == 3
    assert len(few.char_vectorizer_.vocabulary_) < len(many.char_vectorizer_.vocabulary_)
