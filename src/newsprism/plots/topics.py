"""Figures of the topic stage (:mod:`newsprism.topics`): each takes a tidy table, returns a Figure.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> conf = pd.DataFrame({"true": ["a", "a", "b", "b"], "predicted": ["a", "b", "a", "b"],
    ...                      "count": [9, 1, 0, 10]})
    >>> plot_confusion(conf).axes[0].get_title()
    'Confusion matrix (share of each true topic)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.plots.layout import MAX_INCHES, add_note, bounded, min_n_note, panel_grid, titled


def _row_height(n_rows: int, wanted: float, extra: float) -> float:
    """Height per row so ``n_rows`` rows plus ``extra`` inches stay within the bound."""
    return min(wanted, (MAX_INCHES - extra) / max(n_rows, 1))


def plot_confusion(confusion: pd.DataFrame, *, labels=None, normalize: bool = True,
                   title: str | None = None, corpus: str | None = None):
    """Heat map of a tidy confusion table (``true, predicted, count``); rows are true topics."""
    import matplotlib.pyplot as plt

    labels = list(labels) if labels is not None else sorted(
        set(confusion["true"]) | set(confusion["predicted"]))
    wide = (confusion.pivot_table(index="true", columns="predicted", values="count",
                                  aggfunc="sum", fill_value=0)
            .reindex(index=labels, columns=labels, fill_value=0))
    counts = wide.to_numpy(dtype=float)
    shown = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalize else counts
    cell = min(0.75, (MAX_INCHES - 4.0) / max(len(labels), 1))
    size = 1.0 + cell * len(labels)
    fig, ax = plt.subplots(figsize=bounded(size + 1.2, size))
    im = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else None)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if counts[i, j] and cell >= 0.4:   # numbers only where they fit
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=8,
                        color="white" if shown[i, j] > 0.6 else "black")
    ticks = 10 if cell >= 0.4 else 6
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=ticks)
    ax.set_yticks(range(len(labels)), labels, fontsize=ticks)
    ax.set_xlabel("predicted topic")
    ax.set_ylabel("true topic")
    ax.set_title(titled("Confusion matrix (share of each true topic)" if normalize
                        else "Confusion matrix (articles)", corpus=corpus, title=title))
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04,
                 label="share of true topic" if normalize else "articles")
    fig.tight_layout()
    return fig


def plot_per_class(per_class: pd.DataFrame, *, title: str = "F1 per topic with 95% interval",
                   corpus: str | None = None):
    """Dot plot of per-class F1 with bootstrap intervals (``label, f1, f1_low, f1_high``)."""
    import matplotlib.pyplot as plt

    data = per_class.sort_values("f1")
    fig, ax = plt.subplots(figsize=bounded(6, 0.9 + _row_height(len(data), 0.4, 0.9) * len(data)))
    y = np.arange(len(data))
    err = np.vstack([data["f1"] - data["f1_low"], data["f1_high"] - data["f1"]]).clip(min=0)
    ax.errorbar(data["f1"], y, xerr=err, fmt="o", color="C0", capsize=3)
    ax.set_yticks(y, data["label"])
    ax.set_xlabel("F1 (cross-validated)")
    ax.set_title(titled(title, corpus=corpus))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_comparison(table: pd.DataFrame, *, title: str = "Macro-F1 by evaluation (95% interval)",
                    corpus: str | None = None):
    """Macro-F1 with intervals per evaluation row (``evaluation, macro_f1, macro_f1_low/high``)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=bounded(7, 0.9 + _row_height(len(table), 0.5, 0.9) * len(table)))
    y = np.arange(len(table))[::-1]
    err = np.vstack([table["macro_f1"] - table["macro_f1_low"],
                     table["macro_f1_high"] - table["macro_f1"]]).clip(min=0)
    colors = ["C3" if not g else "C0" for g in table["grouped_duplicates"]]
    for yi, x, e0, e1, c in zip(y, table["macro_f1"], err[0], err[1], colors):
        ax.errorbar([x], [yi], xerr=[[e0], [e1]], fmt="o", color=c, capsize=3)
        ax.annotate(f"{x:.3f}", (x, yi), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8)
    ax.set_yticks(y, table["evaluation"])
    ax.set_ylim(-0.6, len(table) - 0.3)  # room above the top label
    ax.set_xlabel("macro-F1 (red: duplicates may sit on both sides)")
    ax.set_title(titled(title, corpus=corpus))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_top_terms(top_terms: pd.DataFrame, *, n: int = 10, ncols: int = 3,
                   corpus: str | None = None, title: str | None = None):
    """Bar chart of the strongest terms per topic (``label, rank, term, weight``)."""
    import matplotlib.pyplot as plt

    labels = list(dict.fromkeys(top_terms["label"]))
    nrows, ncols, figsize, n_shown = panel_grid(len(labels), ncols=ncols, panel=(3.6, 0.3 * n),
                                                extra=(0, 0.8), min_panel=(2.6, 0.16 * n + 0.5))
    dropped = len(labels) - n_shown
    labels = labels[:n_shown]
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    for ax, label in zip(axes.flat, labels):
        rows = top_terms[top_terms["label"] == label].nsmallest(n, "rank").iloc[::-1]
        ax.barh(rows["term"], rows["weight"], color="C0")
        ax.set_title(str(label), fontsize=10)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(labels):]:
        ax.set_visible(False)
    fig.suptitle(titled("Terms that push hardest toward each topic (model weight)",
                        corpus=corpus, title=title))
    fig.tight_layout()
    if dropped:
        add_note(fig, f"{dropped} more topics not shown (too many panels for one figure).")
    return fig


def plot_transfer(by_section: pd.DataFrame, *, min_articles: int = 5,
                  title: str = "Transfer: model's topic vs the outlet's URL section",
                  corpus: str | None = None, max_rows: int = 70):
    """Agreement per mapped (source, section), and the top prediction for unmapped ones.

    At most ``max_rows`` sections per side (the largest); the footnote counts the rest.
    """
    import matplotlib.pyplot as plt

    data = by_section[by_section["articles"] >= min_articles].copy()
    data["name"] = data["source"] + " / " + data["section"].replace("", "(none)")
    mapped = data[data["section_topic"] != ""]
    unmapped = data[data["section_topic"] == ""]
    dropped = max(len(mapped) - max_rows, 0) + max(len(unmapped) - max_rows, 0)
    mapped = mapped.nlargest(max_rows, "articles").sort_values("agree")
    unmapped = unmapped.nlargest(max_rows, "articles").sort_values("articles")
    rows = max(len(mapped), len(unmapped), 4)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=bounded(12, 0.8 + _row_height(rows, 0.28, 1.5) * rows))
    a1.barh(mapped["name"] + " → " + mapped["section_topic"], mapped["agree"], color="C0")
    for yi, (v, n) in enumerate(zip(mapped["agree"], mapped["articles"])):
        a1.text(min(v, 0.98), yi, f" {v:.0%} (n={n})", va="center", ha="right" if v > 0.8 else "left",
                fontsize=7, color="white" if v > 0.8 else "black")
    a1.set_xlim(0, 1)
    a1.set_xlabel("share where the model's topic = the section's topic")
    a1.set_title("Sections with a training counterpart", fontsize=10)
    a1.tick_params(axis="y", labelsize=7)
    a2.barh(unmapped["name"], unmapped["share_most_common"], color="C7")
    for yi, (v, t) in enumerate(zip(unmapped["share_most_common"], unmapped["most_common_prediction"])):
        a2.text(v, yi, f" {t}", va="center", fontsize=7)
    a2.set_xlim(0, 1.25)
    a2.set_xlabel("share given the model's most common topic (named)")
    a2.set_title("Sections with no counterpart", fontsize=10)
    a2.tick_params(axis="y", labelsize=7)
    fig.suptitle(titled(title, corpus=corpus))
    fig.tight_layout()
    note = min_n_note(min_articles, what="Sections")
    if dropped:
        note += f" {dropped} smaller sections not shown."
    add_note(fig, note)
    return fig
