"""Charts of :mod:`newsprism.trends` tables (prevalence, bursts, lead/lag, corrected shares).

Each takes a tidy table and returns a Figure. Colours come from
:mod:`newsprism.plots.style` (colour-blind safe); empty periods are drawn as gaps (never
as zeros), and every axis says what it measures and in which unit. Every chart states
its minimum-n rule in a footnote, takes an optional ``corpus`` name for its default
title, and stays within 4,000 pixels at 150 dpi whatever the number of periods and
outlets (:mod:`newsprism.plots.layout`: panels wrap, long period axes are aggregated).
The heatmaps and the lead/lag table live in :mod:`newsprism.plots.trends_grid`.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from newsprism.trends import prevalence
    >>> a = pd.DataFrame({"doc_id": list("abcd"), "date": ["2017-01-02", "2017-01-03",
    ...                   "2017-01-10", "2017-01-11"], "source": "X", "theme": list("xyxx")})
    >>> fig = plot_theme_shares(prevalence(a, n_boot=0, by=None), min_docs=1)
    >>> fig.axes[0].get_ylabel()
    'share of articles (%)'

Shares pooled over several outlets come from :func:`newsprism.trends.pooled_prevalence`
(equal outlet weight by default); the charts draw the outlets present per period under
the shares, so a change of composition is visible, and never pool on their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.plots.layout import add_note, bounded, figure_legend, min_n_note, panel_grid, titled
from newsprism.plots.style import OKABE_ITO, PALETTE, date_axis, new_figure, theme_colors
from newsprism.plots.trends_base import (CI_NOTE, WEIGHTING, finish_grid, group_col, hide_small,
                                         legend_cols, one_table, order_themes, outlet_strip,
                                         xlabel)
from newsprism.plots.trends_grid import plot_lead_lag, plot_theme_heatmap

__all__ = ["plot_theme_shares", "plot_outlet_multiples", "plot_theme_heatmap", "plot_bursts",
           "plot_raw_vs_corrected", "plot_lead_lag", "plot_theme_effects", "theme_colors",
           "OKABE_ITO", "PALETTE"]


def plot_theme_shares(prev: pd.DataFrame, *, source: str | None = None, themes=None, top: int = 10,
                      stacked: bool | None = None, min_docs: int = 5, title: str | None = None,
                      figsize=(10, 5), corpus: str | None = None):
    """Stacked area of theme shares over time (one outlet, or all pooled).

    With a single-label assignment the stack reaches 100 %; themes beyond ``top`` are
    stacked as "other". Multi-label shares (guided themes: an article can carry several)
    do not add up, so by default (``stacked=None``) they are drawn as lines instead.
    Periods without articles, or with fewer than ``min_docs``, are left blank.
    """
    import matplotlib.pyplot as plt

    data, weighting = one_table(prev, source)
    data = hide_small(data, min_docs)
    order = order_themes(data, themes, top)
    who = source or "all outlets"
    if weighting:
        who = f"all outlets, pooled: {WEIGHTING.get(weighting, weighting)}"
    wide = data.pivot_table(index="period", columns="theme", values="share", dropna=False,
                            aggfunc="first").sort_index()
    if stacked is None:
        stacked = bool((wide.sum(axis=1, min_count=1).dropna() <= 1 + 1e-9).all())
    fig, ax = new_figure(plt, figsize=bounded(*figsize))
    if not stacked:
        colors = theme_colors(order)
        for theme in order:
            ax.plot(wide.index, 100 * wide[theme], color=colors[theme], marker="o", ms=2.5, lw=1.6,
                    label=str(theme))
        ax.set_ylabel("share of articles mentioning the theme (%)")
        default = f"Theme shares over time — {who} (an article can carry several themes)"
        legend_title = None
    else:
        rest = [c for c in wide.columns if c not in order]
        if rest:
            wide["other"] = wide[rest].sum(axis=1, min_count=1)
            order = order + ["other"]
        wide = wide[order] * 100
        colors = theme_colors(order)
        if "other" in colors:
            colors["other"] = "#BBBBBB"
        bottom = np.zeros(len(wide))
        for theme in order:
            y = wide[theme].to_numpy(dtype=float)
            ax.fill_between(wide.index, bottom, bottom + y, color=colors[theme], label=str(theme),
                            linewidth=0)
            bottom = bottom + np.nan_to_num(y, nan=0) * np.where(np.isnan(y), np.nan, 1)
        ax.set_ylabel("share of articles (%)")
        ax.set_ylim(0, 100)
        ax.margins(x=0)
        default = f"Theme shares over time — {who}"
        legend_title = "theme (top first)"
    ax.set_xlabel(xlabel(prev))
    date_axis(ax)
    ax.grid(alpha=0.3)
    ax.set_title(titled(default, corpus=corpus, title=title), fontsize="medium")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small",
              title=legend_title, ncols=legend_cols(len(order)))
    if weighting:
        outlet_strip(fig, ax, data)
    add_note(fig, min_n_note(min_docs, what="Periods"))
    return fig


def plot_outlet_multiples(prev: pd.DataFrame, *, themes=None, top: int = 4, sources=None,
                          ncols: int = 3, smooth_col: str | None = None, bursts: bool = True,
                          min_docs: int = 5, facet: str = "source", title: str | None = None,
                          corpus: str | None = None):
    """Small multiples with 95 % CI bands: one panel per outlet (lines = themes), or with
    ``facet="theme"`` one panel per theme (lines = outlets, for comparing outlets).

    Gaps (periods an outlet published nothing, or fewer than ``min_docs`` articles)
    break the lines. If the table has a ``burst`` column (from
    :func:`newsprism.trends.detect_bursts`) bursts are marked with a triangle. Panels
    wrap into rows (more columns when there are many); when even small panels do not
    fit, the outlets with the most articles are shown and the footnote says how many
    are not.
    """
    import matplotlib.pyplot as plt

    if facet not in ("source", "theme"):
        raise ValueError(f"facet must be 'source' or 'theme', got {facet!r}")
    grp = group_col(prev)
    n_all = prev.drop_duplicates(["period", grp]).groupby(grp)["n_docs"].sum()
    prev = hide_small(prev, min_docs)
    order = order_themes(prev, themes, top)
    sources = sorted(prev[grp].unique().tolist(), key=str) if sources is None else list(sources)
    panels, lines = (sources, order) if facet == "source" else (order, sources)
    nrows, ncols, figsize, n_shown = panel_grid(len(panels), ncols=ncols)
    dropped = len(panels) - n_shown
    if dropped and facet == "source":
        keep = set(sorted(panels, key=lambda s: -int(n_all.get(s, 0)))[:n_shown])
        panels = [p for p in panels if p in keep]
    panels = panels[:n_shown]
    fig, axes = new_figure(plt, nrows, ncols, figsize=figsize, sharex=True, sharey=True,
                           squeeze=False)
    colors = theme_colors(lines)
    for ax, panel in zip(axes.ravel(), panels):
        for line in lines:
            src, theme = (panel, line) if facet == "source" else (line, panel)
            s = prev[(prev[grp] == src) & (prev["theme"] == theme)].sort_values("period")
            y = s[smooth_col] if smooth_col else s["share"]
            label = f"{line} (n = {int(n_all.get(line, 0)):,})" if facet == "theme" else str(line)
            ax.fill_between(s["period"], 100 * s["ci_low"], 100 * s["ci_high"],
                            color=colors[line], alpha=0.18, linewidth=0)
            ax.plot(s["period"], 100 * y, color=colors[line], lw=1.6, marker="o", ms=2.5,
                    label=label)
            if bursts and "burst" in s.columns and s["burst"].any():
                b = s[s["burst"]]
                ax.plot(b["period"], 100 * b["share"], linestyle="none", marker="^", ms=8,
                        mfc="none", mec="black", mew=1.2)
        ax.set_title(f"{panel} (n = {int(n_all.get(panel, 0)):,})" if facet == "source"
                     else str(panel), fontsize="medium")
        ax.grid(alpha=0.3)
        date_axis(ax)
    finish_grid(axes, len(panels))
    unit = "outlet's" if grp == "source" else f"{grp} group's"
    for ax in axes[:, 0]:
        ax.set_ylabel(f"share of {unit} articles (%)", fontsize="small")
    for ax in axes[-1, :]:
        ax.set_xlabel(xlabel(prev), fontsize="small")
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    if bursts and "burst" in prev.columns and prev["burst"].any():
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], linestyle="none", marker="^", ms=8, mfc="none", mec="black"))
        labels.append("burst")
    fig.suptitle(titled(f"Theme share by {'outlet' if facet == 'source' else 'theme'} "
                        f"(shaded: {CI_NOTE})", corpus=corpus, title=title))
    note = min_n_note(min_docs, what="Periods")
    if dropped:
        what = "outlets with the fewest articles" if facet == "source" else "themes"
        note += f" {dropped} more {what} not shown (too many panels for one figure)."
    figure_legend(fig, handles, labels, note=note)
    return fig


def plot_bursts(prev: pd.DataFrame, *, theme, sources=None, min_docs: int = 5,
                title: str | None = None, corpus: str | None = None):
    """One theme's share per outlet over time with its baseline and burst markers.

    Needs a table from :func:`newsprism.trends.detect_bursts`.
    """
    import matplotlib.pyplot as plt

    if "burst" not in prev.columns:
        raise ValueError("run newsprism.trends.detect_bursts on the table first")
    grp = group_col(prev)
    sub = hide_small(prev[prev["theme"] == theme], min_docs)
    sources = sorted(sub[grp].unique().tolist(), key=str) if sources is None else list(sources)
    colors = theme_colors(sources)
    fig, ax = new_figure(plt, figsize=(10, 4.5))
    for src in sources:
        s = sub[sub[grp] == src].sort_values("period")
        ax.plot(s["period"], 100 * s["share"], color=colors[src], lw=1.5, marker="o", ms=2.5, label=str(src))
        if "baseline" in s.columns and prev.attrs.get("burst_method") == "zscore":
            ax.plot(s["period"], 100 * s["baseline"], color=colors[src], lw=0.8, ls=":")
        b = s[s["burst"]]
        ax.plot(b["period"], 100 * b["share"], linestyle="none", marker="^", ms=10,
                color=colors[src], mec="black")
    ax.set_ylabel(f"share of outlet's articles with '{theme}' (%)")
    ax.set_xlabel(xlabel(prev))
    date_axis(ax)
    method = prev.attrs.get("burst_method", "")
    ax.set_title(titled(f"Bursts of '{theme}' ({method}; ▲ = burst, dotted = rolling baseline)",
                        corpus=corpus, title=title))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small",
              ncols=legend_cols(len(sources)))
    ax.grid(alpha=0.3)
    note = min_n_note(min_docs, what="Periods")
    if method == "zscore":
        k = prev.attrs.get("min_baseline_n")
        note += (f" A z-score needs a baseline window with at least {k:g} articles carrying "
                 "the theme." if k else "")
    add_note(fig, note)
    return fig


def plot_raw_vs_corrected(table: pd.DataFrame, *, source: str | None = None, themes=None,
                          ncols: int = 3, min_docs: int = 5, title: str | None = None,
                          corpus: str | None = None):
    """Raw (classify-and-count) vs ACC-corrected shares with CIs, one panel per class.

    The corrected interval is a band, the raw one two dashed lines, so both stay readable
    where they overlap; periods with fewer than ``min_docs`` articles are left blank.
    """
    import matplotlib.pyplot as plt

    grp = group_col(table)
    data = table if source is None else table[table[grp] == source]
    data = hide_small(data, min_docs)
    if data[grp].nunique() > 1:
        raise ValueError("pass source=... (or compute the table with by=None)")
    order = list(dict.fromkeys(data["theme"])) if themes is None else list(themes)
    nrows, ncols, figsize, n_shown = panel_grid(len(order), ncols=ncols, panel=(4.2, 2.6))
    order = order[:n_shown]
    fig, axes = new_figure(plt, nrows, ncols, figsize=figsize, sharex=True, squeeze=False)
    style = {"raw": (OKABE_ITO[5], "counted predictions"), "acc": (OKABE_ITO[4], "ACC-corrected")}
    for ax, theme in zip(axes.ravel(), order):
        for est, (color, label) in style.items():
            s = data[(data["theme"] == theme) & (data["estimate"] == est)].sort_values("period")
            if est == "acc":
                ax.fill_between(s["period"], 100 * s["ci_low"], 100 * s["ci_high"], color=color,
                                alpha=0.2, linewidth=0)
            else:
                for bound in ("ci_low", "ci_high"):
                    ax.plot(s["period"], 100 * s[bound], color=color, lw=0.8, ls="--")
            ax.plot(s["period"], 100 * s["share"], color=color, marker="o", ms=2.5, lw=1.5, label=label)
        ax.set_title(str(theme), fontsize="medium")
        ax.grid(alpha=0.3)
    finish_grid(axes, len(order))
    for ax in axes[:, 0]:
        ax.set_ylabel("share of articles (%)", fontsize="small")
    for ax in axes[-1, :]:
        ax.set_xlabel(xlabel(table), fontsize="small")
    for ax in axes.ravel():
        date_axis(ax)
    h, lab = axes.ravel()[0].get_legend_handles_labels()
    fig.suptitle(titled("Topic shares: raw vs corrected for classifier error (95% CI: "
                        "band = corrected, dashed = raw)", corpus=corpus, title=title))
    figure_legend(fig, h, lab, note=min_n_note(min_docs, what="Periods"))
    return fig


def plot_theme_effects(effects, *, outlets=None, contrast=None, title: str | None = None,
                       corpus: str | None = None):
    """A theme's modelled share by outlet over time (bands: 95 % intervals), and optionally
    one contrast ``(outlet_a, outlet_b)`` with its interval; takes
    :func:`newsprism.trends.theme_effects` output."""
    import matplotlib.pyplot as plt

    est = effects.estimates
    outlets = sorted(est["outlet"].unique()) if outlets is None else list(outlets)
    ncols = 2 if contrast is not None else 1
    fig, axes = new_figure(plt, 1, ncols, figsize=(6.5 * ncols, 4.2), squeeze=False)
    ax = axes[0, 0]
    colors = theme_colors(outlets)
    for o in outlets:
        s = est[est["outlet"] == o]
        ax.fill_between(s["time"], 100 * s["ci_low"], 100 * s["ci_high"], color=colors[o],
                        alpha=0.18, linewidth=0)
        ax.plot(s["time"], 100 * s["estimate"], color=colors[o], lw=1.6, label=str(o))
    ax.set_ylabel(f"modelled share of the outlet's articles with '{effects.info['theme']}' (%)",
                  fontsize="small")
    date_axis(ax)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small",
              ncols=legend_cols(len(outlets)))
    if contrast is not None:
        a, b = contrast
        con = effects.contrasts
        s = con[(con["outlet_a"] == a) & (con["outlet_b"] == b)]
        sign = 1
        if s.empty:
            s, sign = con[(con["outlet_a"] == b) & (con["outlet_b"] == a)], -1
        lo, hi = (s["ci_low"], s["ci_high"]) if sign > 0 else (-s["ci_high"], -s["ci_low"])
        cx = axes[0, 1]
        cx.fill_between(s["time"], 100 * lo, 100 * hi, color=OKABE_ITO[4], alpha=0.2, lw=0)
        cx.plot(s["time"], 100 * sign * s["estimate"], color=OKABE_ITO[4], lw=1.6)
        cx.axhline(0, color="grey", lw=0.8)
        cx.set_ylabel(f"{a} − {b} (percentage points)", fontsize="small")
        cx.set_title(f"Contrast {a} − {b}", fontsize="medium")
        date_axis(cx)
        cx.grid(alpha=0.3)
    info = effects.info
    how = ("clustered by day" if info["cluster"] == "day" else
           f"clustered by {info['cluster']}" if info["cluster"] else "articles independent")
    fig.suptitle(titled(f"'{info['theme']}': logistic model of outlet + smooth of time "
                        f"({info['n_docs']:,} articles; 95% CI, {how})", corpus=corpus,
                        title=title), fontsize="medium")
    add_note(fig, "A model of every article, not of cells: no minimum per period; the "
                  "interval widens where an outlet has few articles.")
    return fig
