"""Which outlet leads or lags on a theme: cross-correlation of share series by lag.

``corr(lag)`` correlates outlet ``a`` at period ``t`` with outlet ``b`` at ``t + lag``;
a peak at a positive lag means ``a`` moved first (``a`` leads ``b`` by ``lag`` periods).
By default both series are first-differenced, so a shared trend (both outlets covering
a story more as it grows) is not mistaken for one following the other. With a few dozen
periods these correlations are noisy: read ``n`` (overlapping periods) before
concluding anything.

Example:
    >>> import pandas as pd, numpy as np
    >>> per = pd.date_range("2017-01-02", periods=12, freq="W-MON")
    >>> x = np.array([0, 0, 1, 0, 0, 2, 0, 0, 1, 0, 3, 0], float)
    >>> prev = pd.DataFrame({"period": list(per) * 2, "source": ["A"] * 12 + ["B"] * 12,
    ...                      "theme": "t", "share": np.r_[x, np.roll(x, 1)]})
    >>> cc = cross_correlation(prev, "A", "B", theme="t", max_lag=2)
    >>> int(cc.loc[cc["corr"].idxmax(), "lag"])
    1
"""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pandas as pd


def _series(prev, source, theme, by):
    s = prev[(prev[by] == source) & (prev["theme"] == theme)].set_index("period")["share"]
    return s.sort_index()


def cross_correlation(prev: pd.DataFrame, a: str, b: str, *, theme: str, max_lag: int = 3,
                      difference: bool = True, by: str | None = None,
                      min_overlap: int = 8) -> pd.DataFrame:
    """Pearson correlation of ``a``'s share at ``t`` with ``b``'s at ``t + lag``.

    Returns ``lag, corr, n`` for ``lag`` in ``-max_lag..max_lag`` (NaN when fewer than
    ``min_overlap`` periods overlap, or a series is constant).
    """
    by = by or prev.attrs.get("by", "source")
    sa, sb = _series(prev, a, theme, by), _series(prev, b, theme, by)
    idx = sa.index.union(sb.index)
    sa, sb = sa.reindex(idx), sb.reindex(idx)
    if difference:
        sa, sb = sa.diff(), sb.diff()
    x, y = sa.to_numpy(dtype=float), sb.to_numpy(dtype=float)
    rows = []
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            xa, yb = x[: len(x) - lag], y[lag:]
        else:
            xa, yb = x[-lag:], y[: len(y) + lag]
        keep = ~(np.isnan(xa) | np.isnan(yb))
        xa, yb = xa[keep], yb[keep]
        n = int(keep.sum())
        corr = np.nan
        if n >= min_overlap and xa.std() > 0 and yb.std() > 0:
            corr = float(np.corrcoef(xa, yb)[0, 1])
        rows.append({"lag": lag, "corr": corr, "n": n})
    return pd.DataFrame(rows)


def lead_lag(prev: pd.DataFrame, *, themes=None, sources=None, max_lag: int = 3,
             difference: bool = True, by: str | None = None, min_overlap: int = 8) -> pd.DataFrame:
    """For every theme and ordered outlet pair, the lag of peak cross-correlation.

    Returns ``theme, source_a, source_b, best_lag, corr_at_best, corr_at_0, n`` with
    ``best_lag > 0`` meaning ``source_a`` leads ``source_b``. Each unordered pair is
    reported once (``source_a`` < ``source_b``).
    """
    by = by or prev.attrs.get("by", "source")
    themes = list(prev["theme"].unique()) if themes is None else list(themes)
    sources = sorted(prev[by].unique().tolist()) if sources is None else list(sources)
    rows = []
    for theme in themes:
        for a, b in permutations(sources, 2):
            if a > b:
                continue
            cc = cross_correlation(prev, a, b, theme=theme, max_lag=max_lag,
                                   difference=difference, by=by, min_overlap=min_overlap)
            valid = cc.dropna(subset=["corr"])
            if valid.empty:
                rows.append({"theme": theme, "source_a": a, "source_b": b, "best_lag": np.nan,
                             "corr_at_best": np.nan, "corr_at_0": np.nan, "n": 0})
                continue
            best = valid.loc[valid["corr"].idxmax()]
            zero = cc.loc[cc["lag"] == 0, "corr"].iloc[0]
            rows.append({"theme": theme, "source_a": a, "source_b": b,
                         "best_lag": int(best["lag"]), "corr_at_best": float(best["corr"]),
                         "corr_at_0": float(zero), "n": int(best["n"])})
    return pd.DataFrame(rows)
