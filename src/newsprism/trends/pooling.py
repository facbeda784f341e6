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
:mod:`newsprism.evaluation`), so it reflects how few articles each outlet contributes;
where that bootstrap degenerates (a pooled share of 0 or 1, or few articles) it is a
Wilson interval on the effective number of articles ``1 / Σ w²/n`` (``ci_method`` says
which). The table keeps ``n_outlets`` and ``outlets`` per period, which the charts show.

:func:`pooled_stance_shares` applies the same weighting to stance: the favor / against /
neutral shares of each outlet's mentions of a target (and the net index), pooled over
outlets per period, articles resampled within outlets.

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

from newsprism.evaluation import percentile_interval, resample_counts, share_intervals
from newsprism.trends.periods import period_range, period_start
from newsprism.trends.prevalence import doc_theme_matrix

POOLED_COLUMNS = ["period", "theme", "share", "ci_low", "ci_high", "n_docs", "n_outlets",
                  "outlets", "mix_present", "weighting", "ci_method"]
POOLED_STANCE_COLUMNS = ["period", "target", "stance", "share", "ci_low", "ci_high", "ci_method",
                         "n_articles", "mentions", "n_outlets", "outlets", "mix_present",
                         "weighting"]


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


def _pool_period(cells: dict, weighting, min_docs: int, n_boot: int, rng, alpha: float,
                 interval: str, n_classes: int):
    """Pool one period: ``cells`` maps outlet -> (numerators units × K, denominators units).

    Each outlet's share is ``Σ num / Σ den`` over its units (articles); the pooled share
    is the weighted mean of the outlets' shares. Returns ``share, low, high, used, w,
    mix_present`` (``w`` the weights of the outlets counted).
    """
    n_by_outlet = pd.Series({o: len(den) for o, (_, den) in cells.items()}, dtype=float)
    w, mix_present = _weights(n_by_outlet, weighting, min_docs)
    nan = np.full(n_classes, np.nan)
    if not len(w):
        return nan, nan, nan, np.full(n_classes, "none", dtype=object), w, mix_present
    share = sum(w[o] * cells[o][0].sum(axis=0) / cells[o][1].sum() for o in w.index)
    low = high = nan
    if n_boot:
        boot = 0.0
        for o in w.index:
            num, den = cells[o]
            counts = resample_counts(len(den), n_boot, rng)
            with np.errstate(invalid="ignore", divide="ignore"):
                boot = boot + w[o] * (counts @ num) / (counts @ den)[:, None]
        low, high = percentile_interval(boot, alpha)
    # effective number of articles of a weighted mean of outlet shares (Kish): equal to
    # the total under volume weighting, smaller when a small outlet weighs as much as a big one
    n_eff = 1.0 / sum(w[o] ** 2 / len(cells[o][1]) for o in w.index)
    low, high, used = share_intervals(share, n_eff, low, high, alpha=alpha, method=interval)
    return share, low, high, used, w, mix_present


def pooled_prevalence(assignments: pd.DataFrame, *, period: str = "W", weighting="outlets",
                      by: str = "source", theme: str = "theme", themes=None,
                      weight: str | None = None, min_docs: int = 1, n_boot: int = 1000,
                      alpha: float = 0.05, seed: int = 0, start=None, end=None,
                      interval: str = "auto") -> pd.DataFrame:
    """Share of articles carrying each theme (or label) per period, pooled over outlets.

    Args:
        assignments: the tidy assignment table of :func:`newsprism.trends.prevalence`
            (``doc_id, date, <by>, theme[, weight]``).
        period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"``.
        weighting: ``"outlets"`` (equal weight per outlet present), ``"volume"`` (raw
            pooling) or a mapping outlet → weight (a fixed outlet mix).
        by: the outlet column.
        theme, themes, weight: as in :func:`newsprism.trends.prevalence`; ``theme`` is
            any label column (a topic, an article's dominant stance label, a code).
        min_docs: articles an outlet needs in a period to be counted as present.
        n_boot, alpha, seed: bootstrap replicates (0 = no intervals), 1 - level, seed.
        start, end: period range reported (default first and last date).
        interval: ``"auto"``, ``"wilson"`` or ``"bootstrap"``
            (:func:`newsprism.evaluation.share_intervals`).

    Returns:
        ``period, theme, share, ci_low, ci_high, n_docs, n_outlets, outlets,
        mix_present, weighting, ci_method``: one row per period × theme; a period with
        no outlet present has NaN shares (a gap). ``outlets`` lists the outlets counted.
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
        outlets = {o: (M[idx], np.ones(len(idx))) for (p, o), idx in cells.items() if p == per}
        share, low, high, used, w, mix_present = _pool_period(
            outlets, weighting, min_docs, n_boot, rng, alpha, interval, len(themes))
        n_docs = int(sum(len(outlets[o][1]) for o in w.index))
        names = ", ".join(sorted(map(str, w.index)))
        for j, th in enumerate(themes):
            rows.append((per, th, share[j], low[j], high[j], n_docs, len(w), names,
                         mix_present, label, used[j]))
    out = pd.DataFrame(rows, columns=POOLED_COLUMNS)
    out.attrs.update({"period": period, "by": "pooled", "weighting": label, "n_boot": n_boot,
                      "alpha": alpha, "min_docs": min_docs, "interval": interval})
    return out


def pooled_stance_shares(articles: pd.DataFrame, *, period: str = "W", weighting="outlets",
                         by: str = "source", labels=("favor", "against", "neutral"),
                         min_docs: int = 1, n_boot: int = 1000, alpha: float = 0.05,
                         seed: int = 0, interval: str = "auto") -> pd.DataFrame:
    """Stance shares of the mentions of each target per period, pooled over outlets.

    Each outlet's share of a label is its mentions with that label / its mentions (as in
    :func:`newsprism.trends.stance_shares_acc`'s raw rows); outlets are then weighted as
    in :func:`pooled_prevalence`, so an outlet that writes more about a target in one
    period cannot move the pooled share by its volume alone. ``net`` = favor − against.

    Args:
        articles: :func:`newsprism.trends.article_stance` output (``date, <by>, target,
            n_favor, n_against, n_neutral``).
        period, weighting, by, min_docs, n_boot, alpha, seed, interval: as in
            :func:`pooled_prevalence` (``min_docs`` counts articles mentioning the target).
        labels: the stance labels (columns ``n_<label>``); must include favor and against.

    Returns:
        ``period, target, stance, share, ci_low, ci_high, ci_method, n_articles,
        mentions, n_outlets, outlets, mix_present, weighting``; ``stance`` is a label or
        ``"net"`` (whose interval is always the bootstrap).

    Example:
        >>> arts = pd.DataFrame({"date": pd.to_datetime(["2017-01-02"] * 4),
        ...     "source": ["big", "big", "big", "small"], "target": "NATO",
        ...     "n_favor": [1, 1, 1, 0], "n_against": [0, 0, 0, 1], "n_neutral": 0})
        >>> t = pooled_stance_shares(arts, n_boot=0)
        >>> t.set_index("stance")["share"].to_dict()
        {'favor': 0.5, 'against': 0.5, 'neutral': 0.0, 'net': 0.0}
    """
    labels = list(labels)
    cols = [f"n_{lab}" for lab in labels]
    missing = [c for c in cols + [by, "target", "date"] if c not in articles.columns]
    if missing:
        raise ValueError(f"the article table lacks {missing} (from trends.article_stance)")
    if not {"favor", "against"} <= set(labels):
        raise ValueError(f"labels must include 'favor' and 'against', got {labels}")
    data = articles.assign(period=period_start(articles["date"], period).to_numpy())
    data = data.dropna(subset=["period"])
    data = data[data[cols].sum(axis=1) > 0]  # an article without a mention has no stance
    label = weighting if isinstance(weighting, str) else "fixed mix"
    f, g = labels.index("favor"), labels.index("against")
    rng = np.random.default_rng(seed)
    rows = []
    for (per, target), cell in data.groupby(["period", "target"], sort=True):
        outlets = {}
        for o, sub in cell.groupby(by, sort=True):
            num = sub[cols].to_numpy(dtype=float)
            outlets[o] = (num, num.sum(axis=1))
        state = rng.bit_generator.state
        share, low, high, used, w, mix_present = _pool_period(
            outlets, weighting, min_docs, n_boot, rng, alpha, interval, len(labels))
        # the net index from the same replicates: rerun with favor − against as one class
        rng.bit_generator.state = state
        diff = {o: ((num[:, [f]] - num[:, [g]]), den) for o, (num, den) in outlets.items()}
        net, nlo, nhi, _, _, _ = _pool_period(diff, weighting, min_docs, n_boot, rng, alpha,
                                              "bootstrap", 1)
        n_art = int(sum(len(outlets[o][1]) for o in w.index))
        mentions = int(sum(outlets[o][1].sum() for o in w.index))
        names = ", ".join(sorted(map(str, w.index)))
        values = list(zip(labels, share, low, high, used))
        values.append(("net", net[0], nlo[0], nhi[0],
                       "bootstrap" if np.isfinite(nlo[0]) else "none"))
        for stance, sh, lo, hi, u in values:
            rows.append((per, target, stance, sh, lo, hi, u, n_art, mentions, len(w), names,
                         mix_present, label))
    out = pd.DataFrame(rows, columns=POOLED_STANCE_COLUMNS)
    out.attrs.update({"period": period, "by": "pooled", "weighting": label, "n_boot": n_boot,
                      "alpha": alpha, "min_docs": min_docs, "interval": interval})
    return out
