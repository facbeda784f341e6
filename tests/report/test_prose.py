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


def _lead_lag(significant, q, lags=(2.0, -1.0), corr=(0.61, 0.2)):
    ll = pd.DataFrame({"theme": "x", "source_a": ["Kite", "Kite"], "source_b": ["Owl", "Wren"],
                       "best_lag": list(lags), "corr_at_best": list(corr),
                       "p_value": [0.001, 0.4], "q_value": list(q),
                       "significant": list(significant)})
    ll.attrs.update(fdr=0.1, n_perm=499)
    return ll


def test_lead_lag_sentence_reads_the_test_columns():
    text = prose.lead_lag_sentence(_lead_lag([True, True], [0.002, 0.08], corr=(0.3, 0.7)),
                                   period_name="week")
    assert text.startswith("2 of 2 lead/lag cells significant at FDR 10 %")
    assert "499 block permutations" in text
    # the strongest significant cell, with a negative lag: source_b moves first
    assert "Wren moves 1 week before Kite (r = 0.70, q = 0.08)" in text
    none = prose.lead_lag_sentence(_lead_lag([False, False], [0.3, 0.4]))
    assert none.startswith("0 of 2") and "no outlet is shown to move before another" in none


def test_lead_lag_sentence_untested_and_old_tables():
    ll = _lead_lag([False, False], [float("nan")] * 2).assign(p_value=float("nan"))
    assert prose.lead_lag_sentence(ll) == ("No lead/lag cell has enough overlapping periods "
                                           "to be tested.")
    assert prose.lead_lag_sentence(ll.drop(columns=["p_value"])) == ""


@pytest.mark.parametrize(("baseline_n", "thin", "early"), [
    ([None, 1.0, 2.9, 3.0], 2, 1), ([5.0] * 4, 0, 0), ([None, None, 4.0, 1.0], 0, 2),
])
def test_bursts_sentence_counts_cells_without_a_baseline(baseline_n, thin, early):
    b = pd.DataFrame({"share": [0.1, 0.5, 0.2, float("nan")], "n_docs": [10, 10, 10, 0],
                      "baseline_n": baseline_n, "burst": [False, True, False, False]})
    text = prose.bursts_sentence(b, min_baseline_n=3)
    # the empty cell (NaN share) is not a cell looked at
    assert text.startswith("1 of the 3 outlet × period × theme cells with articles flagged")
    assert f"; {thin} not scored" in text and "fewer than 3 articles" in text
    assert f", {early} for want of earlier periods" in text
    assert "No outlet-period" in prose.bursts_sentence(b.iloc[:0])


@pytest.mark.parametrize(("methods", "start"), [
    (["bootstrap", "bootstrap"], "All 2 cells have bootstrap intervals."),
    (["wilson", "bootstrap", "none"], "1 of 3 cells shown with Wilson intervals"),
])
def test_intervals_sentence_reads_ci_method(methods, start):
    text = prose.intervals_sentence(pd.DataFrame({"ci_method": methods}))
    assert text.startswith(start)
    assert ("1 without an interval" in text) == ("none" in methods)
    assert prose.intervals_sentence(pd.DataFrame({"share": [0.1]})) == ""


@pytest.mark.parametrize("weighting", ["outlets", "volume", "fixed mix"])
def test_weighting_sentence_names_each_weighting(weighting):
    text = prose.weighting_sentence(weighting)
    assert text.startswith("Pooled") and text.endswith(".")
    assert len({prose.weighting_sentence(w) for w in ("outlets", "volume", "fixed mix")}) == 3
