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


def _shares():
    import numpy as np

    from newsprism.trends import stance_shares_acc

    rng = np.random.default_rng(0)
    rows = []
    for week in pd.date_range("2017-01-02", periods=6, freq="7D"):
        for source in ("X", "Y"):
            for _ in range(8):
                k = rng.multinomial(4, [0.5, 0.3, 0.2])
                rows.append({"date": week, "source": source, "target": "NATO",
                             "n_favor": k[0], "n_against": k[1], "n_neutral": k[2]})
    cm = np.array([[80, 10, 10], [10, 80, 10], [20, 20, 60]])
    return stance_shares_acc(pd.DataFrame(rows), ["favor", "against", "neutral"], cm, n_boot=50)


def test_raw_and_corrected_stance_side_by_side():
    from newsprism.plots import plot_stance_raw_vs_corrected

    fig = plot_stance_raw_vs_corrected(_shares(), target="NATO", corpus="data/my corpus.csv")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible[:4]] == ["X: favor", "X: against", "X: neutral",
                                                      "X: net"]
    assert len(visible) == 8                       # 2 outlets × 4 stances
    labels = {ln.get_label() for ln in visible[0].lines}
    assert {"counted labels", "corrected for the model's errors (ACC)"} <= labels
    assert len(visible[0].collections) == 1        # the corrected band
    assert visible[0].get_ylim() == (0, 100) and visible[3].get_ylim() == (-1.05, 1.05)
    assert fig._suptitle.get_text().startswith("my corpus: Stance toward NATO")
    from newsprism.plots.layout import notes

    assert "fewer than 3 articles" in notes(fig)[0]


def test_net_stance_targets_default_to_the_table_and_legend_clears_the_title():
    from newsprism.plots.layout import layout_problems

    t = _table()
    fig = plot_net_stance(t, min_articles=1)
    assert [h.get_text() for h in fig.legends[0].get_texts()] == ["NATO", "Russia"]
    many = pd.concat([t.assign(target=f"target number {i}") for i in range(4)])
    fig = plot_net_stance(many, min_articles=1, corpus="demo")
    assert layout_problems(fig) == []
