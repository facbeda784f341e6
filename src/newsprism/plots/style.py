"""The look shared by every newsprism chart: colour-blind safe colours, figure and date axes.

Colours: the Okabe–Ito palette first, then Paul Tol's "muted" set, so up to 16 themes stay
distinguishable; heatmaps use viridis.

Example:
    >>> theme_colors(["a", "b"])
    {'a': '#E69F00', 'b': '#56B4E9'}
"""

from __future__ import annotations

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
TOL_MUTED = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
             "#999933", "#AA4499"]
# Okabe-Ito yellow is faint as a line on white, so it comes after the darker colours
# Tol colours ordered so that hues close to an Okabe-Ito one (rose, purple) come last
PALETTE = ([OKABE_ITO[i] for i in (0, 1, 2, 4, 5, 6)]
           + [TOL_MUTED[i] for i in (1, 7, 5, 6, 2, 4, 3, 0, 8)] + [OKABE_ITO[3], "#777777"])


def theme_colors(themes) -> dict:
    """Stable theme → colour mapping (cycles after 16 themes)."""
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}


def new_figure(plt, *args, **kwargs):
    fig, ax = plt.subplots(*args, layout="constrained", **kwargs)
    return fig, ax


def date_axis(ax):
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
