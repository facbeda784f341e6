"""Charts for newsprism results: each function takes a tidy table and returns a Figure.

Save them with :func:`newsprism.report.writer.save_figure` (PNG + SVG, 150 dpi).

Example:
    >>> from newsprism.plots import plot_outlet_multiples    # doctest: +SKIP
    >>> fig = plot_outlet_multiples(prev, top=4)             # doctest: +SKIP
"""

from newsprism.plots.casestudy import plot_nearest_articles, plot_theme_weights
from newsprism.plots.trends import (OKABE_ITO, PALETTE, plot_bursts, plot_lead_lag,
                                    plot_outlet_multiples, plot_raw_vs_corrected,
                                    plot_theme_heatmap, plot_theme_selection, plot_theme_shares,
                                    theme_colors)

__all__ = ["plot_theme_shares", "plot_outlet_multiples", "plot_theme_heatmap", "plot_bursts",
           "plot_raw_vs_corrected", "plot_theme_selection", "plot_lead_lag", "theme_colors",
           "plot_nearest_articles", "plot_theme_weights",
           "OKABE_ITO", "PALETTE"]
