import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from newsprism.plots import plot_net_stance  # noqa: E402
from newsprism.trends import article_stance, stance_over_time  # noqa: E402


def _table():
    sent = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c", "c"], "source": ["X", "X", "X", "X", "Y", "Y"],
        "date": pd.to_datetime(["2017-01-02", "2017-01-02", "2017-01-02", "2017-01-05",
                                "2017-01-10", "2017-01-10"]),
        "target": ["NATO", "NATO", "Russia", "NATO", "NATO", "NATO"],
        "label": ["favor", "neutral", "against", "against", "favor", "favor"]})
    return stance_over_time(article_stance(sent), n_boot=50)


def test_one_panel_per_outlet():
    fig = plot_net_stance(_table(), min_articles=1)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["X", "Y"]


def test_cells_below_min_articles_are_not_drawn():
    fig = plot_net_stance(_table(), targets=["NATO"], min_articles=2)
    x_panel = fig.axes[0]
    assert len(x_panel.lines) == 1 + 1  # the NATO line and the zero line
    assert not [ln for ln in fig.axes[1].lines if len(ln.get_xdata()) and ln.get_label() == "NATO"]
