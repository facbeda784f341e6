"""Evaluation helpers: metrics, grouped CV without leakage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from newsprism.stance.evaluate import (confusion_table, cross_val_predict_grouped, errors_table,
                                       f1m, f1pn, grouped_folds, score)


def test_metrics_by_hand():
    gold = ["favor", "against", "neutral", "neutral"]
    pred = ["favor", "neutral", "neutral", "neutral"]
    # F1 favor 1, against 0, neutral 2*(2/3*1)/(2/3+1) = 0.8
    assert f1m(gold, pred) == pytest.approx((1 + 0 + 0.8) / 3)
    assert f1pn(gold, pred) == pytest.approx(0.5)
    s = score(gold, pred, n_boot=200, seed=0)
    assert s["accuracy"]["value"] == pytest.approx(0.75)
    assert s["f1m"]["ci_low"] <= s["f1m"]["value"] <= s["f1m"]["ci_high"]


class _Memorizer(ClassifierMixin, BaseEstimator):
    """Predicts the training label of a seen text, else 'neutral': exposes leakage."""

    def fit(self, X, y):
        self.seen_ = dict(zip(X["text"], y))
        self.classes_ = np.array(["against", "favor", "neutral"], dtype=object)
        return self

    def predict(self, X):
        return np.array([self.seen_.get(t, "neutral") for t in X["text"]], dtype=object)


def test_grouped_cv_keeps_an_article_on_one_side():
    # each group repeats one sentence with a non-neutral label: a leak would be rewarded
    rows = []
    for g in range(12):
        label = "favor" if g % 2 else "against"
        for _ in range(3):
            rows.append({"text": f"sentence {g}", "start": 0, "end": 8, "label": label,
                         "group": f"doc{g}"})
    data = pd.DataFrame(rows)
    pred = cross_val_predict_grouped(_Memorizer(), data, folds=4, seed=0)
    assert (pred == "neutral").all()


def test_confusion_table_orders_labels():
    table = confusion_table(["favor", "against"], ["against", "against"])
    assert list(table.index) == ["favor", "against", "neutral"]
    assert table.loc["favor", "against"] == 1


def test_fast_metrics_match_sklearn():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(0)
    labels = np.array(["favor", "against", "neutral"], dtype=object)
    for _ in range(50):
        n = int(rng.integers(1, 25))
        gold, pred = labels[rng.integers(0, 3, n)], labels[rng.integers(0, 3, n)]
        assert f1m(gold, pred) == pytest.approx(
            f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0))
        assert f1pn(gold, pred) == pytest.approx(
            f1_score(gold, pred, labels=["favor", "against"], average="macro", zero_division=0))


def test_vectorised_bootstrap_matches_reference():
    from newsprism.evaluation import bootstrap_ci
    from newsprism.stance.evaluate import METRICS, _codes

    rng = np.random.default_rng(3)
    labels = np.array(["favor", "against", "neutral"], dtype=object)
    gold, pred = labels[rng.integers(0, 3, 120)], labels[rng.integers(0, 3, 120)]
    for groups in (None, rng.integers(0, 30, 120)):
        s = score(gold, pred, n_boot=200, seed=1, groups=groups)
        for name, metric in METRICS.items():
            ref = bootstrap_ci(_codes(gold), _codes(pred), metric, n_boot=200, seed=1,
                               groups=groups)
            got = (s[name]["value"], s[name]["ci_low"], s[name]["ci_high"])
            assert got == pytest.approx(ref)


def test_grouped_folds_cap_k_at_the_number_of_groups():
    data = pd.DataFrame({"label": ["favor", "against", "neutral"] * 4,
                         "group": [f"doc{i // 6}" for i in range(12)]})
    folds = grouped_folds(data, folds=5, seed=0)
    assert len(folds) == 2
    for train, test in folds:
        assert not set(data["group"].iloc[train]) & set(data["group"].iloc[test])


def test_errors_table_samples_only_misreadings():
    data = pd.DataFrame({"text": ["a", "b", "c"], "mention": ["A", "B", "C"],
                         "label": ["favor", "against", "neutral"]})
    out = errors_table(data, ["favor", "neutral", "favor"], n=5)
    assert sorted(out["text"]) == ["b", "c"] and set(out.columns) == {
        "text", "mention", "gold", "predicted"}
    assert errors_table(data, data["label"]).empty
