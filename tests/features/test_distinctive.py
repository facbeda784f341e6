"""newsprism.features.distinctive: weighted log-odds (Monroe et al. 2008), distinctive terms."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from newsprism.features.distinctive import distinctive_terms, term_counts, weighted_log_odds


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
    lo = weighted_log_odds(counts, prior_strength=prior_strength)
    grand = 48
    a0 = grand if prior_strength is None else prior_strength
    totals = {"x": 22, "y": 18, "z": 8}
    n = {"a": 24, "b": 17, "c": 7}
    for _, row in lo.iterrows():
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
    lo = weighted_log_odds(counts)
    assert lo[lo.group == "a"].term.tolist() == ["x", "y"]
    za = lo.set_index(["group", "term"]).z
    assert za["a", "x"] == pytest.approx(-za["b", "x"])
    assert za["a", "x"] > 1.96


def test_prior_shrinks_rare_words():
    # a word seen twice, only in group a, must not outrank a frequent over-used word
    counts = pd.DataFrame({"group": ["a", "a", "a", "b", "b"], "term": ["rare", "often", "the", "often", "the"],
                           "count": [2, 60, 100, 20, 100]})
    lo = weighted_log_odds(counts)
    top = lo[lo.group == "a"].iloc[0]
    assert top.term == "often"


@pytest.mark.parametrize("bad, message", [
    (pd.DataFrame({"group": ["a"], "term": ["x"], "count": [3]}), "two groups"),
    (pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "count": [3, -1]}), "negative"),
    (pd.DataFrame({"group": ["a", "b"], "term": ["x", "x"], "count": [3, 1]}), "two distinct terms"),
])
def test_weighted_log_odds_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        weighted_log_odds(bad)


def test_distinctive_terms_and_term_counts(two_outlet_corpus):
    before = two_outlet_corpus.copy()
    cv = CountVectorizer(stop_words=["said"])
    terms = distinctive_terms(two_outlet_corpus, top=2, min_count=1, vectorizer=cv)
    assert terms.columns.tolist() == ["source", "rank", "term", "count", "log_odds", "se", "z"]
    assert terms[terms.source == "A"].term.iloc[0] == "kremlin"
    assert set(terms[terms.source == "B"].term.head(2)) == {"white", "house"}
    assert terms.groupby("source")["rank"].apply(list).tolist() == [[1, 2], [1, 2]]
    pd.testing.assert_frame_equal(two_outlet_corpus, before)  # input untouched
    counts = term_counts(two_outlet_corpus.text, two_outlet_corpus.source, vectorizer=CountVectorizer(), min_count=3)
    assert sorted(counts.term.unique()) == ["kremlin", "said"]
    with pytest.raises(ValueError, match="2 texts but 1"):
        term_counts(["a", "b"], ["x"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=2, max_size=12))
def test_log_odds_take_any_text(texts):
    df = pd.DataFrame({"source": ["A" if i % 2 else "B" for i in range(len(texts))], "text": texts})
    cv = CountVectorizer(token_pattern=r"(?u)\b\w+\b")
    try:
        counts = term_counts(df.text, df.source, vectorizer=cv)
    except ValueError as exc:  # empty vocabulary: sklearn's own, legitimate refusal
        assert "empty vocabulary" in str(exc)
        return
    if counts.group.nunique() < 2 or counts.term.nunique() < 2:
        with pytest.raises(ValueError, match="at least two"):
            weighted_log_odds(counts)
        return
    lo = weighted_log_odds(counts)
    assert np.isfinite(lo.z).all()


@pytest.mark.parametrize("texts, groups", [
    (["alpha beta", "gamma delta", "epsilon"], ["A", "B", "A"]),  # no word in two documents
    (["the a", "of"], ["A", "B"]),  # stop words only
    (["one lonely document"], ["A"]),  # max_df=1.0 is 1 document < min_df=2
])
def test_too_little_text_is_a_specific_error(texts, groups):
    from newsprism.features.distinctive import NotEnoughText

    with pytest.raises(NotEnoughText, match="no word occurs often enough"):
        term_counts(texts, groups)


def test_one_group_is_a_specific_error():
    from newsprism.features.distinctive import NotEnoughText

    corpus = pd.DataFrame({"source": ["A"] * 3, "text": ["kremlin said", "kremlin moscow", "x"]})
    with pytest.raises(NotEnoughText, match="two groups to compare, found 1"):
        distinctive_terms(corpus, min_count=1)


def test_other_vectorizer_errors_are_not_disguised():
    from newsprism.features.distinctive import NotEnoughText

    class Broken(CountVectorizer):
        def fit_transform(self, raw_documents, y=None):
            raise ValueError("a bug, not a small corpus")

    with pytest.raises(ValueError, match="a bug") as info:
        term_counts(["a b", "a c"], ["A", "B"], vectorizer=Broken())
    assert not isinstance(info.value, NotEnoughText)


def test_outlet_names_and_datelines_are_not_distinctive_by_default():
    docs = pd.DataFrame({"source": ["CNN"] * 4 + ["Al Jazeera"] * 4, "text": [
        "(CNN) CNN reports rain and floods", "CNN says floods spread", "floods and rain",
        "rain floods CNN", "DOHA, March 3 (Al Jazeera) drought and heat", "Al Jazeera heat",
        "drought heat Jazeera", "heat drought"]})
    terms = set(distinctive_terms(docs, top=5, min_count=2)["term"])
    assert not terms & {"cnn", "jazeera", "al", "doha", "march"}
    kept = set(distinctive_terms(docs, top=5, min_count=2, keep_self_references=True)["term"])
    assert "cnn" in kept
