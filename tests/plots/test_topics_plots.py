import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsprism.plots import topics as topic_plots  # noqa: E402

CONFUSION = pd.DataFrame({"true": ["a", "a", "b", "b"], "predicted": ["a", "b", "a", "b"],
                          "count": [9, 1, 0, 10]})
PER_CLASS = pd.DataFrame({"label": ["a", "b"], "f1": [0.9, 0.8], "f1_low": [0.85, 0.7],
                          "f1_high": [0.95, 0.9]})
COMPARISON = pd.DataFrame({"evaluation": ["leaky", "grouped"], "macro_f1": [0.98, 0.97],
                           "macro_f1_low": [0.97, 0.96], "macro_f1_high": [0.99, 0.98],
                           "grouped_duplicates": [False, True]})
TERMS = pd.DataFrame({"label": ["a", "a", "b"], "rank": [1, 2, 1], "term": ["x", "y", "z"],
                      "weight": [1.0, 0.5, 0.7]})
BY_SECTION = pd.DataFrame({"source": ["TASS", "TASS"], "section": ["sport", "world"],
                           "articles": [10, 8], "section_topic": ["sports", ""],
                           "agree": [0.9, float("nan")],
                           "most_common_prediction": ["sports", "business"],
                           "share_most_common": [0.9, 0.6]})


@pytest.mark.parametrize("plot, args, title", [
    (topic_plots.plot_confusion, (CONFUSION,), "Confusion matrix (share of each true topic)"),
    (topic_plots.plot_per_class, (PER_CLASS,), "F1 per topic with 95% interval"),
    (topic_plots.plot_comparison, (COMPARISON,), "Macro-F1 by evaluation (95% interval)"),
])
def test_figures_have_their_titles(plot, args, title):
    fig = plot(*args)
    assert fig.axes[0].get_title() == title
    plt.close(fig)


def test_top_terms_and_transfer_figures():
    fig = topic_plots.plot_top_terms(TERMS, n=2, ncols=2)
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["a", "b"]
    plt.close(fig)
    fig = topic_plots.plot_transfer(BY_SECTION)
    assert len(fig.axes) == 2
    plt.close(fig)


def test_confusion_counts_not_shares():
    fig = topic_plots.plot_confusion(CONFUSION, normalize=False)
    assert fig.axes[0].get_title() == "Confusion matrix (articles)"
    plt.close(fig)
