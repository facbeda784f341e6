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


@pytest.mark.parametrize("model", ["logreg", "cnb"])
def test_other_linear_models(tiny_corpus, model):
    clf = TopicClassifier(model=model, param_grid=None, inner_splits=2, min_df=1,
                          abstain_threshold=0).fit(tiny_corpus.text, tiny_corpus.topic)
    assert clf.predict(["The striker scored a goal"]).tolist() == ["sport"]
    terms = clf.top_terms(3)
    assert set(terms.label) == {"business", "politics", "sport"}


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


def test_title_weight_repeats_only_the_first_line():
    from newsprism.topics.model import weight_first_line

    assert weight_first_line(["Head.\nBody one.\nBody two.", "one line"], 3) == [
        "Head.\nHead.\nHead.\nBody one.\nBody two.", "one line"]
    assert weight_first_line(["Head.\nBody."], 1) == ["Head.\nBody."]
    with pytest.raises(ValueError, match="title_weight"):
        weight_first_line(["x"], 0)


def test_title_weight_is_applied_at_fit_and_predict(tiny_corpus, fast_clf):
    texts = document_texts(tiny_corpus)
    clf = fast_clf.set_params(title_weight=2).fit(texts, tiny_corpus.topic)
    assert (clf.predict(texts[:8]) == "sport").mean() >= 0.75
    # an old model (saved before the parameter existed) counts the title once: loading
    # restores the saved __dict__ through __setstate__, which fills the missing option
    old = TopicClassifier.__new__(TopicClassifier)
    old.__setstate__({k: v for k, v in clf.__dict__.items() if k != "title_weight"})
    assert old.title_weight == 1
    assert old.predict_proba(texts[:2]).shape == (2, 3)


def test_title_weight_below_one_is_refused(tiny_corpus, fast_clf):
    with pytest.raises(ValueError, match="title_weight"):
        fast_clf.set_params(title_weight=0).fit(document_texts(tiny_corpus), tiny_corpus.topic)


def test_a_model_saved_before_the_newer_options_loads_whole(tmp_path, tiny_corpus, fast_clf):
    # skops restores __dict__ as saved; options added since must be filled on load
    import skops.io as sio
    from sklearn.base import clone

    from newsprism.persist import load_model

    clf = fast_clf.fit(tiny_corpus.text, tiny_corpus.topic)
    expected = clf.predict_proba(["goal", "bank"])
    for name in ("char_ngram_range", "char_min_df", "embedding_weight", "title_weight"):
        del clf.__dict__[name]
    path = tmp_path / "old.skops"
    sio.dump(clf, path)  # without a card: an older newsprism's file
    loaded = load_model(path, check_card=False)
    params = loaded.get_params()
    assert params["embedding_weight"] is None and params["title_weight"] == 1
    assert params["char_ngram_range"] is None
    np.testing.assert_array_equal(loaded.predict_proba(["goal", "bank"]), expected)
    assert clone(loaded).get_params() == params
