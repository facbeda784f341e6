"""Lexicon and linear stance models: behaviour, features, parameter checks, skops round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone

from newsprism.errors import UntrustedModelError
from newsprism.features import NewsTfidfVectorizer
from newsprism.persist import load_model, save_model
from newsprism.stance.context import LEXICON_FEATURES, lexicon_features, stance_views
from newsprism.stance.models import LexiconStance, LinearStance, StanceFeatures


def _items(pairs):
    rows = []
    for sentence, mention in pairs:
        start = sentence.index(mention)
        rows.append({"text": sentence, "start": start, "end": start + len(mention)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("sentence, mention, label", [
    ("Leaders praised NATO warmly.", "NATO", "favor"),
    ("Critics condemned NATO.", "NATO", "against"),
    ("NATO met on Tuesday.", "NATO", "neutral"),
    ("They did not trust Russia.", "Russia", "against"),
    ("Russia is not a threat.", "Russia", "favor"),
    # the clause break keeps the other target's praise away from this one
    ("China suffered a terrible defeat, but Russia celebrated.", "China", "against"),
])
def test_lexicon_baseline_reads_the_window(sentence, mention, label):
    X = _items([(sentence, mention)])
    assert LexiconStance().fit(X).predict(X).tolist() == [label]


def test_lexicon_proba_is_consistent():
    X = _items([("Leaders praised NATO warmly.", "NATO"), ("NATO met.", "NATO"),
                ("Critics condemned NATO.", "NATO")])
    model = LexiconStance().fit(X)
    proba = model.predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1) and (proba >= 0).all()
    assert model.classes_[proba.argmax(axis=1)].tolist() == ["favor", "neutral", "against"]


def _train_set():
    pos = ["praised", "welcomed", "supported", "applauded"]
    neg = ["condemned", "attacked", "blamed", "criticised"]
    names = ["NATO", "Russia", "China", "Berlin", "Tokyo"]
    rows, labels = [], []
    for name in names:
        for verbs, label in ((pos, "favor"), (neg, "against"),
                             (["visited", "met", "called", "phoned"], "neutral")):
            for verb in verbs:
                rows.append((f"Leaders {verb} {name} today.", name))
                labels.append(label)
    return _items(rows), np.array(labels, dtype=object)


def test_linear_model_learns_and_is_target_aware():
    X, y = _train_set()
    model = LinearStance(min_df=1).fit(X, y)
    assert model.classes_.tolist() == ["against", "favor", "neutral"]
    test = _items([("Leaders praised Oslo today.", "Oslo"), ("Leaders blamed Oslo today.", "Oslo")])
    assert model.predict(test).tolist() == ["favor", "against"]
    top = model.top_features(3)
    assert set(top.view) <= {"left", "right", "sentence", "lexicon"}
    assert len(top) == 9 and list(top.columns) == ["label", "view", "term", "weight"]
    fresh = clone(model)
    assert fresh.get_params() == model.get_params() and not hasattr(fresh, "clf_")


def test_features_are_three_stemmed_views_then_weighted_lexicon(inflected_mentions):
    data = inflected_mentions
    matrix = StanceFeatures(min_df=1).fit_transform(data)
    lefts, rights, masked = stance_views(data, window=10)
    vecs = [NewsTfidfVectorizer(min_df=1, max_df=1.0, stem=True) for _ in range(3)]
    words = sp.hstack([vecs[0].fit_transform([f"ctxleft {v}" for v in lefts]),
                       vecs[1].fit_transform([f"ctxright {v}" for v in rights]),
                       vecs[2].fit_transform(masked)], format="csr")
    expected = sp.hstack([words, 3.0 * lexicon_features(data, window=10)], format="csr")
    assert matrix.shape == expected.shape
    assert abs(matrix - expected).max() < 1e-12
    # fit then transform gives the same matrix as fit_transform
    fitted = StanceFeatures(min_df=1).fit(data)
    assert abs(fitted.transform(data) - matrix).max() < 1e-12
    names = fitted.get_feature_names_out()
    assert len(names) == matrix.shape[1] and names[-1] == f"lexicon:{LEXICON_FEATURES[-1]}"
    # stemming merges inflections; no lexicon columns at weight 0
    assert "left:condemn" in names and "left:condemned" not in names
    assert StanceFeatures(min_df=1, lexicon_weight=0).fit_transform(data).shape[1] == \
        words.shape[1]


def test_stemming_keeps_negation_marks():
    X = pd.DataFrame({"text": ["They did not support NATO.", "They never supported NATO."],
                      "start": [21, 23], "end": [25, 27]})
    names = set(StanceFeatures(min_df=1).fit(X).get_feature_names_out())
    assert "left:neg_support" in names and "left:neg_supported" not in names


@pytest.mark.parametrize("params, match", [
    ({"window": -1}, "window"), ({"window": 2.5}, "window"),
    ({"negation_scope": -2}, "negation_scope"), ({"min_df": 0}, "min_df"),
    ({"lexicon_weight": -1.0}, "lexicon_weight"), ({"target_min_df": -1}, "target_min_df"),
    ({"target_min_df": True}, "target_min_df"),
])
def test_bad_parameters_are_refused_at_fit(params, match):
    X, y = _train_set()
    model = LinearStance(**params)  # nothing is checked in __init__
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)


@pytest.mark.parametrize("params", [{"window": -1}, {"threshold": -0.5}])
def test_bad_lexicon_parameters_are_refused_at_fit(params):
    X, _ = _train_set()
    with pytest.raises(ValueError, match=next(iter(params))):
        LexiconStance(**params).fit(X)


def test_labels_must_match_the_rows():
    X, y = _train_set()
    with pytest.raises(ValueError, match="rows"):
        LinearStance().fit(X, y[:-1])


@pytest.mark.parametrize("factory", [lambda: LinearStance(min_df=1), lambda: LexiconStance()])
def test_skops_round_trip(tmp_path, factory):
    X, y = _train_set()
    model = factory().fit(X, y)
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    loaded = load_model(path, expected=type(model))
    np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert loaded.predict(X).tolist() == model.predict(X).tolist()
    path.write_bytes(path.read_bytes() + b"x")  # a changed file is refused
    with pytest.raises(UntrustedModelError):
        load_model(path)


def test_bad_input_type_is_explained():
    with pytest.raises(TypeError, match="text, start, end"):
        LexiconStance().fit(pd.DataFrame({"sentence": ["x"]}))
    X, y = _train_set()
    with pytest.raises(TypeError, match="text, start, end"):
        LinearStance(min_df=1).fit(X, y).predict(np.zeros((2, 3)))


def test_at_most_ten_parameters_per_model():
    from newsprism.stance.train import TunedLinearStance

    for model in (LexiconStance(), StanceFeatures(), LinearStance(), TunedLinearStance()):
        assert len(model.get_params(deep=False)) <= 10, type(model).__name__
