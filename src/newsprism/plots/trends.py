"""Charts of :mod:`newsprism.trends` tables (prevalence, bursts, lead/lag, corrected shares).

Each takes a tidy table and returns a Figure. Colours come from
:mod:`newsprism.plots.style` (colour-blind safe); empty periods are drawn as gaps (never
as zeros), and every axis says what it measures and in which unit.

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

from newsprism.plots.style import OKABE_ITO, PALETTE, date_axis, new_figure, theme_colors
from newsprism.trends.periods import PERIOD_NAMES

__all__ = ["plot_theme_shares", "plot_outlet_multiples", "plot_theme_heatmap", "plot_bursts",
           "plot_raw_vs_corrected", "plot_lead_lag", "plot_theme_effects", "theme_colors",
           "OKABE_ITO", "PALETTE"]
_WEIGHTING = {"outlets": "each outlet present weighs the same", "volume":
              "raw pooling: each article counts once, large outlets weigh more",
              "fixed mix": "standardised to a fixed outlet mix"}


def _one_table(prev: pd.DataFrame, source):
    """The rows to draw: a pooled table as it is, or one outlet's rows of a prevalence table."""
    if "weighting" in prev.columns:
        return prev, prev["weighting"].iloc[0] if len(prev) else "outlets"
    grp = _group_col(prev)
    data = prev if source is None else prev[prev[grp] == source]
    if data[grp].nunique() > 1:
        raise ValueError("several outlets: pass source=..., or pool them first with "
                         "newsprism.trends.pooled_prevalence (equal outlet weight)")
    return data, None


def _outlet_strip(fig, ax, data: pd.DataFrame):
    """A strip under ``ax``: how many outlets each period's pooled share rests on."""
    per = data.drop_duplicates("period").sort_values("period")
    strip = ax.inset_axes([0, -0.3, 1, 0.12], sharex=ax)
    strip.bar(per["period"], per["n_outlets"], width=5 if len(per) > 1 else 1,
              color="#999999")
    strip.set_ylabel("outlets", fontsize="x-small", rotation=0, ha="right", va="center")
    strip.set_ylim(0, max(1, per["n_outlets"].max()))
    strip.tick_params(labelsize="x-small", labelbottom=False)
    # the period label goes under the strip, so the two never overlap
    strip.set_xlabel(f"{ax.get_xlabel()}; grey bars: outlets each period's share rests on",
                     fontsize="small")
    ax.set_xlabel("")
    return strip


def _group_col(prev: pd.DataFrame) -> str:
    by = prev.attrs.get("by", "source")
    return by if by in prev.columns else "source"


def _xlabel(prev: pd.DataFrame) -> str:
    return PERIOD_NAMES.get(prev.attrs.get("period", ""), "period")


def _order_themes(prev: pd.DataFrame, themes=None, top: int | None = None) -> list:
    if themes is not None:
        return list(themes)
    mean = prev.groupby("theme", sort=False)["share"].mean().sort_values(ascending=False)
    return list(mean.index[:top] if top else mean.index)


def _finish_grid(axes, n_used: int):
    """Hide unused panels; the panel above a hidden one shows its own date labels."""
    nrows, ncols = axes.shape
    for i, ax in enumerate(axes.ravel()):
        if i >= n_used:
            ax.set_visible(False)
            above = i - ncols
            if above >= 0:
                axes.ravel()[above].xaxis.set_tick_params(labelbottom=True)


def _hide_small(df: pd.DataFrame, min_docs: int) -> pd.DataFrame:
    """Blank out cells resting on fewer than ``min_docs`` articles (drawn as gaps)."""
    if not min_docs:
        return df
    small = df["n_docs"] < min_docs
    out = df.copy()
    cols = [c for c in ("share", "ci_low", "ci_high", "share_smooth") if c in out.columns]
    out.loc[small, cols] = np.nan
    if "burst" in out.columns:
        out.loc[small, "burst"] = False
    return out


def plot_theme_shares(prev: pd.DataFrame, *, source: str | None = None, themes=None, top: int = 10,
                      stacked: bool | None = None, min_docs: int = 5, title: str | None = None,
                      figsize=(10, 5)):
    """Stacked area of theme shares over time (one outlet, or all pooled).

    With a single-label assignment the stack reaches 100 %; themes beyond ``top`` are
    stacked as "other". Multi-label shares (guided themes: an article can carry several)
    do not add up, so by default (``stacked=None``) they are drawn as lines instead.
    Periods without articles, or with fewer than ``min_docs``, are left blank.
    """
    import matplotlib.pyplot as plt

    data, weighting = _one_table(prev, source)
    data = _hide_small(data, min_docs)
    order = _order_themes(data, themes, top)
    who = source or "all outlets"
    if weighting:
        who = f"all outlets, pooled: {_WEIGHTING.get(weighting, weighting)}"
    wide = data.pivot_table(index="period", columns="theme", values="share", dropna=False,
                            aggfunc="first").sort_index()
    if stacked is None:
        stacked = bool((wide.sum(axis=1, min_count=1).dropna() <= 1 + 1e-9).all())
    if not stacked:
        fig, ax = new_figure(plt, figsize=figsize)
        colors = theme_colors(order)
        for theme in order:
            ax.plot(wide.index, 100 * wide[theme], color=colors[theme], marker="o", ms=2.5, lw=1.6,
                    label=str(theme))
        ax.set_ylabel("share of articles mentioning the theme (%)")
        ax.set_xlabel(_xlabel(prev))
        date_axis(ax)
        ax.grid(alpha=0.3)
        ax.set_title(title or f"Theme shares over time — {who} "
                              "(an article can carry several themes)", fontsize="medium")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
        if weighting:
            _outlet_strip(fig, ax, data)
        return fig
    rest = [c for c in wide.columns if c not in order]
    if rest:
        wide["other"] = wide[rest].sum(axis=1, min_count=1)
        order = order + ["other"]
    wide = wide[order] * 100
    colors = theme_colors(order)
    if "other" in colors:
        colors["other"] = "#BBBBBB"
    fig, ax = new_figure(plt, figsize=figsize)
    x = wide.index
    bottom = np.zeros(len(wide))
    for theme in order:
        y = wide[theme].to_numpy(dtype=float)
        ax.fill_between(x, bottom, bottom + y, color=colors[theme], label=str(theme), linewidth=0,
                        step=None)
        bottom = bottom + np.nan_to_num(y, nan=0) * np.where(np.isnan(y), np.nan, 1)
    ax.set_ylabel("share of articles (%)")
    ax.set_xlabel(_xlabel(prev))
    ax.set_ylim(0, 100)
    date_axis(ax)
    ax.set_title(title or f"Theme shares over time — {who}", fontsize="medium")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small",
              title="theme (top first)")
    ax.margins(x=0)
    if weighting:
        _outlet_strip(fig, ax, data)
    return fig


def plot_outlet_multiples(prev: pd.DataFrame, *, themes=None, top: int = 4, sources=None,
                          ncols: int = 3, smooth_col: str | None = None, bursts: bool = True,
                          min_docs: int = 5, facet: str = "source", title: str | None = None):
    """Small multiples with 95 % CI bands: one panel per outlet (lines = themes), or with
    ``facet="theme"`` one panel per theme (lines = outlets, for comparing outlets).

    Gaps (periods an outlet published nothing, or fewer than ``min_docs`` articles)
    break the lines. If the table has a ``burst`` column (from
    :func:`newsprism.trends.detect_bursts`) bursts are marked with a triangle.
    """
    import matplotlib.pyplot as plt

    if facet not in ("source", "theme"):
        raise ValueError(f"facet must be 'source' or 'theme', got {facet!r}")
    grp = _group_col(prev)
    n_all = prev.drop_duplicates(["period", grp]).groupby(grp)["n_docs"].sum()
    prev = _hide_small(prev, min_docs)
    order = _order_themes(prev, themes, top)
    sources = sorted(prev[grp].unique().tolist(), key=str) if sources is None else list(sources)
    panels, lines = (sources, order) if facet == "source" else (order, sources)
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = new_figure(plt, nrows, ncols, figsize=(4.2 * ncols, 2.8 * nrows + 0.6),
                         sharex=True, sharey=True, squeeze=False)
    colors = theme_colors(lines)
    for ax, panel in zip(axes.ravel(), panels):
        for line in lines:
            src, theme = (panel, line) if facet == "source" else (line, panel)
            s = prev[(prev[grp] == src) & (prev["theme"] == theme)].sort_values("period")
            y = s[smooth_col] if smooth_col else s["share"]
            label = str(line) if facet == "theme" else str(line)
            if facet == "theme":
                label = f"{line} (n = {int(n_all.get(line, 0)):,})"
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
    _finish_grid(axes, len(panels))
    unit = "outlet's" if grp == "source" else f"{grp} group's"
    for ax in axes[:, 0]:
        ax.set_ylabel(f"share of {unit} articles (%)", fontsize="small")
    for ax in axes[-1, :]:
        ax.set_xlabel(_xlabel(prev), fontsize="small")
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    if bursts and "burst" in prev.columns and prev["burst"].any():
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], linestyle="none", marker="^", ms=8, mfc="none", mec="black"))
        labels.append("burst")
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 5), frameon=False)
    fig.suptitle(title or f"Theme share by {'outlet' if facet == 'source' else 'theme'} "
                          f"(shaded: 95% bootstrap CI; periods with < {min_docs} articles not drawn)")
    return fig


def plot_theme_heatmap(prev: pd.DataFrame, *, source: str | None = None, themes=None,
                       min_docs: int = 5, title: str | None = None, annotate: bool | None = None):
    """Theme × period heatmap of shares (viridis); periods without articles (or with
    fewer than ``min_docs``) hatched grey."""
    import matplotlib.pyplot as plt

    data, weighting = _one_table(prev, source)
    data = _hide_small(data, min_docs)
    order = _order_themes(data, themes)
    wide = data.pivot_table(index="theme", columns="period", values="share", dropna=False,
                            aggfunc="first").reindex(order) * 100
    fig, ax = new_figure(plt, figsize=(max(6, 0.45 * wide.shape[1] + 3), max(3, 0.38 * len(order) + 1.5)))
    ax.set_facecolor("#DDDDDD")
    ax.patch.set_hatch("//")
    ax.patch.set_edgecolor("#AAAAAA")
    im = ax.imshow(np.ma.masked_invalid(wide.to_numpy(dtype=float)), aspect="auto",
                   cmap="viridis", interpolation="nearest")
    ax.set_yticks(range(len(order)), [str(t) for t in order])
    freq = prev.attrs.get("period", "W")
    fmt = {"D": "%d %b", "W": "%d %b %y", "M": "%b %Y"}.get(freq, "%Y-%m-%d")
    step = max(1, wide.shape[1] // 20)
    ax.set_xticks(range(0, wide.shape[1], step),
                  [pd.Timestamp(c).strftime(fmt) for c in wide.columns[::step]], rotation=60,
                  ha="right", fontsize="small")
    ax.set_xlabel(_xlabel(prev) + f" — hatched: fewer than {max(min_docs, 1)} articles")
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
    ax.set_title(title or f"Theme × {_xlabel(prev).split()[0]} — {who}")
    return fig


def plot_bursts(prev: pd.DataFrame, *, theme, sources=None, min_docs: int = 5,
                title: str | None = None):
    """One theme's share per outlet over time with its baseline and burst markers.

    Needs a table from :func:`newsprism.trends.detect_bursts`.
    """
    import matplotlib.pyplot as plt

    if "burst" not in prev.columns:
        raise ValueError("run newsprism.trends.detect_bursts on the table first")
    grp = _group_col(prev)
    sub = _hide_small(prev[prev["theme"] == theme], min_docs)
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
    ax.set_xlabel(_xlabel(prev))
    date_axis(ax)
    method = prev.attrs.get("burst_method", "")
    ax.set_title(title or f"Bursts of '{theme}' ({method}; ▲ = burst, dotted = rolling baseline)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
    ax.grid(alpha=0.3)
    return fig


def plot_raw_vs_corrected(table: pd.DataFrame, *, source: str | None = None, themes=None,
                          ncols: int = 3, min_docs: int = 5, title: str | None = None):
    """Raw (classify-and-count) vs ACC-corrected shares with CIs, one panel per class.

    The corrected interval is a band, the raw one two dashed lines, so both stay readable
    where they overlap; periods with fewer than ``min_docs`` articles are left blank.
    """
    import matplotlib.pyplot as plt

    grp = _group_col(table)
    data = table if source is None else table[table[grp] == source]
    data = _hide_small(data, min_docs)
    if data[grp].nunique() > 1:
        raise ValueError("pass source=... (or compute the table with by=None)")
    order = list(dict.fromkeys(data["theme"])) if themes is None else list(themes)
    nrows = int(np.ceil(len(order) / ncols))
    fig, axes = new_figure(plt, nrows, ncols, figsize=(4.2 * ncols, 2.6 * nrows + 0.6), sharex=True,
                         squeeze=False)
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
    _finish_grid(axes, len(order))
    for ax in axes[:, 0]:
        ax.set_ylabel("share of articles (%)", fontsize="small")
    for ax in axes[-1, :]:
        ax.set_xlabel(_xlabel(table), fontsize="small")
    for ax in axes.ravel():
        date_axis(ax)
    h, lab = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(h, lab, loc="outside lower center", ncols=2, frameon=False)
    fig.suptitle(title or "Topic shares: raw vs corrected for classifier error (95% CI: "
                          "band = corrected, dashed = raw)")
    return fig


def plot_lead_lag(table: pd.DataFrame, *, theme, title: str | None = None):
    """Heat table of best lag between outlet pairs for one theme (from :func:`lead_lag`)."""
    import matplotlib.pyplot as plt

    sub = table[table["theme"] == theme]
    srcs = sorted(set(sub["source_a"]) | set(sub["source_b"]))
    M = np.full((len(srcs), len(srcs)), np.nan)
    C = np.full_like(M, np.nan)
    for _, r in sub.iterrows():
        i, j = srcs.index(r.source_a), srcs.index(r.source_b)
        M[i, j], M[j, i] = r.best_lag, -r.best_lag if pd.notna(r.best_lag) else np.nan
        C[i, j] = C[j, i] = r.corr_at_best
    fig, ax = new_figure(plt, figsize=(1.0 * len(srcs) + 3, 0.8 * len(srcs) + 1.5))
    lim = np.nanmax(np.abs(M)) if np.isfinite(M).any() else 1
    im = ax.imshow(M, cmap="PuOr", vmin=-max(lim, 1), vmax=max(lim, 1))
    for i in range(len(srcs)):
        for j in range(len(srcs)):
            if np.isfinite(M[i, j]):
                ax.text(j, i, f"{int(M[i, j]):+d}\nr={C[i, j]:.2f}", ha="center", va="center",
                        fontsize=7)
    ax.set_xticks(range(len(srcs)), srcs, rotation=45, ha="right")
    ax.set_yticks(range(len(srcs)), srcs)
    cbar = fig.colorbar(im, ax=ax)
    cbar.set_label("lag (periods) at peak correlation; + = row outlet leads")
    ax.set_title(title or f"Who leads on '{theme}'")
    return fig


def plot_theme_effects(effects, *, outlets=None, contrast=None, title: str | None = None):
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
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
    fig.suptitle(title or f"'{info['theme']}': logistic model of outlet + smooth of time "
                          f"({info['n_docs']:,} articles; 95% CI, {how})", fontsize="medium")
    return fig
