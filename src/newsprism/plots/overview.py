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

__all__ = ["plot_counts_by_period", "plot_distinctive_terms", "plot_rejects", "plot_text_lengths"]


def plot_counts_by_period(counts: pd.DataFrame, *, by: str = "source", start=None, end=None,
                          title: str | None = None):
    """Heatmap: outlets (rows) by period (columns), cell = documents; empty cells white.

    ``start``/``end`` (dates) limit the columns shown, e.g. to :func:`newsprism.corpus.profile.core_period`.
    Cells carry their counts when there are at most 30 periods.
    """
    import matplotlib.pyplot as plt

    shown = counts
    if start is not None:
        shown = shown[shown["period"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["period"] <= pd.Timestamp(end)]
    table = shown.pivot_table(index=by, columns="period", values="n_docs", aggfunc="sum",
                              fill_value=0, sort=True)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    values = table.to_numpy()
    fig, ax = plt.subplots(figsize=(max(7.0, 0.42 * table.shape[1] + 3.0), 0.42 * len(table) + 1.8))
    cmap = plt.get_cmap("viridis").with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_equal(values, 0), aspect="auto", cmap=cmap,
                      interpolation="nearest", vmin=1)
    ax.set_yticks(range(len(table)), table.index)
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
    ax.set_title(title or "Documents per outlet and week (white: none)")
    fig.tight_layout()
    return fig


def plot_text_lengths(lengths: pd.DataFrame, *, by: str = "source", title: str | None = None):
    """Box plots of words per document per outlet (log scale), ordered by median.

    Whiskers span the 2.5-97.5 percentiles; empty texts cannot sit on a log axis and are
    counted in the axis label instead.
    """
    import matplotlib.pyplot as plt

    nonempty = lengths[lengths["n_words"] > 0]
    n_empty = int((lengths["n_words"] <= 0).sum())
    order = nonempty.groupby(by)["n_words"].median().sort_values(kind="stable").index.tolist()
    data = [nonempty.loc[nonempty[by] == k, "n_words"].to_numpy() for k in order]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(order) + 1.6))
    ax.boxplot(data, orientation="horizontal", whis=(2.5, 97.5), widths=0.6,
               flierprops={"marker": ".", "markersize": 3, "alpha": 0.4})
    ax.set_yticks(range(1, len(order) + 1), order)
    ax.set_xscale("log")
    ax.set_xlabel(f"words per document (log scale; whiskers 2.5-97.5 %; "
                  f"{n_empty} empty text{'s' if n_empty != 1 else ''} not shown)")
    ax.set_title(title or "Text length by outlet")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_distinctive_terms(terms: pd.DataFrame, *, by: str = "source", top: int = 10,
                           ncols: int = 3, title: str | None = None):
    """Small multiples: per outlet, its ``top`` terms by weighted log-odds z-score."""
    import matplotlib.pyplot as plt

    groups = sorted(terms[by].unique())
    nrows = max(1, -(-len(groups) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.28 * top * nrows + 1.2 * nrows),
                             squeeze=False)
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
    fig.suptitle(title or "Most distinctive terms per outlet (dashed line: z = 1.96)")
    fig.tight_layout()
    return fig


def plot_rejects(rejects: pd.DataFrame, *, reason: str = "reason", title: str | None = None):
    """Horizontal bar chart of rejected rows per reason."""
    import matplotlib.pyplot as plt

    counts = rejects[reason].astype(str).value_counts().sort_values(kind="stable")
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(counts), 1) + 1.4))
    if counts.empty:
        ax.text(0.5, 0.5, "no rejected rows", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ax.barh(counts.index, counts.to_numpy(), color="#c0504d")
        for y, v in enumerate(counts.to_numpy()):
            ax.text(v, y, f" {v:,}", va="center", fontsize=9)
        ax.set_xlabel("rows rejected")
    ax.set_title(title or "Rejected at ingestion, by reason")
    fig.tight_layout()
    return fig
