import numpy as np
import pandas as pd
import pytest

from newsprism.trends import prevalence, smooth


def _single_label(seed=0, n=300):
    rng = np.random.default_rng(seed)
    dates = pd.Timestamp("2017-01-02") + pd.to_timedelta(rng.integers(0, 35, n), unit="D")
    df = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "date": dates,
                       "source": rng.choice(["A", "B", "C"], n),
                       "theme": rng.choice(["war", "oil", "vote"], n, p=[0.5, 0.3, 0.2])})
    # outlet C publishes nothing in the third week -> a gap
    week3 = (df["date"] >= "2017-01-16") & (df["date"] < "2017-01-23")
    return df[~(week3 & (df["source"] == "C"))].reset_index(drop=True)


def test_columns_and_full_grid():
    p = prevalence(_single_label(), period="W", n_boot=200)
    assert list(p.columns) == ["period", "source", "theme", "n", "n_docs", "share", "ci_low", "ci_high",
                               "ci_method"]
    assert len(p) == 5 * 3 * 3   # 5 weeks × 3 outlets × 3 themes


def test_single_label_shares_sum_to_one():
    p = prevalence(_single_label(), period="W", n_boot=200)
    sums = p.dropna(subset=["share"]).groupby(["period", "source"])["share"].sum()
    assert np.allclose(sums, 1.0)
    assert (p.groupby(["period", "source"])["n"].sum()
            == p.groupby(["period", "source"])["n_docs"].first()).all()


def test_empty_period_is_gap_not_zero():
    p = prevalence(_single_label(), period="W", n_boot=200)
    gap = p[(p.source == "C") & (p.period == pd.Timestamp("2017-01-16"))]
    assert len(gap) == 3
    assert (gap["n_docs"] == 0).all() and gap["share"].isna().all() and gap["ci_low"].isna().all()
    assert p.loc[p.source != "C", "share"].notna().all()


def test_ci_contains_point_and_is_ordered():
    p = prevalence(_single_label(), period="W", n_boot=500).dropna(subset=["share"])
    assert (p["ci_low"] <= p["share"] + 1e-12).all() and (p["share"] <= p["ci_high"] + 1e-12).all()
    assert (p["ci_low"] >= 0).all() and (p["ci_high"] <= 1).all()
    # fewer documents -> wider intervals on average
    p["width"] = p["ci_high"] - p["ci_low"]
    small = p[p.n_docs <= p.n_docs.median()]["width"].mean()
    large = p[p.n_docs > p.n_docs.median()]["width"].mean()
    assert small > large


def test_bootstrap_is_seeded():
    a = prevalence(_single_label(), n_boot=100, seed=3)
    b = prevalence(_single_label(), n_boot=100, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_normalised_by_outlet_volume():
    df = pd.DataFrame({"doc_id": list("abcdef"), "date": ["2017-01-02"] * 6,
                       "source": ["big"] * 4 + ["small"] * 2,
                       "theme": ["x", "x", "y", "y", "x", None]})
    p = prevalence(df, n_boot=0).set_index(["source", "theme"])
    assert p.loc[("big", "x"), "share"] == 0.5
    assert p.loc[("small", "x"), "share"] == 0.5   # the None doc still counts in the volume
    assert p.loc[("small", "y"), "share"] == 0.0
    assert p.loc[("small", "x"), "n_docs"] == 2


def test_multi_label_shares_need_not_sum_to_one():
    df = pd.DataFrame({"doc_id": ["a", "a", "b"], "date": ["2017-01-02"] * 3, "source": "S",
                       "theme": ["x", "y", "x"]})
    p = prevalence(df, n_boot=0)
    assert p.set_index("theme")["share"].to_dict() == {"x": 1.0, "y": 0.5}
    assert p["n_docs"].unique().tolist() == [2]


def test_weighted_prevalence_sums_to_one():
    df = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "date": ["2017-01-02"] * 4, "source": "S",
                       "theme": ["x", "y", "x", "y"], "weight": [0.25, 0.75, 0.5, 0.5]})
    p = prevalence(df, weight="weight", n_boot=100)
    assert p.set_index("theme")["share"].to_dict() == {"x": 0.375, "y": 0.625}
    assert (p["ci_low"] <= p["share"]).all() and (p["share"] <= p["ci_high"]).all()


@pytest.mark.parametrize("period, n_periods", [("D", 35), ("W", 5), ("M", 2)])
def test_periods(period, n_periods):
    p = prevalence(_single_label(), period=period, by=None, n_boot=0)
    assert p["period"].nunique() == n_periods
    assert set(p["source"]) == {"all"}


def test_by_other_column_and_dropped_dates():
    df = _single_label().assign(bias=lambda d: d.source.map({"A": "left", "B": "right", "C": "left"}))
    df.loc[0, "date"] = None
    p = prevalence(df, by="bias", n_boot=0)
    assert "bias" in p.columns and set(p["bias"]) == {"left", "right"}
    assert p.attrs["n_dropped_no_date"] == 1


def test_input_not_mutated():
    df = _single_label()
    before = df.copy()
    prevalence(df, n_boot=10)
    pd.testing.assert_frame_equal(df, before)


def test_smooth_keeps_gaps():
    p = smooth(prevalence(_single_label(), n_boot=0), window=3)
    assert p.loc[p.share.isna(), "share_smooth"].isna().all()
    assert p.loc[p.share.notna(), "share_smooth"].notna().all()


def test_bad_period():
    with pytest.raises(ValueError, match="period"):
        prevalence(_single_label(), period="fortnight")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from("AB"), st.sampled_from("xyz")),
                min_size=1, max_size=60))
def test_properties_on_random_assignments(rows):
    df = pd.DataFrame({"doc_id": range(len(rows)),
                       "date": [pd.Timestamp("2017-01-02") + pd.Timedelta(days=d) for d, _, _ in rows],
                       "source": [s for _, s, _ in rows], "theme": [t for _, _, t in rows]})
    p = prevalence(df, period="W", n_boot=50)
    full = p.dropna(subset=["share"])
    assert np.allclose(full.groupby(["period", "source"])["share"].sum(), 1.0)
    assert ((full.ci_low <= full.share + 1e-12) & (full.share <= full.ci_high + 1e-12)).all()
    assert (p.loc[p.n_docs == 0, "share"].isna()).all()
    assert p.groupby(["period", "source"])["n_docs"].first().sum() == len(df)


@pytest.mark.parametrize("n_docs", [1, 3, 12, 40])
def test_all_or_nothing_cells_get_a_wilson_interval_not_a_zero_width_one(n_docs):
    # e.g. 12 of 12 articles of an outlet in a week carry the theme: the percentile
    # bootstrap says [1.0, 1.0]; the Wilson interval says how little 12 articles prove
    a = pd.DataFrame({"doc_id": range(n_docs), "date": pd.Timestamp("2017-01-02"),
                      "source": "X", "theme": "war"})
    p = prevalence(a, themes=["war", "oil"], n_boot=200).set_index("theme")
    assert (p["ci_method"] == "wilson").all()
    assert p.at["war", "share"] == 1.0 and p.at["war", "ci_low"] < 1.0 == p.at["war", "ci_high"]
    assert p.at["oil", "share"] == 0.0 and p.at["oil", "ci_low"] == 0.0 < p.at["oil", "ci_high"]
    assert p.at["oil", "ci_high"] == pytest.approx(1.959964 ** 2 / (n_docs + 1.959964 ** 2), rel=1e-5)


def test_large_mixed_cells_keep_the_bootstrap_and_empty_cells_have_no_interval():
    a = pd.DataFrame({"doc_id": range(100), "date": ["2017-01-02"] * 100, "source": "X",
                      "theme": ["war"] * 50 + ["oil"] * 50})
    a.loc[0, "date"] = "2017-01-16"   # leaves the week of 2017-01-09 empty
    p = prevalence(a, n_boot=200)
    assert set(p.loc[p["n_docs"] == 99, "ci_method"]) == {"bootstrap"}
    assert set(p.loc[p["n_docs"] == 0, "ci_method"]) == {"none"}
    assert set(prevalence(a, n_boot=0)["ci_method"]) == {"none"}
