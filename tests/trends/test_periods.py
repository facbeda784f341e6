"""choose_period: the finest period whose outlet × period cells mostly hold enough articles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.trends.periods import PERIOD_NAMES, choose_period


def _corpus(n_outlets, per_day, days, start="2017-01-02", seed=0):
    rng = np.random.default_rng(seed)
    dates, sources = [], []
    for k in range(n_outlets):
        n = rng.poisson(per_day * days)
        dates += list(pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D"))
        sources += [f"outlet{k}"] * n
    return pd.Series(dates), pd.Series(sources)


@pytest.mark.parametrize(("per_day", "days", "expected"), [
    (10, 120, "D"),       # ten a day per outlet: days are dense enough
    (2, 120, "W"),        # 14 a week
    (0.3, 365, "M"),      # ~9 a month
    (3000 / 8 / 3000, 3000, "Q"),  # the AllSides case: 3,000 articles, 8 outlets, 8 years
])
def test_density_decides(per_day, days, expected):
    dates, sources = _corpus(4, per_day, days)
    period, reason = choose_period(dates, sources)
    assert period == expected
    assert reason.startswith(PERIOD_NAMES[expected])


def test_a_short_sparse_corpus_falls_back_to_the_coarsest_period_with_a_series():
    dates, sources = _corpus(3, 0.2, 60)  # 2 months: too few articles per week, < 4 months
    period, reason = choose_period(dates, sources)
    assert period == "W" and "expect gaps" in reason


@pytest.mark.parametrize("dates", [pd.Series([pd.NaT] * 3), pd.Series(["2017-01-02"] * 9)])
def test_undated_or_one_day_corpora(dates):
    period, reason = choose_period(dates)
    assert period in PERIOD_NAMES and reason


def test_outlets_are_counted_separately():
    dates = pd.Series(pd.date_range("2017-01-01", periods=200, freq="D").repeat(6))
    pooled = choose_period(dates)[0]
    split = choose_period(dates, pd.Series(np.arange(len(dates)) % 6).astype(str))[0]
    assert (pooled, split) == ("D", "W")
