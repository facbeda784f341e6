"""Lexicon and linear stance models: behaviour, sklearn contract, skops round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from newsprism.errors import UntrustedModelError
from newsprism.persist import load_model, save_model
from newsprism.stance.models import LexiconStance, LinearStance, lexicon_scores, stance_views


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


def test_negation_scope_reaches_across_the_mention():
    X = _items([("Germany did not NATO support.", "NATO")])
    left_pos, left_neg, right_pos, right_neg = lexicon_scores(X)[0]
    assert right_pos == 0 and right_neg > 0  # "support" flipped by "not" before the mention


def test_views_mask_the_mention():
    left, right, masked = stance_views(_items([("Critics condemned NATO over Russia.", "NATO")]))
    assert left == ["critics condemned"] and right == ["over russia"]
    assert "targetx" in masked[0] and "nato" not in masked[0]


def _train_set():
    pos = ["praised", "welcomed", "supported", "applauded"]
    neg = ["condemned", "attacked", "blamed", "criticised"]
    names = ["NATO", "Russia", "China", "Berlin", "Tokyo"]
    rows, labels = [], []
    for name in names:
        for verb in pos:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("favor")
        for verb in neg:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("against")
        for verb in ["visited", "met", "called", "phoned"]:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("neutral")
    return _items(rows), np.array(labels, dtype=object)


def test_linear_model_learns_and_is_target_aware():
    X, y = _train_set()
    model = LinearStance(min_df=1).fit(X, y)
    assert set(model.classes_) == {"favor", "against", "neutral"}
    test = _items([("Leaders praised Oslo today.", "Oslo"), ("Leaders blamed Oslo today.", "Oslo")])
    assert model.predict(test).tolist() == ["favor", "against"]
    top = model.top_features(3)
    assert set(top.view) <= {"left", "right", "sentence", "lexicon"}
    # the sklearn contract: clone copies params, unfitted clone has no learned state
    fresh = clone(model)
    assert fresh.get_params() == model.get_params() and not hasattr(fresh, "clf_")


@pytest.mark.parametrize("factory", [lambda: LinearStance(min_df=1), lambda: LexiconStance()])
def test_skops_round_trip(tmp_path, factory):
    X, y = _train_set()
    model = factory().fit(X, y)
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert loaded.predict(X).tolist() == model.predict(X).tolist()
    # a changed file is refused
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(UntrustedModelError):
        load_model(path)


def test_bad_input_type_is_explained():
    with pytest.raises(TypeError, match="text, start, end"):
        LexiconStance().fit(pd.DataFrame({"sentence": ["x"]}))


def test_rich_lexicon_features_carry_the_baseline_decision():
    from newsprism.stance.models import LEXICON_FEATURES, lexicon_features

    X = _items([("Leaders praised NATO warmly.", "NATO"), ("NATO met on Tuesday.", "NATO")])
    rich = lexicon_features(X, kind="rich")
    assert rich.shape == (2, len(LEXICON_FEATURES["rich"]))
    col = LEXICON_FEATURES["rich"].index
    assert rich[0, col("baseline_favor")] == 1 and rich[1, col("baseline_favor")] == 0
    assert lexicon_features(X, kind="basic").shape == (2, 5)
    with pytest.raises(ValueError):
        lexicon_features(X, kind="fancy")
