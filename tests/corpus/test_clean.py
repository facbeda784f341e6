"""Text repairs, date parsing, outlet names and URL sections: text-in/text-out tables."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.corpus.clean import clean_text, normalize_whitespace, repair_quote_artefacts
from newsprism.corpus.dates import parse_dates
from newsprism.corpus.sources import normalize_source, url_section


@pytest.mark.parametrize(("raw", "expected"), [
    # real shapes from NewsArticles (abbreviated)
    ('The Senate voted on DeVos"?highly contentious nomination', "The Senate voted on DeVos’ highly contentious nomination"),
    ('"hard to imagine a worse choice,"?Sen. Elizabeth Warren said', '"hard to imagine a worse choice,” Sen. Elizabeth Warren said'),
    ('opposition from teachers"?unions and all', "opposition from teachers’ unions and all"),
    ('against "potential grizzlies."?DeVos', 'against "potential grizzlies.” DeVos'),
    ('a representative sample: "?In Ottawa," he said', 'a representative sample: “In Ottawa," he said'),
    ('work together "?all coordinate that', "work together — all coordinate that"),
    ('"Power Rangers Samurai"?in 2011"?012 and', '"Power Rangers Samurai” in 2011–012 and'),
    ('so innocent?"?Wiping away tears', "so innocent?” Wiping away tears"),
    ('a song "\ufffdFinishing the Hat,"?to be exact', 'a song “Finishing the Hat,” to be exact'),
    ("no artefact here", "no artefact here"),
])
def test_quote_artefact_repair(raw, expected):
    assert repair_quote_artefacts(raw)[0] == expected


def test_quote_repair_is_opt_in():
    # "did he say "yes"?" is ordinary English outside NewsArticles
    assert clean_text('Did he say "yes"?').text == 'Did he say "yes"?'
    assert clean_text('Did he say "yes"?', quote_artefacts=True).quotes == 1


@pytest.mark.parametrize(("raw", "expected", "mojibake"), [
    ("Farmers donâ€™t expect", "Farmers don’t expect", True),
    ("a communiqu&#233; on debt", "a communiqué on debt", True),
    ("cafe\u0301 society", "café society", False),  # NFC, not mojibake
    ("  two   spaces\t\tand tabs \n\n\n\nnext para  ", "two spaces and tabs\n\nnext para", False),
    (None, "", False),
])
def test_clean_text(raw, expected, mojibake):
    out = clean_text(raw)
    assert out.text == expected
    assert out.mojibake == mojibake


def test_replacement_chars_are_counted_not_guessed():
    out = clean_text("K\ufffdln and D\ufffd\ufffdil")
    assert out.text == "K\ufffdln and D\ufffd\ufffdil" and out.replacement_chars == 3


@pytest.mark.parametrize("text", ["\xa0Â\x80", "x\xa0Â\x80 y", "\u3000Ã©t\xa0Ã©"])
def test_mojibake_next_to_blanks_is_repaired_in_one_pass(text):
    # ftfy leaves "\xa0Â\x80" alone and repairs "Â\x80": found by the property test below
    once = clean_text(text).text
    assert clean_text(once).text == once and "Â" not in once


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_is_idempotent_and_total(text):
    once = clean_text(text, quote_artefacts=True).text
    assert isinstance(once, str)
    assert normalize_whitespace(once) == once
    assert clean_text(once).text == once


@pytest.mark.parametrize(("raw", "expected", "problem"), [
    ("2019-11-12", "2019-11-12", ""),
    ("2016/12/30 7:11", "2016-12-30", ""),
    ("2017/3/9", "2017-03-09", ""),
    ("6/15/17", "2017-06-15", "month_day_year"),
    ("12/31/1999", "1999-12-31", "month_day_year"),
    ("June 28, 2009", "2009-06-28", ""),
    ("", None, "missing"),
    (None, None, "missing"),
    ("0001-01-01", None, "impossible"),
    ("2050-01-01", None, "impossible"),
    ("2017-02-30", None, "unparseable"),
    ("next Tuesday", None, "unparseable"),
])
def test_parse_dates(raw, expected, problem):
    dates, problems = parse_dates(pd.Series([raw], dtype=object), max_date="2026-01-01")
    assert problems.iloc[0] == problem
    if expected is None:
        assert pd.isna(dates.iloc[0])
    else:
        assert dates.iloc[0] == pd.Timestamp(expected)


def test_parse_dates_keeps_index_and_datetime_input():
    s = pd.Series(pd.to_datetime(["2017-01-02 13:45", None]), index=[5, 7])
    dates, problems = parse_dates(s)
    assert dates.index.tolist() == [5, 7] and dates.iloc[0] == pd.Timestamp("2017-01-02")
    assert problems.tolist() == ["", "missing"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("tass.com", "TASS"), ("europe.chinadaily.com.cn", "China Daily"), ("www.bbc.co.uk", "BBC"),
    ("http://www.rte.ie/news/x", "RTE"), ("usa.chinadaily.com.cn", "China Daily"),
    ("CNN (Web News)", "CNN (Web News)"), ("  Fox News ", "Fox News"), ("example.org", "example.org"),
    (None, ""),
])
def test_normalize_source(raw, expected):
    assert normalize_source(raw) == expected


@pytest.mark.parametrize(("url", "section"), [
    ("http://tass.com/politics/929596", "politics"),
    ("http://abcnews.go.com/Politics/wireStory/melania-trump-45327337", "politics"),
    ("http://www.bbc.co.uk/news/business-38895007", "business"),
    ("http://www.bbc.co.uk/news/uk-politics-38895007", "uk-politics"),
    ("http://www.rte.ie/news/business/2017/0207/850712-x/", "business"),
    ("http://www.cnn.com/2017/02/07/politics/betsy-devos-senate-vote/index.html", "politics"),
    ("http://www.huffingtonpost.com/2017/02/07/donald-trump-vaccines_n_14636042.html", ""),
    ("http://europe.chinadaily.com.cn/epaper/2017-01/27/content_28064830.htm", ""),
    ("http://www.dw.com/en/poland-wants-nuclear-weapons-for-europe/a-37449773", ""),
    ("", ""),
])
def test_url_section(url, section):
    assert url_section(url) == section


@pytest.mark.parametrize("url", ["http://[abc/x/y", "[::1/news/x", "http://[-650, 1.4e+135, 567]/a/b",
                                 "http://[abc.d]/news/politics/1"])
def test_urls_python_cannot_split_have_no_host_or_section(url):
    from newsprism.corpus.sources import host_of, url_section

    assert host_of(url) == "" and url_section(url) == ""
