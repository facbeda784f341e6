"""Every figure of newsprism.plots stays within 4,000 px at 150 dpi, whatever the number of
periods and outlets, and no legend overlaps a title (plots/layout.py's rules)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsprism import plots  # noqa: E402
from newsprism.plots import overview, topics  # noqa: E402
from newsprism.plots.layout import (bounded, corpus_label, layout_problems, notes,  # noqa: E402
                                    panel_grid, titled)
from newsprism.trends import ThemeEffects, detect_bursts  # noqa: E402

# (periods, outlets, period code): a demo-sized case, eight years of weeks × 24 outlets
# (the AllSides export had 8 outlets over 2012-2020; 24 is the stress case), and four
# years of days
CASES = [(12, 3, "W"), (450, 24, "W"), (1500, 4, "D")]
THEMES = [f"theme {i}" for i in range(6)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _periods(T, freq):
    return pd.date_range("2012-01-02", periods=T, freq="7D" if freq == "W" else "D")


def _prev(T, n_out, freq, seed=0):
    rng = np.random.default_rng(seed)
    per, src = _periods(T, freq), [f"Outlet number {i}" for i in range(n_out)]
    idx = pd.MultiIndex.from_product([per, src, THEMES], names=["period", "source", "theme"])
    t = idx.to_frame(index=False)
    t["n_docs"] = np.repeat(rng.integers(0, 30, T * n_out), len(THEMES))
    t["n"] = rng.binomial(t["n_docs"], 0.2)
    t["share"] = (t["n"] / t["n_docs"]).where(t["n_docs"] > 0)
    t["ci_low"], t["ci_high"] = (t["share"] - 0.1).clip(0), (t["share"] + 0.1).clip(upper=1)
    t["ci_method"] = "bootstrap"
    t.attrs.update({"period": freq, "by": "source"})
    return t


def _pooled(T, n_out, freq):
    per = _periods(T, freq)
    t = pd.MultiIndex.from_product([per, THEMES], names=["period", "theme"]).to_frame(index=False)
    rng = np.random.default_rng(1)
    t["share"] = rng.random(len(t)) / len(THEMES)
    t["ci_low"], t["ci_high"] = t["share"] * 0.8, t["share"] * 1.2
    t["n_docs"], t["n_outlets"], t["outlets"] = 50, n_out, "many"
    t["mix_present"], t["weighting"], t["ci_method"] = 1.0, "outlets", "bootstrap"
    t.attrs.update({"period": freq, "by": "pooled"})
    return t


def _stance(T, n_out, freq):
    rng = np.random.default_rng(2)
    per, src = _periods(T, freq), [f"Outlet number {i}" for i in range(n_out)]
    targets = ["North Atlantic Treaty Organization", "Russian Federation", "European Union",
               "United Nations"]
    t = pd.MultiIndex.from_product([per, src, targets], names=["period", "source", "target"]
                                   ).to_frame(index=False)
    t["n"] = rng.integers(0, 8, len(t))
    t["net"] = rng.uniform(-0.6, 0.6, len(t))
    t["ci_low"], t["ci_high"] = t["net"] - 0.2, t["net"] + 0.2
    return t


def _stance_shares(T, n_out, freq):
    rng = np.random.default_rng(3)
    per, src = _periods(T, freq), [f"Outlet number {i}" for i in range(n_out)]
    t = pd.MultiIndex.from_product([per, src, ["favor", "against", "neutral", "net"],
                                    ["raw", "acc"]],
                                   names=["period", "source", "stance", "estimate"]).to_frame(index=False)
    t["target"], t["n_articles"], t["mentions"] = "NATO", rng.integers(0, 9, len(t)), 10
    t["share"] = rng.random(len(t))
    t["ci_low"], t["ci_high"] = t["share"] - 0.1, t["share"] + 0.1
    return t


def _leadlag(n_out):
    src = [f"Outlet number {i:02d}" for i in range(n_out)]
    rows = [{"theme": "theme 0", "source_a": a, "source_b": b, "best_lag": (i % 7) - 3,
             "corr_at_best": 0.3, "corr_at_0": 0.1, "n": 40, "p_value": 0.5 if i % 5 else 0.001,
             "q_value": 0.6 if i % 5 else 0.01, "significant": i % 5 == 0, "n_perm": 999}
            for i, (a, b) in enumerate((a, b) for a in src for b in src if a < b)]
    out = pd.DataFrame(rows)
    out.attrs["fdr"] = 0.05
    return out


def _effects(T, n_out):
    times = pd.date_range("2012-01-02", periods=min(T, 20), freq="30D")
    src = [f"Outlet number {i}" for i in range(n_out)]
    est = pd.DataFrame([(o, t, 0.2, 0.1, 0.3) for o in src for t in times],
                       columns=["outlet", "time", "estimate", "ci_low", "ci_high"])
    con = pd.DataFrame([(src[0], src[-1], t, 0.0, -0.1, 0.1) for t in times],
                       columns=["outlet_a", "outlet_b", "time", "estimate", "ci_low", "ci_high"])
    info = {"theme": "theme 0", "n_docs": 1000, "cluster": "day"}
    return ThemeEffects(est, con, info=info)


def _figures(T, n_out, freq):
    """Every chart of newsprism.plots on tables of T periods × n_out outlets."""
    prev, pooled = _prev(T, n_out, freq), _pooled(T, n_out, freq)
    src = sorted(prev["source"].unique())
    counts = prev.drop_duplicates(["period", "source"])[["source", "period", "n_docs"]]
    acc = pd.concat([prev[prev["source"] == src[0]].assign(estimate=e) for e in ("raw", "acc")])
    acc.attrs.update(prev.attrs)
    labels = [f"topic {i}" for i in range(max(5, n_out))]
    conf = pd.DataFrame([(a, b, 3) for a in labels for b in labels],
                        columns=["true", "predicted", "count"])
    yield "counts_by_period", overview.plot_counts_by_period(counts, corpus="data/x.csv")
    lengths = pd.DataFrame({"source": np.repeat(src, 20), "n_words": np.arange(20 * n_out) + 1})
    yield "text_lengths", overview.plot_text_lengths(lengths)
    terms = pd.DataFrame([(s, f"term{j}", 5.0 - j / 3) for s in src for j in range(10)],
                         columns=["source", "term", "z"])
    yield "distinctive_terms", overview.plot_distinctive_terms(terms)
    yield "rejects", overview.plot_rejects(pd.DataFrame({"reason": ["empty"] * 3 + ["short"]}))
    yield "confusion", topics.plot_confusion(conf)
    per_class = pd.DataFrame({"label": labels, "f1": 0.7, "f1_low": 0.6, "f1_high": 0.8})
    yield "per_class", topics.plot_per_class(per_class)
    comp = pd.DataFrame({"evaluation": labels, "macro_f1": 0.7, "macro_f1_low": 0.6,
                         "macro_f1_high": 0.8, "grouped_duplicates": True})
    yield "comparison", topics.plot_comparison(comp)
    top = pd.DataFrame([(lab, r, f"w{r}", 1.0 / (r + 1)) for lab in labels for r in range(10)],
                       columns=["label", "rank", "term", "weight"])
    yield "top_terms", topics.plot_top_terms(top)
    sections = pd.DataFrame({"source": np.repeat(src, 5), "section": [f"s{i}" for i in range(5 * n_out)],
                             "articles": 10, "section_topic": ["politics", ""] * (5 * n_out // 2)
                             + [""] * (5 * n_out % 2), "agree": 0.5,
                             "share_most_common": 0.5, "most_common_prediction": "politics"})
    yield "transfer", topics.plot_transfer(sections)
    near = pd.DataFrame({"title": [f"article {i}" for i in range(10)], "source": src[0],
                         "similarity": np.linspace(0.5, 0.1, 10)})
    yield "nearest", plots.plot_nearest_articles(near)
    yield "theme_weights", plots.plot_theme_weights(pd.DataFrame({"label": THEMES, "weight": 0.1}))
    sel = pd.DataFrame({"n_themes": [4, 6, 8], "coherence": [0.1, 0.2, 0.1],
                        "stability": [0.9, 0.8, 0.6], "chosen": [False, True, False]})
    yield "theme_selection", plots.plot_theme_selection(sel)
    yield "theme_shares", plots.plot_theme_shares(pooled, corpus="AllSides sample")
    yield "outlet_multiples", plots.plot_outlet_multiples(prev)
    yield "outlet_multiples_by_theme", plots.plot_outlet_multiples(prev, facet="theme")
    yield "heatmap", plots.plot_theme_heatmap(pooled)
    yield "heatmap_one_outlet", plots.plot_theme_heatmap(prev, source=src[0])
    yield "bursts", plots.plot_bursts(detect_bursts(prev), theme="theme 0")
    yield "raw_vs_corrected", plots.plot_raw_vs_corrected(acc, source=src[0])
    yield "lead_lag", plots.plot_lead_lag(_leadlag(n_out), theme="theme 0")
    yield "effects", plots.plot_theme_effects(_effects(T, n_out), contrast=(src[0], src[-1]))
    yield "net_stance", plots.plot_net_stance(_stance(T, n_out, freq))
    yield "stance_raw_vs_corrected", plots.plot_stance_raw_vs_corrected(
        _stance_shares(T, n_out, freq), target="NATO")


@pytest.mark.parametrize("T, n_out, freq", CASES, ids=[f"{t}{f}x{n}" for t, n, f in CASES])
def test_every_figure_is_bounded_and_no_legend_overlaps_a_title(T, n_out, freq):
    problems = {}
    for name, fig in _figures(T, n_out, freq):
        found = layout_problems(fig)
        if found:
            problems[name] = found
        plt.close(fig)
    assert problems == {}


def test_the_minimum_n_rule_is_stated_on_the_cell_charts():
    prev, pooled = _prev(12, 3, "W"), _pooled(12, 3, "W")
    for fig in (plots.plot_outlet_multiples(prev, min_docs=5), plots.plot_theme_heatmap(pooled),
                plots.plot_theme_shares(pooled, min_docs=5), plots.plot_bursts(
                    detect_bursts(prev), theme="theme 0"),
                plots.plot_net_stance(_stance(12, 3, "W"), min_articles=2)):
        assert any("fewer than" in text for text in notes(fig))


def test_long_axes_are_aggregated_and_say_so():
    fig = plots.plot_theme_heatmap(_pooled(450, 3, "W"))
    assert fig.axes[0].images[0].get_array().shape[1] <= 60
    assert "aggregated" in fig.axes[0].get_xlabel() and "aggregated" in notes(fig)[0]
    counts = _prev(450, 3, "W").drop_duplicates(["period", "source"])
    fig = overview.plot_counts_by_period(counts[["source", "period", "n_docs"]])
    assert fig.axes[0].images[0].get_array().shape[1] <= 60
    assert "quarter" in fig.axes[0].get_title()


def test_many_outlets_keep_the_largest_panels_and_say_how_many_are_not_shown():
    prev = _prev(12, 120, "W")
    fig = plots.plot_outlet_multiples(prev)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) < 120 and f"{120 - len(shown)} more outlets" in notes(fig)[0]


@pytest.mark.parametrize("name, expected", [("data/raw/my_news.csv", "my_news"),
                                            ("C:\\corpora\\AllSides.parquet", "AllSides"),
                                            ("export.csv.gz", "export"),
                                            ("NewsArticles", "NewsArticles")])
def test_titles_carry_the_corpus_name_never_its_path(name, expected):
    assert corpus_label(name) == expected
    assert titled("Theme shares", corpus=name) == f"{expected}: Theme shares"
    assert titled("Theme shares", corpus=name, title="Mine") == "Mine"
    fig = plots.plot_theme_heatmap(_pooled(12, 3, "W"), corpus=name)
    assert fig.axes[0].get_title().startswith(f"{expected}: ")


@pytest.mark.parametrize("n", [1, 7, 40, 200])
def test_panel_grid_stays_within_the_bound(n):
    nrows, ncols, (w, h), shown = panel_grid(n)
    assert w <= 22 and h <= 22 and nrows * ncols >= shown
    assert shown == n or n > 60
    assert bounded(30, 5) == (22.0, 5.0)


def test_the_check_sees_a_legend_on_the_title():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], label="a long legend entry")
    ax.set_title("a title that the legend will cover")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.12))
    assert layout_problems(fig) == ["legend overlaps the title 'a title that the legend will c'"]
    wide, _ = plt.subplots(figsize=(40, 2))
    assert "exceeds 4000 px" in layout_problems(wide)[0]


def test_the_check_measures_the_saved_file_where_a_figure_legend_moves():
    # on screen this legend clears the footnote; a tight save re-anchors it to the
    # cropped bottom edge, onto the note. figure_legend places both so they do not meet.
    from newsprism.plots.layout import add_note, figure_legend

    def panels():
        fig, axes = plt.subplots(2, 2, layout="constrained", figsize=(8, 5))
        for ax in axes.flat:
            ax.plot([0, 1], label="counted labels")
        return fig, axes[0, 0].get_legend_handles_labels()

    note = "Periods with fewer than 3 articles are not shown; 12 outlets with the fewest not shown."
    fig, (h, lab) = panels()
    fig.legend(h, lab, loc="outside lower center")
    add_note(fig, note)
    assert layout_problems(fig) == ["legend overlaps the note"]
    fig, (h, lab) = panels()
    figure_legend(fig, h, lab, note=note)
    assert layout_problems(fig) == [] and notes(fig) == [note]
