"""Prevalence with intervals from per-chunk sufficient statistics (for streamed corpora).

:func:`newsprism.trends.prevalence` needs every document of a period × outlet cell at once
to resample it. For a corpus read in chunks, each chunk instead contributes counts per
period × outlet (× replicate) that simply add up:

- replicate ``-1``: the documents (``n_docs``) and the documents per theme (``n``), so the
  point estimates are exactly those of :func:`~newsprism.trends.prevalence`;
- replicates ``0 .. n_boot-1``: the same sums with **Poisson(1) bootstrap weights**, one per
  document and replicate, drawn from a counter-based generator keyed by a hash of the
  ``doc_id`` and the seed. A document gets the same weights whatever chunk or worker it is
  in, so the intervals are identical for every partitioning of the corpus.

The Poisson bootstrap approximates the multinomial resampling of
:func:`newsprism.evaluation.resample_counts` (each document drawn Poisson(1) times instead
of exactly ``n_docs`` draws in all); its intervals are the same percentile intervals
(:func:`newsprism.evaluation.percentile_interval`) of ``weighted n / weighted n_docs``,
but not the same numbers as the in-memory bootstrap's.

Example:
    >>> a = pd.DataFrame({"doc_id": list("abcd"), "source": ["X"] * 4,
    ...                   "date": pd.to_datetime(["2017-01-02"] * 3 + ["2017-01-10"]),
    ...                   "theme": ["war", "war", "oil", "oil"]})
    >>> parts = [sufficient_stats(a.iloc[:2], themes=["oil", "war"], n_boot=50),
    ...          sufficient_stats(a.iloc[2:], themes=["oil", "war"], n_boot=50)]
    >>> p = prevalence_from_stats(combine_stats(parts), themes=["oil", "war"])
    >>> p[["period", "theme", "n", "n_docs", "share"]].to_string(index=False)
    '    period theme  n  n_docs    share\\n2017-01-02   oil  1       3 0.333333\\n2017-01-02   war  2       3 0.666667\\n2017-01-09   oil  1       1 1.000000\\n2017-01-09   war  0       1 0.000000'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from newsprism.evaluation import percentile_interval, share_intervals
from newsprism.trends.periods import period_range, period_start
from newsprism.trends.prevalence import COLUMNS, doc_theme_matrix

DOCS = "__docs__"
_BLOCK_VALUES = 1 << 22  # replicate shares per block of cells in prevalence_from_stats
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# Poisson(1) cumulative probabilities: a uniform below cdf[k] means k draws
_POISSON_CDF = np.cumsum([np.exp(-1.0) / np.prod(np.arange(1, k + 1)) for k in range(20)])


def _mix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def poisson_weights(doc_ids, n_boot: int, seed: int = 0) -> np.ndarray:
    """Bootstrap weights ``(n_docs, n_boot)`` (uint8, Poisson(1)), a function of each
    ``doc_id``, the replicate and ``seed`` only.

    Example:
        >>> w = poisson_weights(["a", "b", "c"], 4, seed=1)
        >>> bool((w == poisson_weights(["c", "b", "a"], 4, seed=1)[::-1]).all())
        True
    """
    ids = np.asarray([str(d) for d in doc_ids], dtype=object)
    if len(ids) == 0:
        return np.zeros((0, n_boot), dtype=np.uint8)
    base = pd.util.hash_array(ids, categorize=False).astype(np.uint64)
    with np.errstate(over="ignore"):
        base = _mix(base ^ _mix(np.array([seed], dtype=np.uint64)))
        reps = np.arange(1, n_boot + 1, dtype=np.uint64) * _GOLDEN
        u = _mix(base[:, None] + reps[None, :])
    uniform = (u >> np.uint64(11)).astype(np.float64) * 2.0**-53
    return np.searchsorted(_POISSON_CDF, uniform, side="right").astype(np.uint8)


def sufficient_stats(assignments: pd.DataFrame, *, themes, period: str = "W",
                     by: str | None = "source", theme: str = "theme",
                     weight: str | None = None, n_boot: int = 200, seed: int = 0,
                     block: int = 20_000) -> pd.DataFrame:
    """One chunk's counts: a row per period × group × replicate (``rep``), columns
    ``__docs__`` (documents) and one per theme (documents with it, or summed ``weight``).

    ``themes`` must be the full theme list (the same for every chunk). Rows without a date
    are left out (``attrs["n_dropped_no_date"]``). Documents are counted once per chunk
    (the first row of a ``doc_id``), so a document must not span chunks.
    """
    themes = list(themes)
    a = assignments.copy()
    a["date"] = pd.to_datetime(a["date"], errors="coerce")
    dropped = int(a["date"].isna().sum())
    a = a[a["date"].notna()]
    by_col = by or "source"
    if by is None:
        a["source"] = "all"
    elif by not in a.columns:
        raise ValueError(f"grouping column {by!r} is not in the assignment table")
    a[by_col] = a[by_col].fillna("(unknown)")
    columns = ["period", by_col, "rep", DOCS, *[str(t) for t in themes]]
    if a.empty:
        out = pd.DataFrame(columns=columns)
        out.attrs["n_dropped_no_date"] = dropped
        return out.astype({"rep": "int64", DOCS: float, **{str(t): float for t in themes}})
    docs, _, M = doc_theme_matrix(a, weight=weight, theme=theme, themes=themes)
    cells = pd.DataFrame({"period": period_start(docs["date"], period).to_numpy(),
                          by_col: docs[by_col].astype(str).to_numpy()})
    codes, uniq = pd.MultiIndex.from_frame(cells).factorize()
    G = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                      shape=(len(uniq), len(codes)))
    values = np.zeros((len(uniq), n_boot + 1, len(themes) + 1))
    values[:, 0, 0] = np.asarray(G.sum(axis=1)).ravel()
    values[:, 0, 1:] = G @ M
    for start in range(0, len(codes), block):  # weights drawn block by block: bounded memory
        stop = min(start + block, len(codes))
        W = poisson_weights(docs["doc_id"].iloc[start:stop], n_boot, seed).astype(float)
        Gb = G[:, start:stop]
        values[:, 1:, 0] += Gb @ W
        for j in range(len(themes)):
            values[:, 1:, j + 1] += Gb @ (W * M[start:stop, j:j + 1])
    keys = pd.DataFrame(list(uniq), columns=["period", by_col])
    out = keys.loc[keys.index.repeat(n_boot + 1)].reset_index(drop=True)
    out["rep"] = np.tile(np.arange(-1, n_boot), len(uniq))
    wide = pd.DataFrame(values.reshape(-1, len(themes) + 1), columns=columns[3:])
    out = pd.concat([out, wide], axis=1)
    out.attrs["n_dropped_no_date"] = dropped
    return out


def combine_stats(parts) -> pd.DataFrame:
    """Sum chunks' :func:`sufficient_stats` tables (the order of chunks does not matter)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        raise ValueError("no statistics to combine (every chunk was empty)")
    keys = list(parts[0].columns[:3])
    return pd.concat(parts, ignore_index=True).groupby(keys, sort=True).sum().reset_index()


def prevalence_from_stats(stats: pd.DataFrame, *, themes, period: str = "W",
                          by: str | None = "source", weight: str | None = None,
                          alpha: float = 0.05, start=None, end=None,
                          interval: str = "auto") -> pd.DataFrame:
    """The :func:`~newsprism.trends.prevalence` table from combined statistics: the same
    columns, grid (empty periods with ``n_docs = 0``, NaN shares) and point estimates."""
    themes = list(themes)
    by_col = by or "source"
    cols = [str(t) for t in themes]
    stats = stats.sort_values(["period", by_col, "rep"], ignore_index=True)
    n_boot = int(stats["rep"].max()) + 1 if len(stats) else 0
    cells = stats[["period", by_col]].drop_duplicates().reset_index(drop=True)
    vals = stats[[DOCS, *cols]].to_numpy(dtype=float).reshape(len(cells), n_boot + 1, -1)
    point = vals[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = point[:, 1:] / point[:, :1]
    low, high = np.full_like(share, np.nan), np.full_like(share, np.nan)
    step = max(1, _BLOCK_VALUES // max(1, vals[0, 1:].size))
    for a in range(0, len(cells) if n_boot else 0, step):  # cells in blocks: bounded memory
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = vals[a:a + step, 1:, 1:] / vals[a:a + step, 1:, :1]
        low[a:a + step], high[a:a + step] = percentile_interval(boot, alpha, axis=1)
    # the same Wilson fallback as trends.prevalence where the bootstrap degenerates
    low, high, used = share_intervals(share, point[:, :1], low, high, alpha=alpha,
                                      method=interval)
    lo_p = pd.Timestamp(start) if start is not None else cells["period"].min()
    hi_p = pd.Timestamp(end) if end is not None else cells["period"].max()
    groups = sorted(cells[by_col].unique().tolist(), key=str)
    grid = pd.MultiIndex.from_product([period_range(lo_p, hi_p, period), groups])
    at = pd.MultiIndex.from_frame(cells).get_indexer(grid)
    has = at >= 0
    T = len(themes)

    def spread(x, fill):
        out = np.full((len(grid), T), fill, dtype=float)
        out[has] = x[at[has]]
        return out.ravel()

    out = pd.DataFrame({
        "period": np.repeat(grid.get_level_values(0), T),
        "source": np.repeat(grid.get_level_values(1), T),
        "theme": np.tile(np.array(themes, dtype=object), len(grid)),
        "n": spread(point[:, 1:], 0.0),
        "n_docs": np.repeat(np.where(has, point[np.maximum(at, 0), 0], 0), T).astype(int),
        "share": spread(share, np.nan),
        "ci_low": spread(low, np.nan),
        "ci_high": spread(high, np.nan),
    })
    method = np.full((len(grid), T), "none", dtype=object)
    method[has] = used[at[has]]
    out["ci_method"] = method.ravel()
    out = out[COLUMNS]
    if by is not None and by != "source":
        out = out.rename(columns={"source": by})
    if not weight:
        out["n"] = out["n"].round().astype(int)
    out.attrs.update({"period": period, "by": by or "source", "n_boot": n_boot, "alpha": alpha,
                      "weight": weight, "interval": interval,
                      "bootstrap": "poisson weights per doc_id"})
    return out
