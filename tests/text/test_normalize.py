import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.text import normalize


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
