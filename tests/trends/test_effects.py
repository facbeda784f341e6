"""theme_effects on simulated data: a known outlet effect and a smooth of time."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsprism.trends import theme_effects

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _effects_sim as sim  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return sim.simulate(4000, np.random.default_rng(3))


def test_tables_have_the_documented_columns(data):
    fx = theme_effects(data, "t", n_times=5)
    assert list(fx.estimates.columns) == ["outlet", "time", "estimate", "ci_low", "ci_high"]
    assert list(fx.contrasts.columns) == ["outlet_a", "outlet_b", "time", "estimate",
                                          "ci_low", "ci_high"]
    assert len(fx.estimates) == 3 * 5 and len(fx.contrasts) == 3 * 5
    assert (fx.estimates["ci_low"] <= fx.estimates["estimate"]).all()
    assert (fx.estimates["estimate"] <= fx.estimates["ci_high"]).all()
    assert fx.info["n_clusters"] == sim.DAYS


def test_the_known_effect_is_recovered(data):
    fx = theme_effects(data, "t", n_times=10)
    mean = fx.estimates.groupby("outlet")["estimate"].mean()
    assert mean["A"] < mean["B"] < mean["C"]
    c_minus_a = fx.contrasts[(fx.contrasts.outlet_a == "A") & (fx.contrasts.outlet_b == "C")]
    assert (c_minus_a["ci_high"] < 0).all()   # A − C is clearly negative at every time
    # the seasonal swing: highest a quarter into the period, lowest at three quarters
    a = fx.estimates[fx.estimates.outlet == "A"].set_index("time")["estimate"]
    assert a.idxmax() < a.idxmin()


def test_intervals_cover_the_truth_in_most_simulations():
    out = sim.coverage(n_sims=25, n_docs=3000, seed=5)
    assert 0.85 <= out["coverage_estimates"] <= 0.995
    assert 0.85 <= out["coverage_contrasts"] <= 0.995


def test_clustering_by_day_widens_the_intervals(data):
    by_day = theme_effects(data, "t", n_times=5)
    independent = theme_effects(data, "t", n_times=5, cluster=None)
    w = lambda fx: (fx.estimates["ci_high"] - fx.estimates["ci_low"]).mean()  # noqa: E731
    assert w(by_day) > w(independent)


def test_an_outlet_that_never_carries_the_theme_stays_finite():
    rng = np.random.default_rng(0)
    n = 600
    a = pd.DataFrame({"doc_id": range(n), "source": np.repeat(["X", "Y"], n // 2),
                      "date": pd.Timestamp("2017-01-01")
                      + pd.to_timedelta(rng.integers(0, 30, n), unit="D")})
    a["theme"] = np.where((a["source"] == "X") & (rng.random(n) < 0.3), "war", None)
    fx = theme_effects(a, "war", n_times=3)
    y = fx.estimates[fx.estimates.outlet == "Y"]
    assert np.isfinite(y[["estimate", "ci_low", "ci_high"]].to_numpy()).all()
    assert (y["estimate"] < 0.01).all()


def test_a_theme_nobody_carries_is_an_error(data):
    with pytest.raises(ValueError, match="nothing to model"):
        theme_effects(data, "absent")


def test_input_is_not_changed(data):
    before = data.copy()
    theme_effects(data, "t", n_times=3, interaction=True)
    pd.testing.assert_frame_equal(data, before)
