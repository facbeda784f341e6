"""Which outlet leads or lags on a theme: cross-correlation of share series by lag.

``corr(lag)`` correlates outlet ``a`` at period ``t`` with outlet ``b`` at ``t + lag``;
a peak at a positive lag means ``a`` moved first (``a`` leads ``b`` by ``lag`` periods).
By default both series are first-differenced, so a shared trend (both outlets covering
a story more as it grows) is not mistaken for one following the other. With a few dozen
periods these correlations are noisy: read ``n`` (overlapping periods) before
concluding anything.

:func:`lead_lag` therefore tests every cell (theme × outlet pair): the statistic is the
peak correlation over all lags (so picking the best lag is part of what is tested), and
its null distribution comes from a **block permutation** of the second outlet's
(differenced) series: the series is cut into blocks of ``block`` consecutive periods
(default ``round(T^(1/3))``, at least 2, the usual block-bootstrap rate) whose order is
shuffled, which destroys any alignment with the first outlet but keeps the short-range
autocorrelation that makes two unrelated series look correlated by chance. A circular
shift would keep all of the autocorrelation, but offers only ``T - 1`` distinct nulls: on
17 weekly periods the smallest attainable p-value would be 1/17 and, once corrected for
dozens of cells, nothing could ever be significant. The p-values of all cells tested in
one call are then adjusted with Benjamini–Hochberg (false discovery rate ``fdr``), and
``significant`` says which cells pass; the plot colours only those.

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

from newsprism.evaluation import benjamini_hochberg


def _series(prev, source, theme, by):
    s = prev[(prev[by] == source) & (prev["theme"] == theme)].set_index("period")["share"]
    return s.sort_index()


def _aligned(prev, a, b, theme, by, difference):
    sa, sb = _series(prev, a, theme, by), _series(prev, b, theme, by)
    idx = sa.index.union(sb.index)
    sa, sb = sa.reindex(idx), sb.reindex(idx)
    if difference:
        sa, sb = sa.diff(), sb.diff()
    return sa.to_numpy(dtype=float), sb.to_numpy(dtype=float)


def _lag_corrs(x: np.ndarray, Y: np.ndarray, max_lag: int, min_overlap: int):
    """Pearson correlation of ``x[t]`` with each row of ``Y`` at ``t + lag``, NaN-aware.

    Returns ``(corr, n)``: arrays ``(rows, 2 max_lag + 1)``.
    """
    T = len(x)
    lags = range(-max_lag, max_lag + 1)
    corr = np.full((len(Y), len(lags)), np.nan)
    count = np.zeros((len(Y), len(lags)), dtype=int)
    for c, lag in enumerate(lags):
        if abs(lag) >= T:
            continue
        xa, yb = (x[: T - lag], Y[:, lag:]) if lag >= 0 else (x[-lag:], Y[:, : T + lag])
        mask = np.isfinite(xa)[None, :] & np.isfinite(yb)
        n = mask.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            xm = np.where(mask, xa, 0.0).sum(axis=1) / n
            ym = np.where(mask, yb, 0.0).sum(axis=1) / n
            dx = np.where(mask, xa[None, :] - xm[:, None], 0.0)
            dy = np.where(mask, yb - ym[:, None], 0.0)
            vx, vy = (dx * dx).sum(axis=1), (dy * dy).sum(axis=1)
            r = (dx * dy).sum(axis=1) / np.sqrt(vx * vy)
        ok = (n >= min_overlap) & (vx > 1e-24) & (vy > 1e-24)
        corr[:, c] = np.where(ok, np.clip(r, -1, 1), np.nan)
        count[:, c] = n
    return corr, count


def block_permutations(T: int, n_perm: int, block: int, rng) -> np.ndarray:
    """``n_perm`` index arrays of length ``T``: consecutive blocks of ``block`` periods
    (the last one shorter) in shuffled order.

    Example:
        >>> block_permutations(5, 1, 2, np.random.default_rng(0)).shape
        (1, 5)
    """
    starts = np.arange(0, T, max(1, block))
    blocks = [np.arange(s, min(s + block, T)) for s in starts]
    return np.stack([np.concatenate([blocks[k] for k in rng.permutation(len(blocks))])
                     for _ in range(n_perm)]) if n_perm else np.empty((0, T), dtype=int)


def cross_correlation(prev: pd.DataFrame, a: str, b: str, *, theme: str, max_lag: int = 3,
                      difference: bool = True, by: str | None = None,
                      min_overlap: int = 8) -> pd.DataFrame:
    """Pearson correlation of ``a``'s share at ``t`` with ``b``'s at ``t + lag``.

    Returns ``lag, corr, n`` for ``lag`` in ``-max_lag..max_lag`` (NaN when fewer than
    ``min_overlap`` periods overlap, or a series is constant).
    """
    by = by or prev.attrs.get("by", "source")
    x, y = _aligned(prev, a, b, theme, by, difference)
    corr, n = _lag_corrs(x, y[None, :], max_lag, min_overlap)
    return pd.DataFrame({"lag": np.arange(-max_lag, max_lag + 1), "corr": corr[0],
                         "n": n[0]})


def lead_lag(prev: pd.DataFrame, *, themes=None, sources=None, max_lag: int = 3,
             difference: bool = True, by: str | None = None, min_overlap: int = 8,
             n_perm: int = 999, block: int | None = None, fdr: float = 0.05,
             seed: int = 0) -> pd.DataFrame:
    """For every theme and outlet pair, the lag of peak cross-correlation and its test.

    Args:
        prev: a prevalence table (``period, <by>, theme, share``).
        themes, sources: the themes and outlets to pair (default all).
        max_lag: lags ``-max_lag..max_lag`` periods are tried.
        difference: correlate period-to-period changes (default), not levels.
        by: the outlet column (default the table's).
        min_overlap: periods both series need at a lag for its correlation to count.
        n_perm: block permutations per cell (0 = no test: p-values NaN).
        block: block length in periods (default ``max(2, round(T ** (1/3)))``).
        fdr: false discovery rate of the Benjamini–Hochberg control over all cells.
        seed: seed of the permutations.

    Returns:
        ``theme, source_a, source_b, best_lag, corr_at_best, corr_at_0, n, p_value,
        q_value, significant, n_perm`` with ``best_lag > 0`` meaning ``source_a`` leads
        ``source_b``. Each unordered pair is reported once (``source_a`` < ``source_b``).
        ``p_value`` is one-sided (a peak correlation at least this high by chance),
        ``q_value`` its Benjamini–Hochberg adjustment over the cells tested, and
        ``significant`` is ``q_value <= fdr``.
    """
    by = by or prev.attrs.get("by", "source")
    themes = list(prev["theme"].unique()) if themes is None else list(themes)
    sources = sorted(prev[by].unique().tolist()) if sources is None else list(sources)
    rng = np.random.default_rng(seed)
    rows = []
    for theme in themes:
        for a, b in permutations(sources, 2):
            if a > b:
                continue
            x, y = _aligned(prev, a, b, theme, by, difference)
            corr, count = _lag_corrs(x, y[None, :], max_lag, min_overlap)
            row = {"theme": theme, "source_a": a, "source_b": b, "best_lag": np.nan,
                   "corr_at_best": np.nan, "corr_at_0": np.nan, "n": 0, "p_value": np.nan,
                   "n_perm": 0}
            if np.isfinite(corr).any():
                best = int(np.nanargmax(corr[0]))
                row.update(best_lag=best - max_lag, corr_at_best=float(corr[0, best]),
                           corr_at_0=float(corr[0, max_lag]), n=int(count[0, best]))
                if n_perm:
                    size = block or max(2, round(len(y) ** (1 / 3)))
                    perm = block_permutations(len(y), n_perm, size, rng)
                    null, _ = _lag_corrs(x, y[perm], max_lag, min_overlap)
                    valid = np.isfinite(null).any(axis=1)
                    peak = np.nanmax(np.where(valid[:, None], null, -np.inf), axis=1)[valid]
                    hits = int((peak >= row["corr_at_best"] - 1e-12).sum())
                    row.update(p_value=(1 + hits) / (1 + len(peak)), n_perm=int(len(peak)))
            rows.append(row)
    out = pd.DataFrame(rows, columns=["theme", "source_a", "source_b", "best_lag",
                                      "corr_at_best", "corr_at_0", "n", "p_value", "n_perm"])
    out["q_value"] = benjamini_hochberg(out["p_value"].to_numpy(dtype=float))
    out["significant"] = (out["q_value"] <= fdr).to_numpy()
    out = out[["theme", "source_a", "source_b", "best_lag", "corr_at_best", "corr_at_0", "n",
               "p_value", "q_value", "significant", "n_perm"]]
    out.attrs.update({"fdr": fdr, "n_perm": n_perm, "max_lag": max_lag,
                      "n_tested": int(out["p_value"].notna().sum()), "test": "block permutation"})
    return out
