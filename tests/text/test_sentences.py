import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.text import sentence_spans, sentences
from newsprism.text.evaluate import sentence_accuracy

GOLD = json.loads((Path(__file__).parent / "data" / "sentences_gold.json").read_text("utf-8"))


@pytest.mark.parametrize("text, expected", [
    ("Gen. Smith met Mr. Jones. They left.", ["Gen. Smith met Mr. Jones.", "They left."]),
    ("It opened on Jan. 5. Sales rose.", ["It opened on Jan. 5.", "Sales rose."]),
    ("The U.S. Senate voted. The U.S. lost.", ["The U.S. Senate voted.", "The U.S. lost."]),
    ("He woke at 5 a.m. Then he ran.", ["He woke at 5 a.m.", "Then he ran."]),
    ('"Why?" he asked. "Because."', ['"Why?" he asked.', '"Because."']),
    ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
    ("WASHINGTON (Reuters) - Talks ended. Nobody won.",
     ["WASHINGTON (Reuters) - Talks ended.", "Nobody won."]),
    ("Para one\n\nPara two", ["Para one", "Para two"]),
    ("One here.  Two\nthere!", ["One here.", "Two\nthere!"]),
    ("   ", []),
])
def test_cases(text, expected):
    assert sentences(text) == expected


def test_newline_split():
    assert sentences("HEADLINE\nBody text here.", split_on_newline=True) == [
        "HEADLINE", "Body text here."]
    assert sentence_spans("One here.  Two\nthere!") == [(0, 9), (11, 21)]


@pytest.mark.parametrize("item", GOLD["passages"], ids=lambda i: i["id"])
def test_gold_passages(item):
    assert sentences(item["text"]) == item["sentences"]


def test_gold_accuracy_reported():
    scores = sentence_accuracy(GOLD["passages"])
    assert scores["gold_boundaries"] >= 40
    assert scores["boundary_f1"] >= 0.95


def test_spans_and_series():
    text = "One. Two."
    assert sentences(text, spans=True) == [(0, 4), (5, 9)] == sentence_spans(text)
    out = sentences(pd.Series(["A. B is.", None], index=[3, 4]))
    assert list(out.index) == [3, 4] and list(out) == [["A. B is."], []]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_spans_cover_text_on_any_unicode(text):
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert "".join(text[a:b] for a, b in spans) == "".join(text.split()) or spans
    assert "".join("".join(text[a:b].split()) for a, b in spans) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. \n\r\t\u00a0\u2028\x1c\u0085.!?\"")), max_size=30),
       st.data())
def test_word_before_matches_the_regex_it_replaces(text, data):
    # _word_before replaced re.search(r"(\S+?)$", text, 0, end), which was quadratic
    import re

    from newsprism.text.sentences import _word_before

    end = data.draw(st.integers(0, len(text)))
    found = re.compile(r"(\S+?)$").search(text, 0, end)
    assert _word_before(text, end) == (found.group(1) if found else "")


# --- no super-linear path on runs of punctuation (issue 18, item 2) -----------------------

_PUNCT = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)]"


def _candidates_by_scan(text: str) -> list[tuple[int, int]]:
    """Reference for ``_CANDIDATE``: one left-to-right pass over punctuation runs."""
    found, i, n = [], 0, len(text)
    while i < n:
        if text[i] in _PUNCT and (i == 0 or text[i - 1] not in _PUNCT):
            j = i
            while j < n and text[j] in _PUNCT:
                j += 1
            k = j
            while k < n and text[k] in _CLOSERS:
                k += 1
            if k < n and text[k].isspace():
                found.append((i, k))
            i = j
        else:
            i += 1
    return found


_punctuation_heavy = st.text(alphabet=st.sampled_from(list(_PUNCT + _CLOSERS) + [" ", "\n", "a",
                                                                               "B", "1"]),
                             max_size=400)


@given(_punctuation_heavy)
@settings(max_examples=300, deadline=None)
def test_candidate_regex_matches_a_linear_scan(text):
    from newsprism.text.sentences import _CANDIDATE

    assert [m.span() for m in _CANDIDATE.finditer(text)] == _candidates_by_scan(text)


@given(st.integers(1, 200), st.sampled_from(list(_PUNCT) + ["?!", ".\u2026", "..."]),
       st.sampled_from(["", " ", "x", "\"", " Next"]))
@settings(max_examples=200, deadline=None)
def test_long_punctuation_runs_keep_the_text(n, unit, tail):
    text = f"Russia said so{unit * n}{tail}"
    spans = sentence_spans(text)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_ten_thousand_dots_return(tmp_path):
    """Run in a child process with a generous wall bound: the old regex took 174 s on 50 dots,
    so a regression shows up as a timeout here, not as a hung test run."""
    import subprocess
    import sys

    code = ("from newsprism.text import sentences\n"
            "assert sentences('.' * 10_000) == ['.' * 10_000]\n"
            "assert len(sentences(('Russia said so' + '.' * 46 + 'x ') * 200)) == 1\n"
            "assert len(sentences('?!' * 50_000 + ' Next one.')) == 2\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
