"""Helpers shared by the charts of :mod:`newsprism.plots.trends` and
:mod:`newsprism.plots.trends_grid`: which rows to draw, small cells blanked, labels.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"n_docs": [2, 9], "share": [0.5, 0.1]})
    >>> hide_small(t, 5)["share"].isna().tolist()
    [True, False]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from newsprism.trends.periods import PERIOD_NAMES

WEIGHTING = {"outlets": "each outlet present weighs the same", "volume":
             "raw pooling: each article counts once, large outlets weigh more",
             "fixed mix": "standardised to a fixed outlet mix"}
CI_NOTE = "95% CI: bootstrap over articles (Wilson where a cell is 0%, 100% or tiny)"


def group_col(prev: pd.DataFrame) -> str:
    by = prev.attrs.get("by", "source")
    return by if by in prev.columns else "source"


def one_table(prev: pd.DataFrame, source):
    """The rows to draw: a pooled table as it is, or one outlet's rows of a prevalence table."""
    if "weighting" in prev.columns:
        return prev, prev["weighting"].iloc[0] if len(prev) else "outlets"
    grp = group_col(prev)
    data = prev if source is None else prev[prev[grp] == source]
    if data[grp].nunique() > 1:
        raise ValueError("several outlets: pass source=..., or pool them first with "
                         "newsprism.trends.pooled_prevalence (equal outlet weight)")
    return data, None


def xlabel(prev: pd.DataFrame) -> str:
    label = PERIOD_NAMES.get(prev.attrs.get("period", ""), "period")
    if prev.attrs.get("coarsened_from"):
        label += f" (aggregated from {PERIOD_NAMES.get(prev.attrs['coarsened_from'], 'periods')}s)"
    return label


def order_themes(prev: pd.DataFrame, themes=None, top: int | None = None) -> list:
    if themes is not None:
        return list(themes)
    mean = prev.groupby("theme", sort=False)["share"].mean().sort_values(ascending=False)
    return list(mean.index[:top] if top else mean.index)


def finish_grid(axes, n_used: int):
    """Hide unused panels; the panel above a hidden one shows its own date labels."""
    nrows, ncols = axes.shape
    for i, ax in enumerate(axes.ravel()):
        if i >= n_used:
            ax.set_visible(False)
            above = i - ncols
            if above >= 0:
                axes.ravel()[above].xaxis.set_tick_params(labelbottom=True)


def hide_small(df: pd.DataFrame, min_docs: int) -> pd.DataFrame:
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


def legend_cols(n_entries: int, per_column: int = 18) -> int:
    """Columns for a legend beside the axes, so a long legend grows sideways, not down."""
    return max(1, math.ceil(n_entries / per_column))


def outlet_strip(fig, ax, data: pd.DataFrame):
    """A strip under ``ax``: how many outlets each period's pooled share rests on."""
    per = data.drop_duplicates("period").sort_values("period")
    strip = ax.inset_axes([0, -0.3, 1, 0.12], sharex=ax)
    gaps = per["period"].diff().dt.days.dropna()
    width = 0.8 * float(gaps.min()) if len(gaps) else 1
    strip.bar(per["period"], per["n_outlets"], width=width, color="#999999")
    strip.set_ylabel("outlets", fontsize="x-small", rotation=0, ha="right", va="center")
    strip.set_ylim(0, max(1, per["n_outlets"].max()))
    strip.tick_params(labelsize="x-small", labelbottom=False)
    # the period label goes under the strip, so the two never overlap
    strip.set_xlabel(f"{ax.get_xlabel()}; grey bars: outlets each period's share rests on",
                     fontsize="small")
    ax.set_xlabel("")
    return strip
