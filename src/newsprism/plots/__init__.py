"""Charts for newsprism results: each function takes a tidy table and returns a Figure.

One module per stage: :mod:`~newsprism.plots.themes` (theme count, one article's themes),
:mod:`~newsprism.plots.stance` (net stance over time), :mod:`~newsprism.plots.trends`
(prevalence, bursts, lead/lag, corrected shares); :mod:`~newsprism.plots.style` holds the
shared colours. Save a figure with :func:`newsprism.report.writer.save_figure` (PNG + SVG).

Example:
    >>> from newsprism.plots import plot_outlet_multiples    # doctest: +SKIP
    >>> fig = plot_outlet_multiples(prev, top=4)             # doctest: +SKIP
"""

from newsprism.plots.stance import plot_net_stance, plot_stance_raw_vs_corrected
from newsprism.plots.style import OKABE_ITO, PALETTE, theme_colors
from newsprism.plots.themes import plot_nearest_articles, plot_theme_selection, plot_theme_weights
from newsprism.plots.trends import (plot_bursts, plot_lead_lag, plot_outlet_multiples,
                                    plot_raw_vs_corrected, plot_theme_effects,
                                    plot_theme_heatmap, plot_theme_shares)

__all__ = ["plot_theme_shares", "plot_outlet_multiples", "plot_theme_heatmap", "plot_bursts",
           "plot_raw_vs_corrected", "plot_theme_selection", "plot_lead_lag", "theme_colors",
           "plot_nearest_articles", "plot_theme_weights", "plot_net_stance", "plot_theme_effects",
           "plot_stance_raw_vs_corrected",
           "OKABE_ITO", "PALETTE"]
