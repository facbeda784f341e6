"""newsprism.overview: sizes, lengths, weighted log-odds (Monroe et al. 2008), plots."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from newsprism import overview


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(6)],
        "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-16", None, "2017-01-04", "2017-01-05"]),
        "source": ["A", "A", "A", "B", "B", "B"],
        "title": ["t"] * 6,
        "text": ["kremlin kremlin moscow said", "kremlin said today", "moscow kremlin",
                 "white house said", "white house today", ""],
        "dup_kind": ["", "", "exact", "", "near", ""],
        "dup_group": [0, 1, 0, 2, 2, 3],
    })


def _by_hand(y_i, n_i, y_j, n_j, a_w, a0):
    """Monroe, Colaresi & Quinn (2008) eqs. 16 and 18, written out."""
    delta = (math.log((y_i + a_w) / (n_i + a0 - y_i - a_w))
             - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w)))
    return delta, delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


@pytest.mark.parametrize("prior_strength", [None, 10.0, 0.5])
def test_weighted_log_odds_matches_the_formula(prior_strength):
    counts = pd.DataFrame({"group": ["a", "a", "a", "b", "b", "c"],
                           "term": ["x", "y", "z", "x", "y", "z"],
                           "count": [20, 3, 1, 2, 15, 7]})
    lo = weighted_log_odds = overview.weighted_log_odds(counts, prior_strength=prior_strength)
    grand = 48
    a0 = grand if prior_strength is None else prior_strength
    totals = {"x": 22, "y": 18, "z": 8}
    n = {"a": 24, "b": 17, "c": 7}
    for _, row in weighted_log_odds.iterrows():
        y_i = counts.loc[(counts.group == row.group) & (counts.term == row.term), "count"].sum()
        a_w = a0 * totals[row.term] / grand
        delta, z = _by_hand(y_i, n[row.group], totals[row.term] - y_i, grand - n[row.group], a_w, a0)
        assert row["count"] == y_i
        assert row.log_odds == pytest.approx(delta)
        assert row.z == pytest.approx(z)
    assert len(lo) == 9  # every (group, term) pair, zero counts included


def test_weighted_log_odds_ranks_overuse_first_and_is_antisymmetric_for_two_groups():
    counts = pd.DataFrame({"group": ["a", "a", "b", "b"], "term": ["x", "y", "x", "y"],
                           "count": [30, 5, 5, 30]})
    lo = overview.weighted_log_odds(counts)
    assert lo[lo.group == "a"].term.tolist() == ["x", "y"]
    za = lo.set_index(["group", "term"]).z
    assert za["a", "x"] == pytest.approx(-za["b", "x"])
    assert za["a", "x"] > 1.96


def test_prior_shrinks_rare_words():
    # a word seen twice, only in group a, must not outrank a frequent over-used word
    counts = pd.DataFrame({"group": ["a", "a", "a", "b", "b"], "term": ["rare", "often", "the", "often", "the"],
                           "count": [2, 60, 100, 20, 100]})
    lo = overview.weighted_log_odds(counts)
    top = lo[lo.group == "a"].iloc[0]
    assert top.term == "often"


@pytest.mark.parametrize("bad, message", [
    (pd.DataFrame({"group": ["a"], "term": ["x"], "count": [3]}), "two groups"),
    (pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "count": [3, -1]}), "negative"),
    (pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "count": [3, 1]}), "two distinct terms"),
])
def test_weighted_log_odds_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        overview.weighted_log_odds(bad)


def test_distinctive_terms_and_term_counts(tiny):
    before = tiny.copy()
    cv = CountVectorizer(stop_words=["said"])
    terms = overview.distinctive_terms(tiny, top=2, min_count=1, vectorizer=cv)
    assert terms.columns.tolist() == ["source", "rank", "term", "count", "log_odds", "se", "z"]
    assert terms[terms.source == "A"].term.iloc[0] == "kremlin"
    assert set(terms[terms.source == "B"].term.head(2)) == {"white", "house"}
    assert terms.groupby("source")["rank"].apply(list).tolist() == [[1, 2], [1, 2]]
    pd.testing.assert_frame_equal(tiny, before)  # input untouched
    counts = overview.term_counts(tiny.text, tiny.source, vectorizer=CountVectorizer(), min_count=3)
    assert sorted(counts.term.unique()) == ["kremlin", "said"]
    with pytest.raises(ValueError, match="2 texts but 1"):
        overview.term_counts(["a", "b"], ["x"])


def test_outlet_summary_and_duplicates(tiny):
    summary = overview.outlet_summary(tiny)
    a = summary.set_index("source").loc["A"]
    assert (a.n_docs, a.n_undated, a.n_duplicates) == (3, 0, 1)
    assert summary.set_index("source").loc["B", "n_undated"] == 1
    assert summary.share.sum() == pytest.approx(1.0)
    dups = overview.duplicates_by_outlet(tiny)
    assert dups.values.tolist() == [["A", 1, 0, 3], ["B", 0, 1, 3]]
    examples = overview.duplicate_examples(tiny)
    assert examples.doc_id.tolist() == ["d0", "d2", "d3", "d4"]
    assert overview.duplicate_examples(tiny.drop(columns="dup_kind")).empty


def test_counts_by_period_is_a_complete_grid(tiny):
    weekly = overview.counts_by_period(tiny)
    # weeks of 2017-01-02, -09, -16 for both outlets, the undated document left out
    assert len(weekly) == 6 and weekly.n_docs.sum() == 5
    assert weekly.period.min() == pd.Timestamp("2017-01-02")
    assert weekly[(weekly.source == "A") & (weekly.period == "2017-01-09")].n_docs.item() == 0
    assert overview.counts_by_period(tiny.assign(date=pd.NaT)).empty


@pytest.mark.parametrize("text, words, chars", [
    ("", 0, 0), (None, 0, 0), ("One two,three", 3, 13), ("naïve café — déjà", 3, 17),
    ("<script>alert(1)</script>", 4, 25),
])
def test_text_lengths(text, words, chars):
    df = pd.DataFrame({"doc_id": ["x"], "source": ["S"], "text": [text]})
    row = overview.text_lengths(df).iloc[0]
    assert (row.n_words, row.n_chars) == (words, chars)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=2, max_size=12))
def test_text_lengths_and_log_odds_take_any_text(texts):
    df = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))],
                       "source": ["A" if i % 2 else "B" for i in range(len(texts))], "text": texts})
    lengths = overview.text_lengths(df)
    assert (lengths.n_words >= 0).all() and len(lengths) == len(texts)
    cv = CountVectorizer(token_pattern=r"(?u)\b\w+\b")
    try:
        counts = overview.term_counts(df.text, df.source, vectorizer=cv)
    except ValueError as exc:  # empty vocabulary: sklearn's own, legitimate refusal
        assert "empty vocabulary" in str(exc)
        return
    if counts.group.nunique() < 2 or counts.term.nunique() < 2:
        with pytest.raises(ValueError, match="at least two"):
            overview.weighted_log_odds(counts)
        return
    lo = overview.weighted_log_odds(counts)
    assert np.isfinite(lo.z).all()


def test_ingestion_tables():
    rejects = pd.DataFrame({"reason": ["too_short", "empty_text", "empty_text"]})
    assert overview.rejects_by_reason(rejects).values.tolist() == [["empty_text", 2], ["too_short", 1]]
    table = overview.ingestion_table({"read": 3, "kept": 1, "rejected": 2, "rejects": {"x": 2},
                                      "dates": {"parsed": 3}, "duplicates_policy": "flag"})
    assert table.step.tolist() == ["total", "total", "total", "rejected", "dates"]


def test_core_period():
    dates = pd.to_datetime(["2015-01-01"] + ["2017-02-01"] * 50 + ["2017-03-01"] * 48 + ["2030-01-01"])
    start, end = overview.core_period(dates, coverage=0.98)
    assert (start, end) == (pd.Timestamp("2017-02-01"), pd.Timestamp("2017-03-01"))
    with pytest.raises(ValueError):
        overview.core_period([None])


def test_plots_return_figures(tiny):
    import matplotlib.figure

    cv = CountVectorizer()
    figs = [
        overview.plot_counts_by_period(overview.counts_by_period(tiny)),
        overview.plot_text_lengths(overview.text_lengths(tiny)),
        overview.plot_distinctive_terms(overview.distinctive_terms(tiny, min_count=1, vectorizer=cv)),
        overview.plot_rejects(pd.DataFrame({"reason": ["a", "b", "b"]})),
        overview.plot_rejects(pd.DataFrame({"reason": pd.Series(dtype=object)})),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    # the weekly heatmap writes counts in its cells
    texts = [t.get_text() for t in figs[0].axes[0].texts]
    assert sorted(texts) == ["1", "2", "2"]  # A: 2 + 1, B: 2 (one undated)
