"""Post-processing of the linear stance model: neutral bias, lexicon blend, their CV choice,
and the design-proxy splits of benchmarks/stance_proxies.py."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from newsprism.stance.benchmark import (LEXICON_BLEND_GRID, NEUTRAL_BIAS_GRID,
                                        TunedLinearStance, choose_post)
from newsprism.stance.models import LABELS, LexiconStance, LinearStance, adjust_posteriors


# some neutral sentences carry a polarity word ("cheered"), so the lexicon baseline and the
# linear model disagree on them
_VERBS = {"favor": ["praised", "welcomed"], "against": ["condemned", "blamed"],
          "neutral": ["visited", "met", "cheered"]}
_NAMES = ("NATO", "Russia", "China")


def test_adjust_posteriors_bias_and_blend():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=50)
    neutral = LABELS.index("neutral")
    np.testing.assert_allclose(adjust_posteriors(p, LABELS), p)
    up = adjust_posteriors(p, LABELS, neutral_bias=0.5)
    down = adjust_posteriors(p, LABELS, neutral_bias=-0.5)
    assert np.allclose(up.sum(axis=1), 1) and np.allclose(down.sum(axis=1), 1)
    assert (up[:, neutral] > p[:, neutral]).all() and (down[:, neutral] < p[:, neutral]).all()
    # the other two classes keep their ratio: only the neutral threshold moves
    others = [i for i in range(3) if i != neutral]
    np.testing.assert_allclose(up[:, others[0]] / up[:, others[1]], p[:, others[0]] / p[:, others[1]])
    lex = rng.choice(LABELS, size=50)
    # a vote weighing more than half decides every row
    blended = adjust_posteriors(p, LABELS, lexicon_blend=0.6, lexicon_pred=lex)
    assert np.array(LABELS)[blended.argmax(axis=1)].tolist() == lex.tolist()
    with pytest.raises(ValueError, match="lexicon_pred"):
        adjust_posteriors(p, LABELS, lexicon_blend=0.2)


def test_linear_post_processing_options(mention_table):
    data = mention_table(_VERBS, _NAMES, n_groups=30)
    X, y = data, data["label"].to_numpy(dtype=object)
    plain = LinearStance(min_df=1).fit(X, y)
    same = LinearStance(min_df=1, neutral_bias=0.0, lexicon_blend=0.0).fit(X, y)
    np.testing.assert_allclose(same.predict_proba(X), plain.predict_proba(X))
    # a large neutral bias makes every prediction neutral
    biased = clone(plain).set_params(neutral_bias=20.0).fit(X, y)
    assert set(biased.predict(X)) == {"neutral"}
    # a blend weight above 1/2 hands every decision to the lexicon baseline
    lexicon = LexiconStance().fit(X).predict(X)
    assert (lexicon != plain.predict(X)).any()  # the test data separates the two
    led = clone(plain).set_params(lexicon_blend=0.6).fit(X, y)
    assert led.predict(X).tolist() == lexicon.tolist()
    with pytest.raises(ValueError, match="lexicon_blend"):
        clone(plain).set_params(lexicon_blend=1.5).fit(X, y).predict(X)


def test_choose_post_finds_a_missing_neutral_offset():
    rng = np.random.default_rng(1)
    y = np.array(["neutral"] * 60 + ["favor"] * 20 + ["against"] * 20, dtype=object)
    idx = np.array([LABELS.index(v) for v in y])
    # informative posteriors with the neutral column shrunk: the true rows of neutral lose
    logit = rng.normal(0, 1, (len(y), 3))
    logit[np.arange(len(y)), idx] += 1.5
    logit[:, LABELS.index("neutral")] -= 1.0
    p = np.exp(logit) / np.exp(logit).sum(axis=1, keepdims=True)
    best, table = choose_post(p, y, LABELS, ["neutral"] * len(y), lexicon_blend=0.0)
    assert best["neutral_bias"] > 0 and best["lexicon_blend"] == 0.0
    assert len(table) == len(NEUTRAL_BIAS_GRID)
    assert table["f1m"].iloc[0] == table["f1m"].max()
    # perfect posteriors: every small offset ties, and the tie goes to no offset
    exact = np.eye(3)[idx] * 0.9 + 0.1 / 3
    best, table = choose_post(exact, y, LABELS, y)
    assert best == {"neutral_bias": 0.0, "lexicon_blend": 0.0}
    assert len(table) == len(NEUTRAL_BIAS_GRID) * len(LEXICON_BLEND_GRID)


def test_tuned_linear_chooses_post_processing_inside_training_data(mention_table):
    data = mention_table(_VERBS, _NAMES, n_groups=30)
    grid = {"C": [0.3, 1.0], "min_df": [1]}
    model = TunedLinearStance(grid=grid, neutral_bias="cv", lexicon_blend="cv").fit(
        data, data["label"])
    assert model.best_params_["neutral_bias"] in NEUTRAL_BIAS_GRID
    assert model.best_params_["lexicon_blend"] in LEXICON_BLEND_GRID
    assert model.estimator_.neutral_bias == model.best_params_["neutral_bias"]
    assert model.post_results_["f1m"].iloc[0] == model.post_results_["f1m"].max()
    # a one-point grid still runs the CV that the choice needs
    one = TunedLinearStance(grid={"C": [0.3], "min_df": [1]}, neutral_bias="cv").fit(
        data, data["label"])
    assert one.best_params_["neutral_bias"] in NEUTRAL_BIAS_GRID
    # fixed values pass straight through; the defaults leave the model as it was
    fixed = TunedLinearStance(grid=grid, neutral_bias=0.5).fit(data, data["label"])
    assert fixed.estimator_.neutral_bias == 0.5 and fixed.post_results_ is None
    plain = TunedLinearStance(grid=grid).fit(data, data["label"])
    assert plain.estimator_.neutral_bias == 0.0 and plain.estimator_.lexicon_blend == 0.0
    with pytest.raises(ValueError, match="neutral_bias"):
        TunedLinearStance(grid=grid, neutral_bias="auto").fit(data, data["label"])


def test_proxy_splits_keep_articles_apart_and_mimic_gold_mix():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from stance_proxies import proxy_splits
    finally:
        sys.path.pop(0)
    rng = np.random.default_rng(0)
    n = 2000
    train = pd.DataFrame({"label": rng.choice(["favor", "against", "neutral"], n,
                                              p=[0.3, 0.35, 0.35]),
                          "group": rng.integers(0, 400, n)})
    ptr, pte, pte71 = proxy_splits(train, seed=0, neutral_share=0.71)
    assert not set(ptr["group"]) & set(pte["group"])
    assert len(ptr) + len(pte) == n
    assert abs((pte71["label"] == "neutral").mean() - 0.71) < 0.01
    # pte71 keeps every neutral row of pte and drops only non-neutral ones
    assert (pte71["label"] == "neutral").sum() == (pte["label"] == "neutral").sum()
    assert len(pte71) < len(pte)
