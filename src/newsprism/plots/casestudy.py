"""Charts for one article's case study (notebook 05); each returns a Figure.

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

from newsprism.plots.trends import theme_colors


def plot_nearest_articles(nearest: pd.DataFrame, *, title: str | None = None, width: int = 60):
    """Horizontal bars of similarity, one per article, coloured by outlet."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    data = nearest.iloc[::-1]
    sources = sorted(nearest["source"].astype(str).unique()) if "source" in nearest else ["?"]
    colors = theme_colors(sources)
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(data) + 1.5), layout="constrained")
    labels = [textwrap.shorten(str(t), width) for t in data["title"]]
    ax.barh(range(len(data)), data["similarity"],
            color=[colors[str(s)] for s in data.get("source", ["?"] * len(data))])
    ax.set_yticks(range(len(data)), labels, fontsize="small")
    ax.set_xlabel("cosine similarity to the seed article (tf-idf, 0–1)")
    ax.set_xlim(0, max(0.05, float(data["similarity"].max()) * 1.1))
    ax.legend(handles=[Patch(color=colors[s], label=s) for s in sources], title="outlet",
              loc="lower right", fontsize="small", frameon=False)
    ax.set_title(title or "Nearest articles to the seed")
    return fig


def plot_theme_weights(weights: pd.DataFrame, *, value: str = "weight", label: str = "label",
                       xlabel: str = "theme weight in the article (share, 0–1)",
                       title: str | None = None):
    """Bars of a single article's theme weights / match counts, largest on top."""
    import matplotlib.pyplot as plt

    data = weights.sort_values(value)
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(data) + 1.5), layout="constrained")
    colors = theme_colors(list(weights[label]))
    ax.barh(data[label].astype(str), data[value], color=[colors[v] for v in data[label]])
    ax.set_xlabel(xlabel)
    ax.set_title(title or "Themes of the seed article")
    return fig
