import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.errors import DataError
from newsprism.topics import TopicClassifier, document_texts


def test_fit_predict_on_tiny_corpus(tiny_corpus, fast_clf):
    clf = fast_clf.fit(tiny_corpus.text, tiny_corpus.topic)
    assert list(clf.classes_) == ["business", "politics", "sport"]
    pred = clf.predict(["The keeper saved a penalty in the final",
                        "Profits and shares fell at the bank",
                        "The minister lost the election"])
    assert pred.tolist() == ["sport", "business", "politics"]
    proba = clf.predict_proba(["goal", "bank"])
    assert proba.shape == (2, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_grid_search_runs_inside_training_data(tiny_corpus):
    clf = TopicClassifier(param_grid={"C": [0.1, 1.0]}, inner_splits=2, min_df=1)
    clf.fit(tiny_corpus.text, tiny_corpus.topic)
    assert clf.best_params_["C"] in (0.1, 1.0)
    assert [s["params"]["C"] for s in clf.search_scores_] == [0.1, 1.0]


def test_abstains_below_threshold(tiny_corpus, fast_clf):
    clf = fast_clf.set_params(abstain_threshold=0.99).fit(tiny_corpus.text, tiny_corpus.topic)
    # words seen in no training text give a flat, unconfident distribution
    assert clf.predict(["zebra quantum violin"]).tolist() == ["other"]
    proba = clf.predict_proba(["zebra quantum violin"])
    assert proba.max() < 0.99
    assert clf.labels_from_proba(proba, threshold=0.0).tolist() != ["other"]
    clf.set_params(abstain_threshold=0.0)
    assert clf.predict(["zebra quantum violin"]).tolist() != ["other"]


def test_top_terms_are_topical(tiny_corpus, fast_clf):
    terms = fast_clf.fit(tiny_corpus.text, tiny_corpus.topic).top_terms(5)
    assert list(terms.columns) == ["label", "rank", "term", "weight"]
    sport_terms = set(terms[terms.label == "sport"].term)
    assert sport_terms & {"goal", "match", "team", "striker", "won", "final", "scored"}
    assert not sport_terms & {"bank", "profits", "minister", "election"}


@pytest.mark.parametrize("labels, message", [
    (["sport"] * 26, "at least two topics"),
    (["sport"] * 25 + ["business"], "fewer than 2 documents"),
    (["sport"] * 13 + ["other"] * 13, "abstain label"),
])
def test_bad_labels_are_explained(tiny_corpus, fast_clf, labels, message):
    with pytest.raises(DataError, match=message):
        fast_clf.fit(tiny_corpus.text, labels)


def test_fit_does_not_mutate_inputs(tiny_corpus, fast_clf):
    before = tiny_corpus.copy()
    fast_clf.fit(tiny_corpus.text, tiny_corpus.topic)
    pd.testing.assert_frame_equal(tiny_corpus, before)


@pytest.mark.parametrize("row, expected", [
    ({"title": "Cup final", "text": "A goal."}, "Cup final.\nA goal."),
    ({"title": "Why?", "text": "Because."}, "Why?\nBecause."),
    ({"title": None, "text": "Only text."}, "Only text."),
    ({"title": "Only title", "text": ""}, "Only title"),
])
def test_document_texts(row, expected):
    assert document_texts(pd.DataFrame([row])) == [expected]


@functools.lru_cache(maxsize=1)
def _fitted():
    texts = ["goal match striker", "team won the cup final", "keeper saved a penalty",
             "bank shares fell", "profits rose at the firm", "interest rates and inflation",
             "minister lost the vote", "election campaign of the party", "parliament bill debate"]
    return TopicClassifier(param_grid={"C": [1.0]}, inner_splits=2, min_df=1,
                           abstain_threshold=0.6).fit(texts, ["sport"] * 3 + ["business"] * 3
                                                      + ["politics"] * 3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_predict_accepts_any_text(texts):
    clf = _fitted()
    pred = clf.predict(texts)
    assert len(pred) == len(texts)
    assert set(pred) <= {"sport", "business", "politics", "other"}
    np.testing.assert_allclose(clf.predict_proba(texts).sum(axis=1), 1.0)
