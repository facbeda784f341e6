"""Charts of stance results (:mod:`newsprism.trends` stance tables); each returns a Figure.

- :func:`plot_net_stance` — net stance over time, one panel per outlet, a line per target;
- :func:`plot_stance_raw_vs_corrected` — favor / against / neutral shares and the net
  index as counted from the model's labels next to the shares corrected for its errors
  (:func:`newsprism.trends.stance_shares_acc`), one row per outlet (or one pooled row).

Both wrap their panels and stay within 4,000 pixels at 150 dpi
(:mod:`newsprism.plots.layout`), state their minimum-n rule in a footnote and take an
optional ``corpus`` name for the default title.

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

from newsprism.plots.layout import MAX_INCHES, bounded, figure_legend, min_n_note, panel_grid, titled
from newsprism.plots.style import OKABE_ITO, date_axis, new_figure, theme_colors


def _targets(table: pd.DataFrame, targets, count: str) -> list:
    """The targets to draw: as given, else every target of the table, most mentioned first."""
    if targets is not None:
        return list(targets)
    sizes = table.groupby("target")[count].sum().sort_values(ascending=False, kind="stable")
    return list(sizes.index)


def plot_net_stance(table: pd.DataFrame, *, targets: Sequence[str] | None = None,
                    sources: Sequence[str] | None = None, min_articles: int = 2,
                    title: str | None = None, corpus: str | None = None):
    """Net stance over time, one panel per outlet, one line (with CI band) per target.

    ``targets`` default to every target in the table (most articles first). Cells with
    fewer than ``min_articles`` articles are left out so single articles do not draw
    spikes; the footnote says so. Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    targets = _targets(table, targets, "n")
    data = table[table["target"].isin(targets) & (table["n"] >= min_articles)]
    # symmetric y range wide enough for the intervals, at least ±0.5
    values = data[["net", "ci_low", "ci_high"]].to_numpy(dtype=float)
    span = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 0.5
    span = float(min(1.05, max(0.5, np.ceil((span + 0.05) * 10) / 10)))
    sources = list(sources) if sources is not None else sorted(table["source"].unique())
    volume = table.groupby("source")["n"].sum()
    nrows, ncols, figsize, n_shown = panel_grid(len(sources), ncols=3 if len(sources) > 4
                                                else max(1, len(sources)))
    dropped = len(sources) - n_shown
    if dropped:
        keep = set(sorted(sources, key=lambda s: -float(volume.get(s, 0)))[:n_shown])
        sources = [s for s in sources if s in keep]
    fig, axes = new_figure(plt, nrows, ncols, figsize=figsize, sharex=True, sharey=True,
                           squeeze=False)
    colors = theme_colors(targets)
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
        date_axis(ax)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(sources):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("net stance\n(favor − against) / mentions", fontsize=8)
    handles = [plt.Line2D([], [], color=colors[t], marker="o", label=t) for t in targets]
    fig.suptitle(titled("Net stance by outlet (95% bootstrap CI over articles)",
                        corpus=corpus, title=title), fontsize=11)
    note = min_n_note(min_articles, what="Periods")
    if dropped:
        note += f" {dropped} outlets with the fewest articles not shown."
    # the legend goes under the panels: beside a left-aligned title it overlapped it
    figure_legend(fig, handles, targets, note=note)
    return fig


STANCE_ORDER = ("favor", "against", "neutral", "net")


def plot_stance_raw_vs_corrected(table: pd.DataFrame, *, target: str, sources=None,
                                 stances: Sequence[str] = STANCE_ORDER, min_articles: int = 3,
                                 title: str | None = None, corpus: str | None = None):
    """Counted vs error-corrected stance shares toward one target, side by side.

    Takes :func:`newsprism.trends.stance_shares_acc` output (``estimate`` raw / acc);
    one row of panels per outlet (the outlets with most articles first), one column per
    stance (shares in %, the net index on its own −1…1 scale). The corrected estimate is
    a line with a band, the raw one a dashed line with thin dashed bounds. Cells with
    fewer than ``min_articles`` articles are not drawn.
    """
    import matplotlib.pyplot as plt

    data = table[(table["target"] == target) & (table["n_articles"] >= min_articles)]
    grp = "source" if "source" in table.columns else None
    if grp is None:
        data = data.assign(source="pooled")
    volume = (data[data["stance"] == stances[0]].drop_duplicates(["period", "source"])
              .groupby("source")["n_articles"].sum().sort_values(ascending=False, kind="stable"))
    order = list(volume.index) if sources is None else [s for s in sources if s in volume.index]
    stances = list(stances)
    # one row per outlet: rows shrink to 1.6 in, then the smallest outlets are left out
    max_rows = int((MAX_INCHES - 1.2) // 1.6)
    shown = order[:max_rows] or ["(none)"]
    nrows = len(shown)
    fig, axes = new_figure(plt, nrows, len(stances), sharex=True, squeeze=False,
                           figsize=bounded(3.6 * len(stances), nrows * min(2.4, (MAX_INCHES - 1.2)
                                                                        / nrows) + 1.2))
    style = {"raw": (OKABE_ITO[5], "counted labels", "--"),
             "acc": (OKABE_ITO[4], "corrected for the model's errors (ACC)", "-")}
    for r, source in enumerate(shown):
        for c, stance in enumerate(stances):
            ax = axes[r, c]
            scale = 1 if stance == "net" else 100
            for est, (color, label, ls) in style.items():
                s = data[(data["source"] == source) & (data["stance"] == stance)
                         & (data["estimate"] == est)].sort_values("period")
                if s.empty:
                    continue
                if est == "acc":
                    ax.fill_between(s["period"], scale * s["ci_low"], scale * s["ci_high"],
                                    color=color, alpha=0.2, lw=0)
                else:
                    for bound in ("ci_low", "ci_high"):
                        ax.plot(s["period"], scale * s[bound], color=color, lw=0.6, ls=":")
                ax.plot(s["period"], scale * s["share"], color=color, ls=ls, marker="o", ms=2.5,
                        lw=1.4, label=label)
            if stance == "net":
                ax.axhline(0, color="grey", lw=0.6)
                ax.set_ylim(-1.05, 1.05)
            else:
                ax.set_ylim(0, 100)
            ax.set_title(f"{source}: {stance}" if nrows > 1 else stance, fontsize="medium")
            ax.grid(alpha=0.3)
            date_axis(ax)
        axes[r, 0].set_ylabel("share of mentions (%)", fontsize="small")
    if "net" in stances:
        axes[0, stances.index("net")].set_ylabel("net index (favor − against)", fontsize="small")
    handles = [plt.Line2D([], [], color=col, ls=ls, marker="o", label=lab)
               for col, lab, ls in style.values()]
    fig.suptitle(titled(f"Stance toward {target}: counted vs corrected (95% CI: band = "
                        "corrected, dotted = counted)", corpus=corpus, title=title))
    note = min_n_note(min_articles, what="Periods")
    if len(order) > len(shown):
        note += f" {len(order) - len(shown)} outlets with the fewest articles not shown."
    figure_legend(fig, handles, [h.get_label() for h in handles], note=note)
    return fig
