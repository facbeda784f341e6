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
