"""Charts of stance results (:mod:`newsprism.trends.stance` tables); each returns a Figure.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2017-01-02", "2017-01-09"]),
    ...                   "source": "X", "target": "NATO", "n": 3, "net": [0.1, -0.2],
    ...                   "ci_low": [-0.2, -0.5], "ci_high": [0.4, 0.1]})
    >>> plot_net_stance(t, targets=["NATO"]).axes[0].get_title()
    'X'
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd


def plot_net_stance(table: pd.DataFrame, *, targets: Sequence[str] = ("Russia", "NATO"),
                    sources: Sequence[str] | None = None, min_articles: int = 2,
                    title: str | None = None):
    """Net stance over time, one panel per outlet, one line (with CI band) per target.

    Cells with fewer than ``min_articles`` articles are left out so single articles do not
    draw spikes. Returns the matplotlib Figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    data = table[table["target"].isin(targets) & (table["n"] >= min_articles)]
    # symmetric y range wide enough for the intervals, at least ±0.5
    span = np.nanmax(np.abs(data[["net", "ci_low", "ci_high"]].to_numpy())) if len(data) else 0.5
    span = float(min(1.05, max(0.5, np.ceil((span + 0.05) * 10) / 10)))
    sources = list(sources) if sources is not None else sorted(table["source"].unique())
    ncols = 3 if len(sources) > 4 else max(1, len(sources))
    nrows = int(np.ceil(len(sources) / ncols)) or 1
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.8 * nrows), sharex=True,
                             sharey=True, squeeze=False)
    colors = dict(zip(targets, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    for ax, source in zip(axes.flat, sources):
        for target in targets:
            cell = data[(data["source"] == source) & (data["target"] == target)]
            cell = cell.sort_values("period")
            if cell.empty:
                continue
            ax.plot(cell["period"], cell["net"], marker="o", ms=3, lw=1.2,
                    color=colors[target], label=target)
            ax.fill_between(cell["period"], cell["ci_low"], cell["ci_high"],
                            color=colors[target], alpha=0.15, lw=0)
        ax.axhline(0, color="grey", lw=0.6)
        ax.set_title(source, fontsize=10)
        ax.set_ylim(-span, span)
        locator = mdates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(sources):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("net stance\n(favor − against) / mentions", fontsize=8)
    handles = [plt.Line2D([], [], color=colors[t], marker="o", label=t) for t in targets]
    fig.suptitle(title or f"Net stance toward {' and '.join(targets)} by outlet "
                 f"(95% bootstrap CI over articles; cells with ≥{min_articles} articles)",
                 fontsize=11, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.legend(handles=handles, loc="upper right", ncol=len(targets), frameon=False,
               bbox_to_anchor=(0.99, 0.995), fontsize=9)
    return fig

