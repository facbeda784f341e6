import numpy as np
import pandas as pd

from newsprism.trends import cross_correlation, lead_lag


def _pair(shift=2, T=40, seed=0):
    rng = np.random.default_rng(seed)
    per = pd.date_range("2017-01-02", periods=T, freq="D")
    x = rng.random(T + shift)
    a, b = x[shift:], x[:T]          # b(t) = a(t - shift): A leads B
    return pd.DataFrame({"period": list(per) * 2, "source": ["A"] * T + ["B"] * T,
                         "theme": "t", "share": np.r_[a, b]})


def test_leader_found():
    out = lead_lag(_pair(shift=2), max_lag=4)
    row = out.iloc[0]
    assert (row.source_a, row.source_b, row.best_lag) == ("A", "B", 2)
    assert row.corr_at_best > 0.9


def test_gaps_and_short_series():
    p = _pair()
    p.loc[p.index[::2], "share"] = np.nan
    cc = cross_correlation(p, "A", "B", theme="t", max_lag=1, min_overlap=30)
    assert cc["corr"].isna().all()
