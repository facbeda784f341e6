"""Shares pooled over outlets without composition effects.

Pooling every article of a period (what ``prevalence(..., by=None)`` does) weights each
outlet by its volume, so a period in which one outlet publishes most articles shows that
outlet's agenda, and a change in *which outlets are present* is drawn as a trend. On the
embedded NewsArticles corpus China Daily is nearly the whole corpus before February 2017:
pooled by volume, "economy" falls from ~70 % to ~20 % when the other outlets start.

:func:`pooled_prevalence` pools outlet shares instead:

- ``weighting="outlets"`` (default): every outlet present in the period (with at least
  ``min_docs`` articles) counts equally, share = mean of the outlets' shares;
- ``weighting={outlet: weight, ...}``: standardised to a fixed outlet mix; the weights
  of the outlets present are renormalised and ``mix_present`` says how much of the mix
  was there;
- ``weighting="volume"``: the raw pooling (each article counts once), labelled as such.

The interval resamples the articles within each outlet and period (the bootstrap of
:mod:`newsprism.evaluation`), so it reflects how few articles each outlet contributes.
The table keeps ``n_outlets`` and ``outlets`` per period, which the charts show.

Example:
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": range(6), "date": pd.to_datetime(["2017-01-02"] * 6),
    ...                   "source": ["big"] * 5 + ["small"],
    ...                   "theme": ["economy"] * 5 + ["war"]})
    >>> p = pooled_prevalence(a, themes=["economy"], n_boot=0)
    >>> p[["theme", "share", "n_outlets", "weighting"]].values.tolist()
    [['economy', 0.5, 2, 'outlets']]
    >>> pooled_prevalence(a, themes=["economy"], weighting="volume", n_boot=0)["share"].item()
    0.8333333333333334
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from newsprism.evaluation import percentile_interval, resample_counts
from newsprism.trends.periods import period_range, period_start
from newsprism.trends.prevalence import doc_theme_matrix

POOLED_COLUMNS = ["period", "theme", "share", "ci_low", "ci_high", "n_docs", "n_outlets",
                  "outlets", "mix_present", "weighting"]


def _weights(n_by_outlet: pd.Series, weighting, min_docs: int) -> tuple[pd.Series, float]:
    """Outlet weights of one period (summing to 1) and the share of a fixed mix present."""
    present = n_by_outlet[n_by_outlet >= max(min_docs, 1)]
    if present.empty:
        return present.astype(float), np.nan
    if isinstance(weighting, str):
        if weighting == "outlets":
            return pd.Series(1.0 / len(present), index=present.index), 1.0
        if weighting == "volume":
            return present / present.sum(), 1.0
        raise ValueError(f"weighting must be 'outlets', 'volume' or an outlet -> weight "
                         f"mapping, got {weighting!r}")
    mix = pd.Series(weighting, dtype=float)
    if (mix < 0).any() or mix.sum() <= 0:
        raise ValueError("a fixed outlet mix needs non-negative weights that sum to more than 0")
    mix = mix / mix.sum()
    kept = mix.reindex(present.index).fillna(0.0)
    if kept.sum() <= 0:
        return kept.iloc[:0], 0.0
    return kept / kept.sum(), float(kept.sum())


def pooled_prevalence(assignments: pd.DataFrame, *, period: str = "W", weighting="outlets",
                      by: str = "source", theme: str = "theme", themes=None,
                      weight: str | None = None, min_docs: int = 1, n_boot: int = 1000,
                      alpha: float = 0.05, seed: int = 0, start=None, end=None) -> pd.DataFrame:
    """Share of articles carrying each theme per period, pooled over outlets.

    Args:
        assignments: the tidy assignment table of :func:`newsprism.trends.prevalence`
            (``doc_id, date, <by>, theme[, weight]``).
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"``.
        weighting: ``"outlets"`` (equal weight per outlet present), ``"volume"`` (raw
            pooling) or a mapping outlet → weight (a fixed outlet mix).
        by: the outlet column.
        theme, themes, weight: as in :func:`newsprism.trends.prevalence`.
        min_docs: articles an outlet needs in a period to be counted as present.
        n_boot, alpha, seed: bootstrap replicates (0 = no intervals), 1 - level, seed.
        start, end: period range reported (default first and last date).

    Returns:
        ``period, theme, share, ci_low, ci_high, n_docs, n_outlets, outlets,
        mix_present, weighting``: one row per period × theme; a period with no outlet
        present has NaN shares (a gap). ``outlets`` lists the outlets counted.
    """
    if by not in assignments.columns:
        raise ValueError(f"outlet column {by!r} is not in the assignment table")
    a = assignments.assign(date=pd.to_datetime(assignments["date"], errors="coerce"))
    a = a[a["date"].notna()]
    a = a.assign(**{by: a[by].fillna("(unknown)")})
    docs, themes, M = doc_theme_matrix(a, weight=weight, theme=theme, themes=themes)
    docs = docs.assign(period=period_start(docs["date"], period).to_numpy())
    label = weighting if isinstance(weighting, str) else "fixed mix"
    first = pd.Timestamp(start) if start is not None else docs["period"].min()
    last = pd.Timestamp(end) if end is not None else docs["period"].max()
    rng = np.random.default_rng(seed)
    cells = docs.groupby(["period", by], sort=True).indices
    rows = []
    for per in period_range(first, last, period):
        outlets = {o: idx for (p, o), idx in cells.items() if p == per}
        n_by_outlet = pd.Series({o: len(idx) for o, idx in outlets.items()}, dtype=float)
        w, mix_present = _weights(n_by_outlet, weighting, min_docs)
        share = low = high = np.full(len(themes), np.nan)
        if len(w):
            share = sum(w[o] * M[outlets[o]].mean(axis=0) for o in w.index)
            if n_boot:
                boot = sum(w[o] * (resample_counts(len(outlets[o]), n_boot, rng)
                                   @ M[outlets[o]] / len(outlets[o])) for o in w.index)
                low, high = percentile_interval(boot, alpha)
        n_docs = int(sum(len(outlets[o]) for o in w.index))
        names = ", ".join(sorted(map(str, w.index)))
        for j, th in enumerate(themes):
            rows.append((per, th, share[j], low[j], high[j], n_docs, len(w), names,
                         mix_present, label))
    out = pd.DataFrame(rows, columns=POOLED_COLUMNS)
    out.attrs.update({"period": period, "by": "pooled", "weighting": label, "n_boot": n_boot,
                      "alpha": alpha, "min_docs": min_docs})
    return out
