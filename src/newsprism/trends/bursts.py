"""Burst detection: flag periods where a theme rises beyond its own baseline.

Two detectors over a prevalence table (:func:`newsprism.trends.prevalence`):

- ``"zscore"`` — rolling baseline: the pooled rate (documents with the theme /
  documents) of the previous ``window`` periods that have documents, and the standard
  deviation of their shares; ``z = (share - baseline) / sqrt(sd² + se²)`` where ``se``
  is the binomial sampling error of the current cell under the (add-½ smoothed)
  baseline rate, so a cell resting on 3 articles needs a much larger jump; a burst is
  ``z >= threshold`` in a cell with at least ``min_docs`` documents, at least ``min_n``
  of them carrying the theme (one article is not a burst), and a baseline of at least
  ``min_docs`` documents of which at least ``min_baseline_n`` carry the theme. Without
  that last rule a theme absent from the baseline (rate 0, sd 0) turns a handful of
  articles into z-scores above 10 (z = 12.6 was seen on an 8-outlet AllSides sample):
  the normal approximation means nothing at a zero rate, and "appeared from nothing" is
  a different finding from "rose above its usual level". Such cells get ``z`` NaN and
  their ``baseline_n`` (< ``min_baseline_n``) says why; Kleinberg's model, which uses
  the series' overall rate, still sees them.
- ``"kleinberg"`` — Kleinberg's (2003) two-state batch model: documents with the theme
  among the period's documents are binomial with the overall rate ``p0`` (normal
  state) or ``s * p0`` (burst state); entering the burst state costs
  ``gamma * ln(T)``; the cheapest state sequence (Viterbi) marks the bursts.
  ``detect_bursts`` uses ``gamma=2``: on synthetic flat series (30 weeks × 100
  articles, rate 10 %) ``gamma=1`` marked spurious 1–2 week bursts in 3 of 20 series,
  ``gamma=2`` in none, while still finding a 3-week jump to 40 % exactly.

Example:
    >>> import numpy as np
    >>> kleinberg_states(np.array([5, 5, 20, 22, 5]), np.array([50] * 5)).tolist()
    [0, 0, 1, 1, 0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def kleinberg_states(r: np.ndarray, d: np.ndarray, *, s: float = 2.0, gamma: float = 1.0) -> np.ndarray:
    """Two-state Kleinberg burst states (0 normal, 1 burst) for counts ``r`` of ``d``."""
    r = np.asarray(r, dtype=float)
    d = np.asarray(d, dtype=float)
    T = len(r)
    if T == 0:
        return np.zeros(0, dtype=int)
    p0 = r.sum() / d.sum() if d.sum() > 0 else 0.0
    if p0 <= 0 or p0 >= 1:
        return np.zeros(T, dtype=int)
    p = np.array([p0, min(s * p0, 0.9999)])
    cost = -(r[:, None] * np.log(p) + (d - r)[:, None] * np.log1p(-p))  # T × 2
    up = gamma * np.log(T) if T > 1 else gamma
    best = cost[0] + np.array([0.0, up])
    back = np.zeros((T, 2), dtype=int)
    for t in range(1, T):
        stay0, from1to0 = best[0], best[1]
        from0to1, stay1 = best[0] + up, best[1]
        back[t, 0] = 0 if stay0 <= from1to0 else 1
        back[t, 1] = 0 if from0to1 < stay1 else 1
        best = np.array([min(stay0, from1to0), min(from0to1, stay1)]) + cost[t]
    states = np.zeros(T, dtype=int)
    states[-1] = int(np.argmin(best))
    for t in range(T - 1, 0, -1):
        states[t - 1] = back[t, states[t]]
    return states


def detect_bursts(prev: pd.DataFrame, *, method: str = "zscore", window: int = 4,
                  threshold: float = 3.0, min_docs: int = 5, min_n: float = 3, min_baseline: int = 2,
                  s: float = 2.0, gamma: float = 2.0, by: str | None = None,
                  min_baseline_n: float = 3) -> pd.DataFrame:
    """Add burst columns to a prevalence table (one series per outlet × theme).

    Returns a copy with ``baseline`` (rate the period is compared with), ``baseline_n``
    (zscore method: documents with the theme in the baseline window), ``z`` (zscore
    method; NaN when fewer than ``min_baseline`` earlier periods have documents, or the
    window holds fewer than ``min_docs`` documents or fewer than ``min_baseline_n``
    with the theme) and a boolean ``burst``.
    Empty periods (NaN share) are never bursts and do not enter baselines.
    """
    if method not in ("zscore", "kleinberg"):
        raise ValueError(f"method must be 'zscore' or 'kleinberg', got {method!r}")
    by = by or prev.attrs.get("by", "source")
    out = prev.sort_values([by, "theme", "period"]).reset_index(drop=True)
    out["baseline"] = np.nan
    out["baseline_n"] = np.nan
    out["z"] = np.nan
    out["burst"] = False
    ok = out[out["share"].notna() & (out["n_docs"] > 0)]
    if ok.empty:
        out.attrs.update(prev.attrs)
        return out
    keys = [ok[by], ok["theme"]]
    if method == "zscore":
        def prior(col, how):
            rolled = getattr(ok.groupby(keys, sort=False)[col]
                             .rolling(window, min_periods=min_baseline), how)()
            rolled = rolled.reset_index(level=[0, 1], drop=True).reindex(ok.index)
            return rolled.groupby(keys, sort=False).shift(1)

        n_prev, d_prev = prior("n", "sum"), prior("n_docs", "sum")
        mean = n_prev / d_prev
        sd = prior("share", "std").fillna(0.0)
        # sampling error of the current cell under a smoothed baseline rate: a rise
        # from a zero baseline is then finite and judged by how many articles show it
        rate = (n_prev + 0.5) / (d_prev + 1.0)
        se = np.sqrt(rate * (1 - rate) / ok["n_docs"])
        z = (ok["share"] - mean) / np.sqrt(sd ** 2 + se ** 2)
        # a baseline must have seen the theme: a zero rate would make any rise "infinite"
        enough = (d_prev >= min_docs) & (n_prev >= min_baseline_n)
        out.loc[ok.index, "baseline_n"] = n_prev
        out.loc[ok.index, "baseline"] = mean.where(enough)
        out.loc[ok.index, "z"] = z.where(enough)
        out.loc[ok.index, "burst"] = ((z >= threshold) & (ok["n_docs"] >= min_docs)
                                      & (ok["n"] >= min_n) & enough)
    else:
        base = np.full(len(ok), np.nan)
        flag = np.zeros(len(ok), dtype=bool)
        n_arr, d_arr = ok["n"].to_numpy(float), ok["n_docs"].to_numpy(float)
        for idx in ok.groupby(keys, sort=False).indices.values():
            states = kleinberg_states(n_arr[idx], d_arr[idx], s=s, gamma=gamma)
            base[idx] = n_arr[idx].sum() / d_arr[idx].sum()
            flag[idx] = (states == 1) & (d_arr[idx] >= min_docs)
        out.loc[ok.index, "baseline"] = base
        out.loc[ok.index, "burst"] = flag
    out["burst"] = out["burst"].astype(bool)
    out.attrs.update(prev.attrs)
    out.attrs["burst_method"] = method
    out.attrs["min_baseline_n"] = min_baseline_n
    return out.sort_values(["period", by, "theme"], ignore_index=True)
