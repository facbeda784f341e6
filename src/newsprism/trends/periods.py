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


#: periods :func:`choose_period` considers, finest first
CANDIDATE_PERIODS = ("D", "W", "M", "Q", "Y")


def choose_period(dates, sources=None, *, min_docs: int = 5, min_share: float = 0.5,
                  min_periods: int = 4) -> tuple[str, str]:
    """The finest period whose outlet × period cells mostly hold enough articles.

    For each of day, week, month, quarter and year (finest first) count the articles in
    every cell of outlet × period from each outlet's first to its last dated article
    (empty periods inside that span count as cells too). The first period in which at least
    ``min_share`` of the cells hold ``min_docs`` articles or more, and which still gives
    ``min_periods`` periods over the corpus, is chosen; when none qualifies, the coarsest
    one that still gives ``min_periods`` periods (else ``"Y"``). Returns the period code and
    a sentence saying why.

    Example:
        >>> import pandas as pd
        >>> daily = pd.Series(pd.date_range("2017-01-01", periods=400, freq="D").repeat(6))
        >>> choose_period(daily)[0]
        'D'
        >>> sparse = pd.Series(pd.date_range("2012-01-01", periods=300, freq="9D"))
        >>> choose_period(sparse)[0]
        'Q'
    """
    dates = pd.to_datetime(pd.Series(dates).reset_index(drop=True), errors="coerce")
    sources = (pd.Series(["all"] * len(dates)) if sources is None
               else pd.Series(sources).reset_index(drop=True).astype(str))
    ok = dates.notna()
    dates, sources = dates[ok], sources[ok]
    if dates.empty:
        return "W", "no article has a date, so the period does not matter (weeks kept)"
    fallback = None
    for period in CANDIDATE_PERIODS:
        starts = period_start(dates, period)
        n_periods = len(period_range(starts.min(), starts.max(), period))
        if n_periods < min_periods:
            break
        fallback = period
        cells = []
        for _, group in starts.groupby(sources):
            counts = group.value_counts()
            full = period_range(group.min(), group.max(), period)
            cells.append(counts.reindex(full, fill_value=0))
        cells = pd.concat(cells)
        share = float((cells >= min_docs).mean())
        if share >= min_share:
            return period, (f"{PERIOD_NAMES[period]}: the finest period in which at least "
                            f"{min_share:.0%} of the outlet × period cells hold {min_docs} or "
                            f"more articles ({share:.0%} of {len(cells):,} cells; "
                            f"{n_periods:,} periods)")
    if fallback is None:
        return "D", (f"day: the dated articles span fewer than {min_periods} weeks, so only "
                     "days give a series")
    return fallback, (f"{PERIOD_NAMES[fallback]}: no period gives {min_docs} articles in "
                      f"{min_share:.0%} of the outlet × period cells; the coarsest period that "
                      f"still gives {min_periods} periods or more is used (expect gaps)")
