"""Evaluation helpers: metrics, grouped CV without leakage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from newsprism.stance.evaluate import (confusion_table, cross_val_predict_grouped, f1m, f1pn,
                                       score)


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


_VERBS = {"favor": ["praised"], "against": ["condemned"], "neutral": ["visited"]}


def test_tune_linear_rules(mention_table):
    from newsprism.stance.evaluate import tune_linear

    data = mention_table(_VERBS)
    grid = {"C": [0.1, 1.0, 10.0], "min_df": [1]}
    best, table = tune_linear(data, grid=grid, folds=3, rule="best")
    assert set(table.columns) >= {"param_C", "mean_test_score", "std_test_score"}
    assert best["C"] == table.iloc[0]["param_C"]
    se_pick, _ = tune_linear(data, grid=grid, folds=3, rule="one_se")
    # the one-SE pick is never less regularised than the best-score pick
    assert se_pick["C"] <= best["C"]
    with pytest.raises(ValueError, match="rule"):
        tune_linear(data, grid=grid, folds=3, rule="max")


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")  # the point of the test
def test_tune_linear_oof_columns_follow_labels_when_a_fold_lacks_one(mention_table):
    from newsprism.stance.evaluate import tune_linear

    data = mention_table(_VERBS)
    # "favor" only in one article: the fold that tests it trains on two labels
    data.loc[(data["label"] == "favor") & (data["group"] != "doc0"), "label"] = "neutral"
    _, _, oof = tune_linear(data, grid={"C": [1.0], "min_df": [1]}, folds=3, oof=True)
    assert oof.shape == (len(data), 3)
    np.testing.assert_allclose(oof.sum(axis=1), 1.0)
    favor = list(np.unique(data["label"])).index("favor")
    assert (oof[data["group"].eq("doc0").to_numpy(), favor] == 0).all()
    neutral = list(np.unique(data["label"])).index("neutral")
    lacking = oof[:, favor] == 0  # the rows of the fold trained without "favor"
    assert 0 < lacking.sum() < len(data)
    # their two columns sit under their own labels (positional filling would leave
    # "neutral" at 0 and put it under "favor")
    assert (oof[lacking, neutral] > 0).all()
