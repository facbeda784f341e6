"""Theme / topic prevalence per period × outlet, with bootstrap confidence intervals.

Input is a tidy *assignment* table with one row per document (single-label: the
dominant theme, or a classifier's predicted topic) or one row per document × theme
(multi-label guided themes, or theme weights with ``weight=``):

=========  =====================================================================
doc_id     document id (documents are counted once per period × outlet)
date       publication date (rows without a date are dropped and counted)
source     the outlet (or any grouping column passed as ``by``)
theme      the theme / topic; a missing theme means "none of them" and still
           counts in the outlet's volume
weight     optional: summed-weight prevalence instead of document counts
=========  =====================================================================

Output is one tidy table ``period, source, theme, n, n_docs, share, ci_low, ci_high,
ci_method``:

- ``n_docs`` is the outlet's number of documents in the period, the denominator;
- ``share`` = documents with the theme / ``n_docs`` (or summed weight / ``n_docs``);
  for single-label assignments the shares of a period × outlet sum to 1;
- a period in which an outlet published nothing has ``n_docs = 0`` and ``share`` NaN
  (a gap, never a zero, so a line chart breaks instead of diving to 0);
- the 95 % interval is a percentile bootstrap that resamples the outlet's documents in
  that period (so it reflects how few articles a cell rests on), except where that
  bootstrap degenerates (0 of n, n of n, fewer than 5 documents with or without the
  theme): there it is a Wilson interval (:func:`newsprism.evaluation.share_intervals`);
  ``ci_method`` says which (``"bootstrap"``, ``"wilson"``, or ``"none"``).

Example:
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": list("abcde"),
    ...                   "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-04",
    ...                                           "2017-01-20", "2017-01-20"]),
    ...                   "source": ["X"] * 5, "theme": ["war", "war", "oil", "oil", "oil"]})
    >>> p = prevalence(a, period="W", n_boot=200)
    >>> p[["period", "theme", "n", "n_docs", "share"]].to_string(index=False)
    '    period theme  n  n_docs    share\\n2017-01-02   oil  1       3 0.333333\\n2017-01-02   war  2       3 0.666667\\n2017-01-09   oil  0       0      NaN\\n2017-01-09   war  0       0      NaN\\n2017-01-16   oil  2       2 1.000000\\n2017-01-16   war  0       2 0.000000'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.evaluation import percentile_interval, resample_counts, share_intervals
from newsprism.trends.periods import period_range, period_start

COLUMNS = ["period", "source", "theme", "n", "n_docs", "share", "ci_low", "ci_high", "ci_method"]


def doc_theme_matrix(assignments: pd.DataFrame, *, weight: str | None = None,
                     theme: str = "theme", themes=None):
    """Documents × themes matrix from a tidy assignment table.

    Returns ``(docs, themes, M)``: ``docs`` one row per ``doc_id`` (first ``date`` and
    ``source`` seen), ``themes`` the column labels, ``M`` float array (1/0 per document,
    or the summed ``weight``).
    """
    if "doc_id" not in assignments.columns:
        raise ValueError("the assignment table needs a doc_id column")
    a = assignments
    docs = a.drop_duplicates("doc_id").reset_index(drop=True)
    if themes is None:
        col = a[theme]
        if isinstance(col.dtype, pd.CategoricalDtype):
            themes = list(col.cat.categories)
        else:
            themes = sorted(col.dropna().unique().tolist(), key=str)
    themes = list(themes)
    M = np.zeros((len(docs), len(themes)))
    hit = a[a[theme].notna() & a[theme].isin(themes)]
    if len(hit):
        row = pd.Index(docs["doc_id"]).get_indexer(hit["doc_id"])
        col = pd.Index(themes).get_indexer(hit[theme])
        vals = hit[weight].to_numpy(dtype=float) if weight else np.ones(len(hit))
        vals = np.nan_to_num(vals)
        if weight:
            np.add.at(M, (row, col), vals)
        else:
            M[row, col] = 1.0
    return docs, themes, M


def prevalence(assignments: pd.DataFrame, *, period: str = "W", by: str | None = "source",
               weight: str | None = None, theme: str = "theme", themes=None,
               n_boot: int = 1000, alpha: float = 0.05, seed: int = 0,
               start=None, end=None, interval: str = "auto") -> pd.DataFrame:
    """Share of each outlet's documents per period that carry each theme, with 95 % CIs.

    Args:
        assignments: tidy assignment table (see module docstring).
        period: ``"D"``, ``"W"`` (weeks starting Monday), ``"M"``, ``"Q"`` or ``"Y"``.
        by: grouping column (default the outlet); ``None`` pools all documents
            (``source`` is then ``"all"``).
        weight: column of per-document theme weights (summed-weight prevalence).
        theme: name of the theme column.
        themes: the theme set / order (default: every theme seen, sorted).
        n_boot: bootstrap replicates (0 = no intervals).
        alpha: 1 - confidence level.
        seed: random seed of the bootstrap.
        start, end: optional period range to report (defaults: first and last date).
        interval: ``"auto"`` (bootstrap, Wilson where it degenerates), ``"wilson"`` or
            ``"bootstrap"``; see :func:`newsprism.evaluation.share_intervals`.

    Returns:
        Tidy table with columns ``period, source, theme, n, n_docs, share, ci_low,
        ci_high, ci_method``: the full grid of periods × groups × themes, so empty periods show as
        ``n_docs = 0`` with NaN shares. ``n`` is the number of documents with the theme
        (or the summed weight).
    """
    a = assignments.copy()
    a["date"] = pd.to_datetime(a["date"], errors="coerce")
    a = a[a["date"].notna()]
    if by is None:
        a["source"] = "all"
        by_col = "source"
    else:
        if by not in a.columns:
            raise ValueError(f"grouping column {by!r} is not in the assignment table")
        by_col = by
        a[by_col] = a[by_col].fillna("(unknown)")
    docs, themes, M = doc_theme_matrix(a, weight=weight, theme=theme, themes=themes)
    docs = docs.assign(period=period_start(docs["date"], period).to_numpy())
    lo_p = pd.Timestamp(start) if start is not None else docs["period"].min()
    hi_p = pd.Timestamp(end) if end is not None else docs["period"].max()
    all_periods = period_range(lo_p, hi_p, period)
    groups = sorted(docs[by_col].unique().tolist(), key=str)
    rng = np.random.default_rng(seed)
    cells = {}
    for (per, grp), idx in docs.groupby(["period", by_col], sort=True).indices.items():
        sub = M[idx]
        n_docs = len(idx)
        n = sub.sum(axis=0)
        share = n / n_docs
        if n_boot and n_docs:
            boot = resample_counts(n_docs, n_boot, rng) @ sub / n_docs
            low, high = percentile_interval(boot, alpha)
        else:
            low = high = np.full(len(themes), np.nan)
        low, high, used = share_intervals(share, n_docs, low, high, alpha=alpha, method=interval)
        cells[(per, grp)] = (n, n_docs, share, low, high, used)
    rows = []
    nan = np.full(len(themes), np.nan)
    zero = np.zeros(len(themes))
    none = np.full(len(themes), "none", dtype=object)
    for per in all_periods:
        for grp in groups:
            n, n_docs, share, low, high, used = cells.get((per, grp),
                                                          (zero, 0, nan, nan, nan, none))
            for j, th in enumerate(themes):
                rows.append((per, grp, th, n[j], n_docs, share[j], low[j], high[j], used[j]))
    out = pd.DataFrame(rows, columns=COLUMNS)
    if by is not None and by != "source":
        out = out.rename(columns={"source": by})
    if not weight:
        out["n"] = out["n"].astype(int)
    out.attrs.update({"period": period, "by": by or "source", "n_boot": n_boot,
                      "alpha": alpha, "weight": weight, "interval": interval,
                      "n_dropped_no_date": int(len(assignments) - len(a))})
    return out


def smooth(prev: pd.DataFrame, *, window: int = 3, by: str = "source") -> pd.DataFrame:
    """Add ``share_smooth``: a centred rolling mean of ``share`` over ``window`` periods.

    Gaps stay gaps: a period with no documents keeps a NaN smoothed value, and the mean
    uses only the periods that have documents.
    """
    out = prev.sort_values([by, "theme", "period"]).copy()
    roll = (out.groupby([by, "theme"], sort=False)["share"]
               .transform(lambda s: s.rolling(window, center=True, min_periods=1).mean()))
    out["share_smooth"] = roll.where(out["share"].notna())
    return out.sort_values(["period", by, "theme"], ignore_index=True)


def mean_share(prev: pd.DataFrame, *, columns: str = "source", index: str = "theme",
               decimals: int | None = 1) -> pd.DataFrame:
    """Mean per-period share, in percent, as an ``index`` × ``columns`` table.

    Periods where a share is undefined (no articles) are left out, not counted as 0.
    Works on :func:`prevalence` output (``columns="source"``: each outlet's theme profile)
    and on :func:`~newsprism.trends.prevalence_acc` output (``columns="estimate"``: raw
    vs corrected).

    Example:
        >>> prev = pd.DataFrame({"theme": ["a", "a", "a"], "source": ["X", "X", "Y"],
        ...                      "share": [0.2, float("nan"), 0.5]})
        >>> mean_share(prev).to_dict()
        {'X': {'a': 20.0}, 'Y': {'a': 50.0}}
    """
    out = (prev.dropna(subset=["share"]).groupby([index, columns])["share"].mean()
           .unstack().mul(100))
    return out.round(decimals) if decimals is not None else out


COARSER = {"D": "W", "W": "M", "M": "Q", "Q": "Y"}
_KEYS = ("source", "theme", "target", "stance", "estimate")


def infer_period(periods) -> str:
    """The period code (``D, W, M, Q, Y``) of a column of period starts, from their spacing."""
    starts = pd.Series(pd.to_datetime(pd.Series(periods).dropna().unique())).sort_values()
    if len(starts) < 2:
        return "D"
    days = starts.diff().dropna().dt.days.min()
    return "D" if days < 7 else "W" if days < 28 else "M" if days < 90 else "Q" if days < 365 else "Y"


def coarsen_periods(table: pd.DataFrame, *, max_periods: int = 60, by: str | None = None,
                    period: str | None = None) -> pd.DataFrame:
    """Re-bin a per-period table to coarser periods until at most ``max_periods`` remain.

    Works on :func:`prevalence` tables (counts summed: share = Σ n / Σ n_docs, with a
    Wilson interval on the summed counts), on :func:`newsprism.trends.pooled_prevalence`
    tables (share = mean of the periods' pooled shares, each period weighing the same,
    no interval) and on count tables (``period, <by>, n_docs``). Days become weeks,
    weeks months, months quarters, quarters years. ``attrs["period"]`` is updated and
    ``attrs["coarsened_from"]`` keeps the original period; a table that is short enough
    is returned unchanged.

    Example:
        >>> t = pd.DataFrame({"period": pd.date_range("2017-01-02", periods=9, freq="7D"),
        ...                   "source": "X", "n_docs": 1})
        >>> coarsen_periods(t, max_periods=4)[["period", "n_docs"]].values.tolist()
        [[Timestamp('2017-01-01 00:00:00'), 5], [Timestamp('2017-02-01 00:00:00'), 4]]
    """
    from newsprism.evaluation import wilson_interval

    period = period or table.attrs.get("period") or infer_period(table["period"])
    original = table.attrs.get("coarsened_from", period)
    out = table
    while out["period"].nunique() > max_periods and period in COARSER:
        period = COARSER[period]
        by_col = by or out.attrs.get("by", "source")
        keys = [c for c in dict.fromkeys((by_col,) + _KEYS) if c in out.columns]
        data = out.assign(period=period_start(out["period"], period).to_numpy())
        groups = data.groupby(["period"] + keys, sort=True, dropna=False)
        if "weighting" in data.columns or "n" not in data.columns and "share" in data.columns:
            agg = {"share": "mean"}
            agg.update({c: "max" for c in ("n_outlets",) if c in data.columns})
            agg.update({c: "sum" for c in ("n_docs",) if c in data.columns})
            agg.update({c: "first" for c in ("weighting",) if c in data.columns})
            new = groups.agg(agg).reset_index()
            new["ci_low"] = new["ci_high"] = np.nan
            new["ci_method"] = "none"
        elif "n" in data.columns:
            new = groups[["n", "n_docs"]].sum().reset_index()
            new["share"] = (new["n"] / new["n_docs"]).where(new["n_docs"] > 0)
            low, high = wilson_interval(new["n"], new["n_docs"])
            new["ci_low"], new["ci_high"] = low, high
            new["ci_method"] = np.where(new["n_docs"] > 0, "wilson", "none")
        else:
            new = groups[["n_docs"]].sum().reset_index()
        new.attrs.update(out.attrs)
        out = new
    if out is not table:
        out.attrs.update({"period": period, "coarsened_from": original})
    return out
