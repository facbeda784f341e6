import numpy as np
import pandas as pd
import pytest

from newsprism.trends import detect_bursts, kleinberg_states

BURST = [20, 21, 22]


def _synthetic(seed=0, T=30, n_docs=100, base=0.1, burst=0.4):
    """One outlet × one theme; weeks 20-22 jump from 10 % to 40 %; week 10 is empty."""
    rng = np.random.default_rng(seed)
    rows = []
    periods = pd.date_range("2016-01-04", periods=T, freq="7D")
    for t, per in enumerate(periods):
        nd = 0 if t == 10 else n_docs
        p = burst if t in BURST else base
        n = rng.binomial(nd, p) if nd else 0
        rows.append({"period": per, "source": "A", "theme": "x", "n": n, "n_docs": nd,
                     "share": n / nd if nd else np.nan})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("method", ["zscore", "kleinberg"])
def test_synthetic_burst_is_found(method):
    out = detect_bursts(_synthetic(), method=method)
    flagged = out.index[out["burst"]].tolist()
    assert flagged[0] == BURST[0]
    # zscore compares with the previous weeks, so weeks inside a long burst may no longer
    # stand out; both methods must flag the onset and nothing outside the burst
    assert set(flagged) <= set(BURST)
    if method == "kleinberg":
        assert flagged == BURST


@pytest.mark.parametrize("seed", range(5))
def test_no_burst_in_flat_series(seed):
    flat = _synthetic(seed=seed, burst=0.1)
    assert not detect_bursts(flat, method="kleinberg")["burst"].any()
    assert detect_bursts(flat, method="zscore", threshold=3.0)["burst"].sum() <= 1


def test_empty_period_never_burst_and_no_baseline_effect():
    out = detect_bursts(_synthetic())
    assert not out.loc[10, "burst"] and np.isnan(out.loc[10, "z"])


def test_small_cells_not_flagged():
    s = _synthetic(n_docs=3)
    assert not detect_bursts(s, min_docs=5)["burst"].any()


def test_kleinberg_states_direct():
    assert kleinberg_states(np.array([1, 1, 1]), np.array([10, 10, 10])).tolist() == [0, 0, 0]
    assert kleinberg_states(np.array([0, 0]), np.array([10, 10])).tolist() == [0, 0]


def test_bad_method():
    with pytest.raises(ValueError):
        detect_bursts(_synthetic(), method="magic")


def test_single_article_is_not_a_burst():
    s = _synthetic(base=0.01, burst=0.01, seed=3)
    s.loc[25, ["n", "share"]] = [1, 0.01]
    assert not detect_bursts(s, method="zscore").loc[25, "burst"]


@pytest.mark.parametrize("n_burst", [3, 8, 30])
def test_a_zero_baseline_gives_no_z_score(n_burst):
    # the theme never appears, then n_burst of 100 articles carry it: before the
    # baseline rule z reached 12.6 (n = 8) and 44 (n = 30) from a rate of 0
    s = _synthetic(base=0.0, burst=0.0)
    s.loc[25, ["n", "share"]] = [n_burst, n_burst / 100]
    out = detect_bursts(s, method="zscore")
    assert np.isnan(out.loc[25, "z"]) and not out["burst"].any()
    assert out.loc[25, "baseline_n"] == 0
    assert np.nanmax(out["z"].to_numpy(dtype=float), initial=0) < 3


@pytest.mark.parametrize("baseline_n, scored", [(2, False), (3, True), (6, True)])
def test_min_baseline_n_decides_whether_a_rise_is_scored(baseline_n, scored):
    s = _synthetic(base=0.0, burst=0.0)
    for k in range(baseline_n):                  # theme articles spread over weeks 21-24
        s.loc[21 + k % 4, "n"] += 1
    s["share"] = s["n"] / s["n_docs"].replace(0, np.nan)
    s.loc[25, ["n", "share"]] = [15, 0.15]
    out = detect_bursts(s, method="zscore", min_baseline_n=3)
    assert out.loc[25, "baseline_n"] == baseline_n
    assert np.isfinite(out.loc[25, "z"]) == scored
    assert out.loc[25, "burst"] == scored
    if scored:
        assert out.loc[25, "z"] > 3
