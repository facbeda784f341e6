"""Figures of the corpus overview (notebook 01); each takes a tidy table, returns a Figure.

The tables come from :mod:`newsprism.corpus.profile` and
:mod:`newsprism.features.distinctive`.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> plot_rejects(pd.DataFrame({"reason": ["empty_text", "too_short", "too_short"]})).axes[0].get_xlabel()
    'rows rejected'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.plots.layout import MAX_INCHES, add_note, bounded, panel_grid, titled
from newsprism.trends.prevalence import coarsen_periods

MAX_ROWS = 60     # outlets drawn as rows; the others are summed into one "other" row
MAX_PERIODS = 60  # heatmap columns; more are aggregated (weeks -> months -> ...)

__all__ = ["plot_counts_by_period", "plot_distinctive_terms", "plot_rejects", "plot_text_lengths"]


def plot_counts_by_period(counts: pd.DataFrame, *, by: str = "source", start=None, end=None,
                          title: str | None = None, corpus: str | None = None,
                          max_periods: int = MAX_PERIODS, max_rows: int = MAX_ROWS):
    """Heatmap: outlets (rows) by period (columns), cell = documents; empty cells white.

    ``start``/``end`` (dates) limit the columns shown, e.g. to :func:`newsprism.corpus.profile.core_period`.
    Cells carry their counts when there are at most 30 periods. More than
    ``max_periods`` periods are summed into coarser ones (weeks → months → quarters →
    years) and more than ``max_rows`` outlets keep the largest, the rest summed into one
    row; the axis and the footnote say so.
    """
    import matplotlib.pyplot as plt

    shown = counts
    if start is not None:
        shown = shown[shown["period"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["period"] <= pd.Timestamp(end)]
    n_fine = shown["period"].nunique()
    shown = coarsen_periods(shown, max_periods=max_periods, by=by)
    table = shown.pivot_table(index=by, columns="period", values="n_docs", aggfunc="sum",
                              fill_value=0, sort=True)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    notes = []
    if len(table) > max_rows:
        rest = table.iloc[max_rows - 1:]
        table = pd.concat([table.iloc[:max_rows - 1],
                           rest.sum().to_frame(f"other ({len(rest)} outlets)").T])
        notes.append(f"The {len(rest)} smallest outlets are summed in the last row.")
    if shown.attrs.get("coarsened_from"):
        notes.append(f"{n_fine} periods summed into {table.shape[1]} "
                     f"({shown.attrs['period']} periods) to keep the cells readable.")
    values = table.to_numpy()
    row_h = min(0.42, (MAX_INCHES - 1.8) / max(len(table), 1))
    fig, ax = plt.subplots(figsize=bounded(max(7.0, 0.42 * table.shape[1] + 3.0),
                                           row_h * len(table) + 1.8))
    cmap = plt.get_cmap("viridis").with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_equal(values, 0), aspect="auto", cmap=cmap,
                      interpolation="nearest", vmin=1)
    ax.set_yticks(range(len(table)), table.index, fontsize=9 if row_h >= 0.3 else 7)
    step = max(1, table.shape[1] // 20)
    ticks = list(range(0, table.shape[1], step))
    ax.set_xticks(ticks, [pd.Timestamp(table.columns[i]).strftime("%Y-%m-%d") for i in ticks],
                  rotation=60, ha="right", fontsize=8)
    if table.shape[1] <= 30:
        threshold = values.max() * 0.6
        for (r, c), v in np.ndenumerate(values):
            if v:
                ax.text(c, r, str(v), ha="center", va="center", fontsize=7,
                        color="black" if v > threshold else "white")
    ax.set_xlabel("period starting")
    fig.colorbar(image, ax=ax, label="documents", fraction=0.03, pad=0.01)
    period_name = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}.get(
        shown.attrs.get("period", "W"), "period")
    ax.set_title(titled(f"Documents per outlet and {period_name} (white: none)", corpus=corpus,
                        title=title))
    fig.tight_layout()
    if notes:
        add_note(fig, " ".join(notes))
    return fig


def plot_text_lengths(lengths: pd.DataFrame, *, by: str = "source", title: str | None = None,
                      corpus: str | None = None, max_rows: int = MAX_ROWS):
    """Box plots of words per document per outlet (log scale), ordered by median.

    Whiskers span the 2.5-97.5 percentiles; empty texts cannot sit on a log axis and are
    counted in the axis label instead.
    """
    import matplotlib.pyplot as plt

    nonempty = lengths[lengths["n_words"] > 0]
    n_empty = int((lengths["n_words"] <= 0).sum())
    order = nonempty.groupby(by)["n_words"].median().sort_values(kind="stable").index.tolist()
    dropped = 0
    if len(order) > max_rows:   # the outlets with most documents; the footnote counts the rest
        big = set(nonempty[by].value_counts().index[:max_rows])
        dropped = len(order) - max_rows
        order = [k for k in order if k in big]
    data = [nonempty.loc[nonempty[by] == k, "n_words"].to_numpy() for k in order]
    fig, ax = plt.subplots(figsize=bounded(8, 0.45 * len(order) + 1.6))
    ax.boxplot(data, orientation="horizontal", whis=(2.5, 97.5), widths=0.6,
               flierprops={"marker": ".", "markersize": 3, "alpha": 0.4})
    ax.set_yticks(range(1, len(order) + 1), order)
    ax.set_xscale("log")
    ax.set_xlabel(f"words per document (log scale; whiskers 2.5-97.5 %; "
                  f"{n_empty} empty text{'s' if n_empty != 1 else ''} not shown)")
    ax.set_title(titled("Text length by outlet", corpus=corpus, title=title))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    if dropped:
        add_note(fig, f"{dropped} outlets with the fewest documents not shown.")
    return fig


def plot_distinctive_terms(terms: pd.DataFrame, *, by: str = "source", top: int = 10,
                           ncols: int = 3, title: str | None = None, corpus: str | None = None):
    """Small multiples: per outlet, its ``top`` terms by weighted log-odds z-score.

    Panels wrap into rows (more columns when there are many outlets); outlets that do
    not fit at all are listed as not shown in the footnote.
    """
    import matplotlib.pyplot as plt

    groups = sorted(terms[by].unique())
    nrows, ncols, figsize, n_shown = panel_grid(len(groups), ncols=ncols,
                                                panel=(4.2, 0.28 * top + 1.2),
                                                min_panel=(3.0, 0.16 * top + 0.8))
    dropped = groups[n_shown:]
    groups = groups[:n_shown]
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    for ax, name in zip(axes.ravel(), groups):
        rows = terms[terms[by] == name].sort_values("z", ascending=False, kind="stable").head(top)
        ax.barh(range(len(rows))[::-1], rows["z"], color="#3b75af")
        ax.set_yticks(range(len(rows))[::-1], rows["term"], fontsize=9)
        ax.axvline(1.96, color="grey", lw=0.8, ls="--")
        ax.set_title(str(name), fontsize=11)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("z-score (weighted log-odds)", fontsize=9)
    fig.suptitle(titled("Most distinctive terms per outlet (dashed line: z = 1.96)",
                        corpus=corpus, title=title))
    fig.tight_layout()
    if dropped:
        add_note(fig, f"{len(dropped)} more outlets not shown (too many panels for one figure).")
    return fig


def plot_rejects(rejects: pd.DataFrame, *, reason: str = "reason", title: str | None = None,
                 corpus: str | None = None):
    """Horizontal bar chart of rejected rows per reason."""
    import matplotlib.pyplot as plt

    counts = rejects[reason].astype(str).value_counts().sort_values(kind="stable")
    fig, ax = plt.subplots(figsize=bounded(7, 0.4 * max(len(counts), 1) + 1.4))
    if counts.empty:
        ax.text(0.5, 0.5, "no rejected rows", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ax.barh(counts.index, counts.to_numpy(), color="#c0504d")
        for y, v in enumerate(counts.to_numpy()):
            ax.text(v, y, f" {v:,}", va="center", fontsize=9)
        ax.set_xlabel("rows rejected")
    ax.set_title(titled("Rejected at ingestion, by reason", corpus=corpus, title=title))
    fig.tight_layout()
    return fig
