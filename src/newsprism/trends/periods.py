"""The one period function of newsprism.trends: dates → the first day of their period.

Prevalence, classifier-corrected shares and stance over time all bin dates with
:func:`period_start`, so a "week" means the same everywhere (Monday to Sunday).

Example:
    >>> import pandas as pd
    >>> d = pd.Series(pd.to_datetime(["2017-01-04", "2017-01-09", "2017-02-28"]))
    >>> period_start(d, "W").dt.strftime("%Y-%m-%d").tolist()
    ['2017-01-02', '2017-01-09', '2017-02-27']
    >>> period_start(d, "M").dt.strftime("%Y-%m-%d").tolist()
    ['2017-01-01', '2017-01-01', '2017-02-01']
"""

from __future__ import annotations

import pandas as pd

PERIODS = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}
PERIOD_NAMES = {"D": "day", "W": "week (starting Monday)", "M": "month", "Q": "quarter",
                "Y": "year"}


def _check(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {sorted(PERIODS)}, got {period!r}")
    return PERIODS[period]


def period_start(dates, period: str) -> pd.Series:
    """First day of each date's period: ``"D"``, ``"W"`` (weeks start Monday), ``"M"``,
    ``"Q"`` or ``"Y"``. Unparseable dates become NaT."""
    freq = _check(period)
    dates = pd.to_datetime(pd.Series(dates), errors="coerce")
    return dates.dt.to_period(freq).dt.start_time


def period_range(first, last, period: str) -> pd.DatetimeIndex:
    """Every period start from ``first``'s period to ``last``'s (gaps included)."""
    return pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq=_check(period)).start_time
