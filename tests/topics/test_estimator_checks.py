"""scikit-learn's estimator checks for TopicClassifier, as far as they apply to text input.

``parametrize_with_checks`` runs only ``check_estimator_cloneable`` for an estimator whose
tags say it takes strings, not a 2-D array (every other common check feeds numeric
matrices). So the API checks that never touch data are called directly, and the classifier
checks scikit-learn would run on numbers are restated on the tiny literal corpus of
``conftest.py``. Left out, because they are about numeric input: dtypes, NaN/inf, sparse
input, memmaps, complex data, 1-D/2-D array shapes, ``n_features_in_`` and sample weights
(the classifier takes none).
"""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError, SkipTestWarning
from sklearn.utils import estimator_checks as sk
from sklearn.utils.estimator_checks import parametrize_with_checks

from newsprism.errors import DataError
from newsprism.topics import TopicClassifier

API_CHECKS = [sk.check_estimator_tags_renamed, sk.check_valid_tag_types,
              sk.check_estimator_repr, sk.check_no_attributes_set_in_init,
              sk.check_do_not_raise_errors_in_init_or_set_params, sk.check_mixin_order,
              sk.check_get_params_invariance, sk.check_set_params,
              sk.check_parameters_default_constructible]


with warnings.catch_warnings():  # "Can't test estimator ... string input": known, see above
    warnings.simplefilter("ignore", SkipTestWarning)
    SKLEARN_CHECKS = parametrize_with_checks([TopicClassifier()])


@SKLEARN_CHECKS
def test_sklearn_runs_what_applies_to_text(estimator, check):
    check(estimator)


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_api_checks(check):
    check("TopicClassifier", TopicClassifier())


def test_at_most_ten_parameters():
    assert len(TopicClassifier().get_params()) <= 10


def test_classifier_contract_on_text(tiny_corpus, fast_clf):
    texts, y = tiny_corpus.text.tolist(), tiny_corpus.topic.tolist()
    params = fast_clf.get_params()
    assert fast_clf.fit(texts, y) is fast_clf
    assert fast_clf.get_params() == params  # fit does not overwrite parameters
    public = {k for k in vars(fast_clf) if not k.endswith("_")}
    assert public == set(params)  # fit sets only attributes ending in "_"
    proba = fast_clf.predict_proba(texts)
    state = dict(vars(fast_clf))
    fast_clf.predict(texts[:3])
    fast_clf.decision_function(texts[:3])
    assert set(vars(fast_clf)) == set(state)  # predicting changes nothing
    # idempotent and deterministic given the seed
    np.testing.assert_array_equal(clone(fast_clf).fit(texts, y).predict_proba(texts), proba)
    np.testing.assert_array_equal(fast_clf.fit(texts, y).predict_proba(texts), proba)
    # classes_, proba/decision consistency
    assert list(fast_clf.classes_) == sorted(set(y))
    assert proba.shape == (len(texts), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    scores = fast_clf.decision_function(texts)
    assert (scores.argmax(axis=1) == proba.argmax(axis=1)).mean() > 0.9
    assert fast_clf.score(texts, y) > 0.8


def test_subset_and_order_invariance(tiny_corpus, fast_clf):
    texts = tiny_corpus.text.tolist()
    clf = fast_clf.fit(texts, tiny_corpus.topic)
    proba = clf.predict_proba(texts)
    rows = np.vstack([clf.predict_proba([t]) for t in texts])
    np.testing.assert_allclose(rows, proba, rtol=0, atol=1e-12)
    order = np.random.default_rng(0).permutation(len(texts))
    np.testing.assert_allclose(clf.predict_proba([texts[i] for i in order]), proba[order],
                               rtol=0, atol=1e-12)


def test_pickle_round_trip(tiny_corpus, fast_clf):
    clf = fast_clf.fit(tiny_corpus.text, tiny_corpus.topic)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(tiny_corpus.text),
                                  clf.predict_proba(tiny_corpus.text))


@pytest.mark.parametrize("y, error", [
    (["sport"] * 26, DataError),  # one class
    ([1.5] * 13 + [2.5] * 13, None),  # labels become strings: two topics
])
def test_label_checks(tiny_corpus, fast_clf, y, error):
    if error is None:
        assert set(fast_clf.fit(tiny_corpus.text, y).classes_) == {"1.5", "2.5"}
    else:
        with pytest.raises(error):
            fast_clf.fit(tiny_corpus.text, y)


def test_unfitted_and_bad_input(tiny_corpus, fast_clf):
    with pytest.raises(NotFittedError):
        clone(fast_clf).predict(["a text"])
    with pytest.raises(DataError, match="empty corpus"):
        clone(fast_clf).fit([], [])
    with pytest.raises(ValueError, match="labels"):
        clone(fast_clf).fit(tiny_corpus.text, tiny_corpus.topic[:-1])
    with pytest.raises(TypeError, match="single string"):
        clone(fast_clf).fit("one text", ["sport"])
