import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.text import join_title_text, normalize


@pytest.mark.parametrize("raw, expected", [
    ("NATO\u2019s  chief\u00a0said", "NATO's chief said"),
    ("\u201cWe restarted,\u201d he said", '"We restarted," he said'),
    ("differences \u2026 the spirit", "differences ... the spirit"),
    ("Russia\u2013Georgia war\u2014again", "Russia-Georgia war - again"),
    ("\uff2e\uff21\uff34\uff2f", "NATO"),  # full-width letters (NFKC)
    ("demo\u00adcracy\u200b", "democracy"),
    ("  a\n\n b\t", "a b"),
    ("", ""),
])
def test_normalize_cases(raw, expected):
    assert normalize(raw) == expected


def test_keep_newlines():
    assert normalize("a \n\n\n  b\r\nc", keep_newlines=True) == "a\n\nb\nc"


def test_series_and_iterables():
    s = pd.Series(["a  b", None], index=[5, 7])
    out = normalize(s)
    assert list(out.index) == [5, 7] and list(out) == ["a b", ""]
    assert normalize(("x\u2019", float("nan"))) == ["x'", ""]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_idempotent_on_any_unicode(text):
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(once, keep_newlines=True) == normalize(normalize(once, keep_newlines=True),
                                                            keep_newlines=True)


@pytest.mark.parametrize("title, text, expected", [
    ("Cup final", "A goal.", "Cup final.\nA goal."),
    ("Why?", "Because.", "Why?\nBecause."),
    ("Warning:", "Storms ahead.", "Warning:\nStorms ahead."),
    ("  Spaced  ", "  body  ", "Spaced.\nbody"),
    (None, "Only text.", "Only text."),
    (float("nan"), "Only text.", "Only text."),
    ("Only title", "", "Only title"),
    ("Only title", None, "Only title"),
    ("", "", ""),
])
def test_join_title_text(title, text, expected):
    assert join_title_text(title, text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_join_title_text_keeps_both_parts_in_order(title, text):
    joined = join_title_text(title, text)
    head, body = title.strip(), text.strip()
    assert joined.startswith(head) and joined.endswith(body)
    if head and body:
        assert joined[len(head):len(joined) - len(body)] in (".\n", "\n")
