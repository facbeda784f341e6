import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsprism.plots import (PALETTE, plot_bursts, plot_lead_lag, plot_outlet_multiples,  # noqa: E402
                             plot_raw_vs_corrected, plot_theme_heatmap, plot_theme_selection,
                             plot_theme_shares, theme_colors)
from newsprism.report.writer import save_figure  # noqa: E402
from newsprism.trends import (detect_bursts, lead_lag, pooled_prevalence, prevalence,  # noqa: E402
                              prevalence_acc)


@pytest.fixture(scope="module")
def assignments():
    rng = np.random.default_rng(0)
    n = 600
    dates = pd.Timestamp("2017-01-02") + pd.to_timedelta(rng.integers(0, 56, n), unit="D")
    df = pd.DataFrame({"doc_id": np.arange(n), "date": dates, "source": rng.choice(["A", "B", "C"], n),
                       "theme": rng.choice(["war", "oil", "vote"], n)})
    gap = (df.source == "C") & (df.date >= "2017-01-23") & (df.date < "2017-01-30")
    return df[~gap]


@pytest.fixture(scope="module")
def prev(assignments):
    return prevalence(assignments, period="W", n_boot=100)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _labels_ok(fig):
    for ax in fig.axes:
        if ax.get_visible() and ax.has_data() and ax.get_label() != "<colorbar>":
            assert ax.get_xlabel() or ax.get_ylabel() or ax.get_title()
    ylabels = " ".join(ax.get_ylabel() for ax in fig.axes)
    assert "%" in ylabels or "lag" in ylabels or "NPMI" in ylabels


def test_stacked_area_sums_to_100(assignments):
    fig = plot_theme_shares(pooled_prevalence(assignments, n_boot=0))
    _labels_ok(fig)
    ax = fig.axes[0]
    assert ax.get_ylim() == (0, 100)
    assert len(ax.collections) == 3   # one band per theme
    assert "each outlet present weighs the same" in ax.get_title()
    strip = ax.child_axes[0]          # the outlets present per period
    assert strip.get_ylabel() == "outlets" and len(strip.patches) == 8


def test_several_outlets_must_be_pooled_first(prev):
    with pytest.raises(ValueError, match="pooled_prevalence"):
        plot_theme_shares(prev)
    assert plot_theme_shares(prev, source="A").axes[0].get_ylim() == (0, 100)


def test_volume_pooling_is_labelled(assignments):
    fig = plot_theme_heatmap(pooled_prevalence(assignments, weighting="volume", n_boot=0))
    assert "volume" in fig.axes[0].get_title()


def test_effects_plot_with_a_contrast(assignments):
    from newsprism.plots import plot_theme_effects
    from newsprism.trends import theme_effects

    fx = theme_effects(assignments, "war", n_times=5, df=4)
    fig = plot_theme_effects(fx, contrast=("B", "A"))
    _labels_ok(fig)
    assert len(fig.axes[0].lines) == 3 and "B − A" in fig.axes[1].get_title()


def test_multi_label_falls_back_to_lines():
    df = pd.DataFrame({"doc_id": [1, 1, 2, 3, 4, 5, 6], "date": ["2017-01-02"] * 7, "source": "S",
                       "theme": ["x", "y", "x", "x", "y", "x", "x"]})
    fig = plot_theme_shares(prevalence(df, n_boot=0))
    assert len(fig.axes[0].lines) == 2 and "several" in fig.axes[0].get_title()


def test_small_multiples_gap_is_nan(prev):
    fig = plot_outlet_multiples(prev, top=2)
    _labels_ok(fig)
    panel_c = [ax for ax in fig.axes if ax.get_title().startswith("C ")][0]
    y = panel_c.lines[0].get_ydata()
    assert np.isnan(np.asarray(y, dtype=float)).sum() >= 1      # the empty week is a gap
    assert sum(ax.get_visible() for ax in fig.axes) == 3


def test_heatmap_and_bursts(prev):
    fig = plot_theme_heatmap(prev, source="C")
    _labels_ok(fig)
    img = fig.axes[0].images[0].get_array()
    assert np.ma.count_masked(img) == 3       # the gap week, 3 themes
    b = detect_bursts(prev)
    fig2 = plot_bursts(b, theme="war")
    _labels_ok(fig2)
    with pytest.raises(ValueError):
        plot_bursts(prev, theme="war")


def test_raw_vs_corrected(assignments):
    C = np.array([[40, 5, 5], [5, 40, 5], [5, 5, 40]])
    t = prevalence_acc(assignments, ["oil", "vote", "war"], C, by=None, n_boot=50)
    fig = plot_raw_vs_corrected(t)
    _labels_ok(fig)
    assert len(fig.axes[0].lines) == 4   # raw + corrected lines, raw CI bounds dashed
    assert len(fig.axes[0].collections) == 1   # corrected CI band


def test_selection_and_leadlag(prev, tmp_path):
    sel = pd.DataFrame({"n_themes": [4, 6, 8], "coherence": [0.1, 0.2, 0.15],
                        "stability": [0.9, 0.8, 0.6], "chosen": [False, True, False]})
    fig = plot_theme_selection(sel)
    _labels_ok(fig)
    ll = lead_lag(prev, themes=["war"], min_overlap=3)
    fig2 = plot_lead_lag(ll, theme="war")
    paths = save_figure(fig2, "lead_lag_test", tmp_path)
    assert all(p.stat().st_size > 0 for p in paths)


def test_palette_is_colour_blind_safe_set():
    assert PALETTE[0] == "#E69F00" and len(set(PALETTE)) == len(PALETTE)
    c = theme_colors([f"t{i}" for i in range(20)])
    assert c["t0"] == c[f"t{len(PALETTE)}"]


def test_facet_by_theme(prev):
    fig = plot_outlet_multiples(prev, themes=["war", "oil"], facet="theme", ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["war", "oil"]
    assert len(fig.axes[0].lines) == 3     # one line per outlet
    with pytest.raises(ValueError):
        plot_outlet_multiples(prev, facet="bogus")
