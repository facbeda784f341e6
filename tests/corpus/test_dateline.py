"""Wire-story datelines and year inference."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.corpus.dateline import infer_year, parse_dateline


@pytest.mark.parametrize(("text", "place", "month", "day", "agency", "body"), [
    ("Corfu (Greece), June 28 (Xinhua) NATO and Russia have agreed.", "Corfu (Greece)", 6, 28, "Xinhua", "NATO and Russia have agreed."),
    ("MOSCOW, March 3 (Reuters) - Russia said on Friday.", "MOSCOW", 3, 3, "Reuters", "Russia said on Friday."),
    ("BEIJING, Jan. 5 (Xinhua) -- China's exports rose.", "BEIJING", 1, 5, "Xinhua", "China's exports rose."),
    ("WASHINGTON, Sept. 12 (AP) — The House voted.", "WASHINGTON", 9, 12, "AP", "The House voted."),
    ("NEW YORK, December 1st (AFP) Stocks fell.", "NEW YORK", 12, 1, "AFP", "Stocks fell."),
    ("MOSCOW, February 6. /TASS/. The website was blocked.", "MOSCOW", 2, 6, "TASS", "The website was blocked."),
    ("  Rio de Janeiro (Brazil), Aug 9 (Reuters): Rain fell.", "Rio de Janeiro (Brazil)", 8, 9, "Reuters", "Rain fell."),
])
def test_parse_dateline(text, place, month, day, agency, body):
    d = parse_dateline(text)
    assert (d.place, d.month, d.day, d.agency, d.body) == (place, month, day, agency, body)


@pytest.mark.parametrize("text", [
    "NATO and Russia agreed on June 28 (Saturday) to talk.",  # a date, but not at the start
    "MOSCOW, Marchington 3 (Reuters) - x",
    "MOSCOW, March 45 (Reuters) - x",
    "Paris, June 28 - no agency",
    "",
    None,
])
def test_no_dateline(text):
    assert parse_dateline(text) is None


@pytest.mark.parametrize(("text", "year"), [
    ("frozen after the war in Georgia last year ... the conflict in August 2008", 2009),
    ("Sales in 2015 beat 2014.", 2015),
    ("No year is mentioned at all.", None),
    ("In 1998 and again in 2003 ... next year", 2002),
])
def test_infer_year(text, year):
    assert infer_year(text) == year


def test_seed_dateline(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    d = parse_dateline(text)
    assert (d.place, d.month, d.day, d.agency) == ("Corfu (Greece)", 6, 28, "Xinhua")
    assert infer_year(d.body) == 2009


@settings(deadline=None)
@given(st.text())
def test_parse_dateline_never_raises(text):
    d = parse_dateline(text)
    assert d is None or (1 <= d.month <= 12 and 1 <= d.day <= 31)
