"""pooled_prevalence: outlet-weighted pooling removes a trend that only composition makes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.trends import pooled_prevalence, prevalence


def _two_outlets():
    """A covers economy in 70 % of its articles, B in 20 %, every week; A publishes 90 %
    of the articles in January and 10 % in February. Neither outlet changes its agenda."""
    rows, doc = [], 0
    for week in pd.date_range("2017-01-02", periods=8, freq="7D"):
        mix = {"A": 90, "B": 10} if week < pd.Timestamp("2017-02-01") else {"A": 10, "B": 90}
        for outlet, n in mix.items():
            share = 0.7 if outlet == "A" else 0.2
            for i in range(n):
                rows.append({"doc_id": doc, "date": week, "source": outlet,
                             "theme": "economy" if i < round(share * n) else "other"})
                doc += 1
    return pd.DataFrame(rows)


def test_volume_pooling_shows_a_false_trend_and_outlet_pooling_does_not():
    a = _two_outlets()
    vol = pooled_prevalence(a, weighting="volume", themes=["economy"], n_boot=0)
    eq = pooled_prevalence(a, themes=["economy"], n_boot=0)
    jan, feb = vol["period"] < "2017-02-01", vol["period"] >= "2017-02-01"
    assert vol.loc[jan, "share"].mean() - vol.loc[feb, "share"].mean() == pytest.approx(0.4)
    assert np.allclose(eq["share"], 0.45)             # (0.7 + 0.2) / 2 every week
    # volume pooling is exactly the pooled prevalence of all articles
    flat = prevalence(a, by=None, themes=["economy"], n_boot=0)
    assert np.allclose(vol["share"], flat["share"])
    assert (eq["n_outlets"] == 2).all() and (eq["outlets"] == "A, B").all()
    assert (eq["weighting"] == "outlets").all() and (vol["weighting"] == "volume").all()


def test_fixed_mix_and_missing_outlets():
    a = _two_outlets()
    a = a[~((a["source"] == "B") & (a["date"] == pd.Timestamp("2017-01-02")))]
    mix = pooled_prevalence(a, weighting={"A": 3, "B": 1}, themes=["economy"], n_boot=0)
    first = mix.iloc[0]
    assert first["n_outlets"] == 1 and first["mix_present"] == pytest.approx(0.75)
    assert first["share"] == pytest.approx(0.7)        # only A present: its own share
    assert mix.iloc[1]["share"] == pytest.approx(0.75 * 0.7 + 0.25 * 0.2)
    assert (mix["weighting"] == "fixed mix").all()


def test_min_docs_and_gaps():
    a = _two_outlets()
    p = pooled_prevalence(a, themes=["economy"], min_docs=20, n_boot=0)
    assert p.iloc[0]["n_outlets"] == 1 and p.iloc[0]["share"] == pytest.approx(0.7)
    gap = pooled_prevalence(a, themes=["economy"], end="2017-03-27", n_boot=0)
    assert np.isnan(gap.iloc[-1]["share"]) and gap.iloc[-1]["n_outlets"] == 0


def test_intervals_cover_the_point_and_follow_the_seed():
    a = _two_outlets()
    p = pooled_prevalence(a, themes=["economy"], n_boot=300, seed=1)
    assert (p["ci_low"] <= p["share"]).all() and (p["share"] <= p["ci_high"]).all()
    pd.testing.assert_frame_equal(p, pooled_prevalence(a, themes=["economy"], n_boot=300, seed=1))


def test_bad_weighting_is_refused():
    with pytest.raises(ValueError, match="weighting"):
        pooled_prevalence(_two_outlets(), weighting="equal", n_boot=0)


def test_degenerate_pooled_shares_get_a_wilson_interval():
    # two outlets, every article carries the theme: the bootstrap can only say [1, 1]
    a = pd.DataFrame({"doc_id": range(6), "date": pd.to_datetime(["2017-01-02"] * 6),
                      "source": ["A"] * 4 + ["B"] * 2, "theme": "war"})
    p = pooled_prevalence(a, themes=["war"], n_boot=200)
    row = p.iloc[0]
    assert row["share"] == 1.0 and row["ci_method"] == "wilson"
    assert row["ci_low"] < 1.0 and row["ci_high"] == 1.0
    # n_eff = 1 / (0.25/4 + 0.25/2) = 5.33 articles, less than the 6 drawn: B weighs as much as A
    from newsprism.evaluation import wilson_interval

    assert row["ci_low"] == pytest.approx(float(wilson_interval(16 / 3, 16 / 3)[0]))
    boot = pooled_prevalence(a, themes=["war"], n_boot=200, interval="bootstrap").iloc[0]
    assert boot["ci_low"] == boot["ci_high"] == 1.0 and boot["ci_method"] == "bootstrap"


def _stance_two_outlets():
    """A writes favourably about the target (80 % favor, 10 % against), B critically
    (10 % / 80 %), every week; A writes most of the articles in January, B in February.
    Neither outlet changes its stance."""
    from newsprism.trends import pooled_stance_shares  # noqa: F401  (import checked here)

    rows = []
    for week in pd.date_range("2017-01-02", periods=8, freq="7D"):
        mix = {"A": 40, "B": 10} if week < pd.Timestamp("2017-02-01") else {"A": 10, "B": 40}
        for outlet, n in mix.items():
            fav, ag = (8, 1) if outlet == "A" else (1, 8)
            for i in range(n):   # 10 articles in a row = 8/1/1 mentions (or 1/8/1)
                k = i % 10
                label = "favor" if k < fav else "against" if k < fav + ag else "neutral"
                rows.append({"date": week, "source": outlet, "target": "NATO",
                             "n_favor": int(label == "favor"), "n_against": int(label == "against"),
                             "n_neutral": int(label == "neutral")})
    return pd.DataFrame(rows)


def test_pooled_stance_has_no_false_trend_where_volume_pooling_does():
    from newsprism.trends import pooled_stance_shares

    arts = _stance_two_outlets()
    vol = pooled_stance_shares(arts, weighting="volume", n_boot=0)
    eq = pooled_stance_shares(arts, n_boot=200, seed=1)
    jan = lambda t: t[(t["stance"] == "net") & (t["period"] < "2017-02-01")]["share"]  # noqa: E731
    feb = lambda t: t[(t["stance"] == "net") & (t["period"] >= "2017-02-01")]["share"]  # noqa: E731
    # volume pooling: net stance "falls" from +0.42 to -0.42 although nobody changed
    assert jan(vol).mean() == pytest.approx((40 * 0.7 - 10 * 0.7) / 50)
    assert jan(vol).mean() - feb(vol).mean() == pytest.approx(0.84)
    # equal outlet weight: flat at (0.7 - 0.7) / 2 = 0 every week
    assert np.allclose(eq.loc[eq["stance"] == "net", "share"], 0.0)
    fav = eq[eq["stance"] == "favor"]
    assert np.allclose(fav["share"], 0.45)
    assert (fav["ci_low"] <= 0.45).all() and (fav["ci_high"] >= 0.45).all()
    assert (eq["n_outlets"] == 2).all() and (eq["weighting"] == "outlets").all()
    assert set(eq["ci_method"]) <= {"bootstrap", "wilson"}


def test_pooled_stance_needs_article_counts():
    from newsprism.trends import pooled_stance_shares

    with pytest.raises(ValueError, match="n_favor"):
        pooled_stance_shares(pd.DataFrame({"date": [], "source": [], "target": []}))
