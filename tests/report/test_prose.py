"""Result sentences are built from the run's tables and name only what the tables hold."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.report import prose


@pytest.mark.parametrize(("n", "text"), [(0, "0 articles"), (1, "1 article"), (2500, "2,500 articles")])
def test_plural(n, text):
    assert prose.plural(n, "article") == text


@pytest.mark.parametrize(("items", "limit", "text"), [
    ([], None, ""), (["a"], None, "a"), (["a", "b"], None, "a and b"),
    (list("abcde"), 2, "a, b and 3 more"),
])
def test_listing(items, limit, text):
    assert prose.listing(items, limit=limit) == text


@pytest.mark.parametrize(("corpus", "name"), [
    ("/home/me/exports/allsides_sample.csv", "allsides_sample"), ("bbc", "bbc"),
    ("corpus.parquet", "corpus"), ("/data/folder", "folder"),
])
def test_corpus_name_is_never_a_path(corpus, name):
    assert prose.corpus_name(corpus) == name


@given(st.integers(1, 10_000), st.data())
def test_range_sentence_counts_add_up(n_before, data):
    n_after = data.draw(st.integers(0, n_before))
    text = prose.range_sentence(n_before, n_after, start="2019-01-01")
    if n_after == n_before:
        assert "keeps every one" in text
    else:
        assert f"{n_after:,} of {n_before:,}" in text and f"{n_before - n_after:,} dropped" in text


def test_sentences_name_only_what_the_table_holds():
    outlets = pd.DataFrame({"source": ["Kite Daily", "Owl Post"], "n_docs": [90, 30]})
    assert prose.size_sentence(outlets).startswith("2 outlets: Kite Daily")
    docs = pd.DataFrame({"source": ["Kite Daily", "Owl Post", "Owl Post"],
                         "date": pd.to_datetime(["2012-03-01", "2014-05-02", "2019-01-01"])})
    text = prose.coverage_sentence(docs)
    assert "1 Mar 2012 – 1 Jan 2019" in text and "latest Owl Post (2 May 2014)" in text
    assert "No article has a date" in prose.coverage_sentence(docs.assign(date=pd.NaT))


def test_extremes_and_shares():
    assert prose.extremes(pd.Series(dtype=float), what="x") == ""
    assert prose.extremes(pd.Series({"A": 2.0}), what="length") == "Length is 2 (A)."
    shares = pd.DataFrame({"source": ["A", "B"], "topic": ["t", "u"], "share": [0.2, float("nan")]})
    assert prose.share_extremes(shares, row="source", column="topic") == (
        "The largest share is t at A (20 %), the smallest t at A (20 %).")


def test_agreement_without_mapped_sections_says_so():
    t = pd.DataFrame({"source": ["A"], "section": ["x"], "section_topic": [""], "articles": [9],
                      "agree": [float("nan")]})
    assert "No mapped section" in prose.agreement_sentence(t)
    assert prose.agreement_sentence(pd.DataFrame()) == ""


def test_distinctive_and_comparisons():
    terms = pd.DataFrame({"source": ["A", "A", "B"], "rank": [1, 2, 1], "term": ["x", "y", "z"]})
    assert prose.distinctive_sentence(terms, top=1) == (
        "Most distinctive terms per outlet — A: `x`; B: `z`.")
    assert "1 theme × 2 outlets × 3 quarters (6 cells)" in prose.comparisons_sentence(1, 2, 3, "quarter")
