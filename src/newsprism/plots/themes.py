"""Charts of :mod:`newsprism.themes` results: the choice of the theme count, one article's
themes, its nearest articles. Each returns a Figure.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> near = pd.DataFrame({"title": ["a", "b"], "source": ["X", "Y"], "similarity": [0.5, 0.3]})
    >>> plot_nearest_articles(near).axes[0].get_xlabel()
    'cosine similarity to the seed article (tf-idf, 0–1)'
"""

from __future__ import annotations

import textwrap

import pandas as pd

from newsprism.plots.layout import MAX_INCHES, bounded, titled
from newsprism.plots.style import OKABE_ITO, new_figure, theme_colors


def plot_nearest_articles(nearest: pd.DataFrame, *, title: str | None = None, width: int = 60,
                          corpus: str | None = None):
    """Horizontal bars of similarity, one per article, coloured by outlet."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    data = nearest.iloc[::-1]
    sources = sorted(nearest["source"].astype(str).unique()) if "source" in nearest else ["?"]
    colors = theme_colors(sources)
    row_h = min(0.45, (MAX_INCHES - 1.5) / max(len(data), 1))
    fig, ax = plt.subplots(figsize=bounded(10, row_h * len(data) + 1.5), layout="constrained")
    labels = [textwrap.shorten(str(t), width) for t in data["title"]]
    ax.barh(range(len(data)), data["similarity"],
            color=[colors[str(s)] for s in data.get("source", ["?"] * len(data))])
    ax.set_yticks(range(len(data)), labels, fontsize="small")
    ax.set_xlabel("cosine similarity to the seed article (tf-idf, 0–1)")
    ax.set_xlim(0, max(0.05, float(data["similarity"].max()) * 1.1))
    ax.legend(handles=[Patch(color=colors[s], label=s) for s in sources], title="outlet",
              loc="lower right", fontsize="small", frameon=False)
    ax.set_title(titled("Nearest articles to the seed", corpus=corpus, title=title))
    return fig


def plot_theme_weights(weights: pd.DataFrame, *, value: str = "weight", label: str = "label",
                       xlabel: str = "theme weight in the article (share, 0–1)",
                       title: str | None = None, corpus: str | None = None):
    """Bars of a single article's theme weights / match counts, largest on top."""
    import matplotlib.pyplot as plt

    data = weights.sort_values(value)
    fig, ax = plt.subplots(figsize=bounded(8, min(0.4, (MAX_INCHES - 1.5) / max(len(data), 1))
                                           * len(data) + 1.5), layout="constrained")
    colors = theme_colors(list(weights[label]))
    ax.barh(data[label].astype(str), data[value], color=[colors[v] for v in data[label]])
    ax.set_xlabel(xlabel)
    ax.set_title(titled("Themes of the seed article", corpus=corpus, title=title))
    return fig


def plot_theme_selection(selection: pd.DataFrame, *, title: str | None = None,
                         corpus: str | None = None):
    """Coherence (NPMI) and stability against the number of themes; the chosen count marked."""
    import matplotlib.pyplot as plt

    fig, ax = new_figure(plt, figsize=(6.5, 3.8))
    ax.plot(selection["n_themes"], selection["coherence"], marker="o", color=OKABE_ITO[4],
            label="coherence (mean NPMI)")
    ax.set_xlabel("number of themes")
    ax.set_ylabel("mean NPMI of top-10 terms", color=OKABE_ITO[4])
    ax2 = ax.twinx()
    ax2.plot(selection["n_themes"], selection["stability"], marker="s", color=OKABE_ITO[5],
             label="stability (Jaccard)")
    ax2.set_ylabel("stability across runs (mean Jaccard)", color=OKABE_ITO[5])
    chosen = selection.loc[selection["chosen"], "n_themes"]
    for k in chosen:
        ax.axvline(k, color="grey", ls="--", lw=1)
        ax.annotate(f"chosen: {k}", (k, ax.get_ylim()[1]), ha="left", va="top", fontsize="small",
                    xytext=(3, -3), textcoords="offset points")
    ax.set_xticks(selection["n_themes"])
    ax.set_title(titled("Choosing the number of themes", corpus=corpus, title=title))
    return fig
