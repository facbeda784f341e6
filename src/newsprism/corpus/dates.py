"""Parse the date column of a corpus, classifying every problem instead of hiding it.

Real corpora mix formats (``2019-11-12``, ``6/15/17``, ``2016/12/30 7:11``), leave dates
empty, or carry impossible values (year 1, year 2050). :func:`parse_dates` parses what is
parseable to day precision and labels each row:

- ``""`` parsed from an ISO-like ``Y-M-D`` / ``Y/M/D`` form (time of day dropped),
- ``"month_day_year"``: parsed from US ``M/D/YY`` or ``M/D/YYYY`` (reported, not a failure),
- ``"missing"``: empty,
- ``"unparseable"``: text that is no date we know,
- ``"impossible"``: a calendar date before ``min_year`` or after ``max_date`` (NaT),
- ``"impossible_time"``: a valid day with a clock no day has (``2017-02-07 25:99``; NaT).

Example:
    >>> import pandas as pd
    >>> d, problem = parse_dates(pd.Series(["2019-11-12", "6/15/17", "", "0001-01-01", "soon",
    ...                                     "2017-02-07 25:99"]), max_date="2026-01-01")
    >>> d.dt.strftime("%Y-%m-%d").tolist()
    ['2019-11-12', '2017-06-15', nan, nan, nan, nan]
    >>> problem.tolist()
    ['', 'month_day_year', 'missing', 'impossible', 'unparseable', 'impossible_time']
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

# Y-M-D, optionally followed by a time of day; a clock (H:MM[:SS]) is checked, not trusted
_ISO = (r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
        r"(?:[T ]\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?.*)?\s*$")
_MDY = r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$"


def parse_dates(values: pd.Series, *, min_year: int = 1800, max_date=None) -> tuple[pd.Series, pd.Series]:
    """Parse to ``datetime64[ns]`` day precision plus a per-row problem label (see module).

    Args:
        values: raw date values (strings, datetimes or NaN); the index is kept.
        min_year: dates before this year are impossible for news.
        max_date: dates after this are impossible (default: today, UTC).
    """
    max_ts = pd.Timestamp(max_date) if max_date is not None else pd.Timestamp(_dt.date.today())
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values).dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
        parsed = pd.Series(parsed, index=values.index).dt.normalize().astype("datetime64[ns]")
        problem = pd.Series(np.where(parsed.isna(), "missing", ""), index=values.index, dtype=object)
        bad = parsed.notna() & ((parsed.dt.year < min_year) | (parsed > max_ts))
        problem[bad] = "impossible"
        parsed = parsed.where(~bad)
        return parsed, problem

    text = values.astype("string").fillna("").str.strip()
    year = pd.Series(np.nan, index=values.index)
    month = year.copy()
    day = year.copy()
    problem = pd.Series("unparseable", index=values.index, dtype=object)
    problem[text == ""] = "missing"

    iso = text.str.extract(_ISO)
    ok = iso[0].notna()
    year[ok], month[ok], day[ok] = (iso.loc[ok, k].astype(float) for k in (0, 1, 2))
    problem[ok] = ""
    bad_clock = ok & _impossible_clock(iso[3], iso[4], iso[5])
    problem[bad_clock] = "impossible_time"
    year[bad_clock] = np.nan

    mdy = text.str.extract(_MDY)
    ok2 = mdy[0].notna() & ~ok
    yy = mdy.loc[ok2, 2].astype(float)
    # two-digit years: 00-69 -> 2000s, 70-99 -> 1900s (the POSIX strptime pivot)
    yy = yy.where(yy >= 100, np.where(yy < 70, 2000 + yy, 1900 + yy))
    year[ok2], month[ok2], day[ok2] = yy, mdy.loc[ok2, 0].astype(float), mdy.loc[ok2, 1].astype(float)
    problem[ok2] = "month_day_year"

    # anything else: let pandas try ("June 28, 2009", "28 Jun 2009", ...)
    rest = (problem == "unparseable")
    if rest.any():
        other = pd.to_datetime(text[rest], errors="coerce", format="mixed")
        good = other.notna()
        idx = other.index[good]
        year[idx], month[idx], day[idx] = other[good].dt.year, other[good].dt.month, other[good].dt.day
        problem[idx] = ""

    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    have = year.notna()
    out = []
    for i in np.flatnonzero(have.to_numpy()):
        y, m, d = int(year.iat[i]), int(month.iat[i]), int(day.iat[i])
        try:
            ts = pd.Timestamp(_dt.date(y, m, d))
        except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
            # year 1 is a valid date but outside pandas' range; Feb 30 is not a date
            valid = 1 <= m <= 12 and 1 <= d <= 31 and y >= 1
            problem.iat[i] = "impossible" if valid and (y < min_year or y > max_ts.year) else "unparseable"
            continue
        if y < min_year or ts > max_ts:
            problem.iat[i] = "impossible"
            continue
        out.append((i, ts))
    if out:
        positions, stamps = zip(*out)
        parsed.iloc[list(positions)] = list(stamps)
    return parsed, problem


def _impossible_clock(hour: pd.Series, minute: pd.Series, second: pd.Series) -> pd.Series:
    """True where a time of day was given that no day has (24:00:00 is the day's end)."""
    h, m, s = (v.astype(float) for v in (hour, minute, second.fillna("0")))
    return hour.notna() & ((h > 24) | (m > 59) | (s > 60) | ((h == 24) & ((m > 0) | (s > 0))))
