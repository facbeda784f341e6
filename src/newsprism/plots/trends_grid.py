"""Grid charts of :mod:`newsprism.trends` tables: theme × period heatmaps and the
lead/lag table of outlet pairs. Both keep their cells at a readable size and their
figure under 4,000 pixels: too many periods are aggregated to coarser ones
(:func:`newsprism.trends.coarsen_periods`: weeks → months → quarters → years), too many
rows shrink the cells, and the lead/lag table colours only the cells that pass the
permutation test after the false-discovery-rate control.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> ll = pd.DataFrame({"theme": ["t"], "source_a": ["A"], "source_b": ["B"],
    ...     "best_lag": [1], "corr_at_best": [0.6], "corr_at_0": [0.1], "n": [30],
    ...     "p_value": [0.001], "q_value": [0.001], "significant": [True], "n_perm": [999]})
    >>> plot_lead_lag(ll, theme="t").axes[0].get_title()
    "Who leads on 't'"
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.plots.layout import MAX_INCHES, add_note, bounded, min_n_note, titled
from newsprism.plots.style import new_figure
from newsprism.plots.trends_base import hide_small, one_table, order_themes, xlabel
from newsprism.trends.prevalence import coarsen_periods

MAX_PERIODS = 60  # heatmap columns; more are aggregated to coarser periods


def plot_theme_heatmap(prev: pd.DataFrame, *, source: str | None = None, themes=None,
                       min_docs: int = 5, title: str | None = None, annotate: bool | None = None,
                       corpus: str | None = None, max_periods: int = MAX_PERIODS):
    """Theme × period heatmap of shares (viridis); periods without articles (or with
    fewer than ``min_docs``) hatched grey. More than ``max_periods`` periods are
    aggregated to coarser ones (the axis label says so)."""
    import matplotlib.pyplot as plt

    data, weighting = one_table(prev, source)
    data = hide_small(data, min_docs)
    data = coarsen_periods(data, max_periods=max_periods)
    data = hide_small(data, min_docs)
    order = order_themes(data, themes)
    wide = data.pivot_table(index="theme", columns="period", values="share", dropna=False,
                            aggfunc="first").reindex(order) * 100
    n_rows, n_cols = wide.shape
    fig, ax = new_figure(plt, figsize=bounded(max(6, 0.45 * n_cols + 3),
                                              max(3, 0.38 * n_rows + 1.5)))
    ax.set_facecolor("#DDDDDD")
    ax.patch.set_hatch("//")
    ax.patch.set_edgecolor("#AAAAAA")
    im = ax.imshow(np.ma.masked_invalid(wide.to_numpy(dtype=float)), aspect="auto",
                   cmap="viridis", interpolation="nearest")
    fontsize = "small" if n_rows <= 40 else "x-small"
    ax.set_yticks(range(n_rows), [str(t) for t in order], fontsize=fontsize)
    freq = data.attrs.get("period", "W")
    fmt = {"D": "%d %b", "W": "%d %b %y", "M": "%b %Y", "Q": "%Y-%m", "Y": "%Y"}.get(freq, "%Y-%m-%d")
    step = max(1, n_cols // 20)
    ax.set_xticks(range(0, n_cols, step),
                  [pd.Timestamp(c).strftime(fmt) for c in wide.columns[::step]], rotation=60,
                  ha="right", fontsize="small")
    ax.set_xlabel(xlabel(data) + " — hatched: no or too few articles")
    cbar = fig.colorbar(im, ax=ax, shrink=0.9)
    cbar.set_label("share of articles (%)")
    if annotate or (annotate is None and wide.size <= 200):
        vals = wide.to_numpy(dtype=float)
        hi = np.nanmax(vals) if np.isfinite(vals).any() else 1
        for i in range(vals.shape[0]):
            for j in range(vals.shape[1]):
                if np.isfinite(vals[i, j]):
                    ax.text(j, i, f"{vals[i, j]:.0f}", ha="center", va="center", fontsize=6.5,
                            color="black" if vals[i, j] > 0.6 * hi else "white")
    who = source or (f"pooled ({weighting})" if weighting else "all outlets")
    ax.set_title(titled(f"Theme × {xlabel(data).split()[0]} — {who}", corpus=corpus, title=title))
    note = min_n_note(max(min_docs, 1), what="Cells")
    if data.attrs.get("coarsened_from"):
        how = ("mean of the pooled shares" if weighting else "articles summed")
        note += f" {prev['period'].nunique()} periods aggregated to {n_cols} ({how})."
    add_note(fig, note)
    return fig


def plot_lead_lag(table: pd.DataFrame, *, theme, title: str | None = None,
                  corpus: str | None = None):
    """Heat table of best lag between outlet pairs for one theme (from :func:`lead_lag`).

    Only cells whose permutation test passes the false-discovery-rate control
    (``significant``) are coloured; the others are grey and marked "n.s.", so a weak
    correlation at some lag is not drawn as a lead. A table without test columns (older
    output, or ``n_perm=0``) is drawn in colour with a footnote saying nothing was tested.
    """
    import matplotlib.pyplot as plt

    sub = table[table["theme"] == theme]
    srcs = sorted(set(sub["source_a"]) | set(sub["source_b"]))
    tested = "p_value" in sub.columns and sub["p_value"].notna().any()
    M = np.full((len(srcs), len(srcs)), np.nan)
    C = np.full_like(M, np.nan)
    S = np.zeros_like(M, dtype=bool)
    for _, r in sub.iterrows():
        i, j = srcs.index(r.source_a), srcs.index(r.source_b)
        M[i, j], M[j, i] = r.best_lag, -r.best_lag if pd.notna(r.best_lag) else np.nan
        C[i, j] = C[j, i] = r.corr_at_best
        S[i, j] = S[j, i] = bool(r.significant) if tested else True
    cell = min(1.0, (MAX_INCHES - 4) / max(len(srcs), 1))
    fig, ax = new_figure(plt, figsize=bounded(cell * len(srcs) + 3.5, 0.8 * cell * len(srcs) + 2))
    lim = max(np.nanmax(np.abs(M)) if np.isfinite(M).any() else 1, 1)
    grey = np.where(np.isfinite(M) & ~S, 1.0, np.nan)  # light grey on the Greys scale
    ax.imshow(grey, cmap="Greys", vmin=0, vmax=5)
    im = ax.imshow(np.where(S, M, np.nan), cmap="PuOr", vmin=-lim, vmax=lim)
    if len(srcs) <= 15:
        for i in range(len(srcs)):
            for j in range(len(srcs)):
                if np.isfinite(M[i, j]):
                    text = f"{int(M[i, j]):+d}\nr={C[i, j]:.2f}" if S[i, j] else "n.s."
                    ax.text(j, i, text, ha="center", va="center", fontsize=7)
    fontsize = "medium" if len(srcs) <= 20 else "x-small"
    ax.set_xticks(range(len(srcs)), srcs, rotation=45, ha="right", fontsize=fontsize)
    ax.set_yticks(range(len(srcs)), srcs, fontsize=fontsize)
    cbar = fig.colorbar(im, ax=ax)
    cbar.set_label("lag (periods) at peak correlation; + = row outlet leads")
    ax.set_title(titled(f"Who leads on '{theme}'", corpus=corpus, title=title))
    if tested:
        fdr = table.attrs.get("fdr", 0.05)
        n_tested = int(table["p_value"].notna().sum())
        n_perm = int(sub["n_perm"].max()) if "n_perm" in sub.columns else 0
        note = (f"Coloured: q ≤ {fdr:g} after Benjamini–Hochberg over the {n_tested} cells "
                f"tested (block-permutation test of the peak correlation, {n_perm} "
                f"permutations); grey 'n.s.': not significant; blank: too few overlapping "
                f"periods. {int(sub['significant'].sum())} of {len(sub)} pairs significant.")
    else:
        note = ("No significance test in this table (lead_lag with n_perm=0 or an older "
                "table): the colours are not evidence of a lead.")
    add_note(fig, note)
    return fig
