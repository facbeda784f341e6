"""What the stance models read around a mention: windows, negation, valence, views."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism import cache
from newsprism.stance.context import (BASELINE, LEXICON_FEATURES, lexicon_features,
                                      lexicon_scores, negation_words, parse_rows,
                                      stance_views, vader_lexicon)


def _items(pairs):
    rows = []
    for sentence, mention in pairs:
        start = sentence.index(mention)
        rows.append({"text": sentence, "start": start, "end": start + len(mention)})
    return pd.DataFrame(rows)


def test_negation_scope_reaches_across_the_mention():
    X = _items([("Germany did not NATO support.", "NATO")])
    left_pos, left_neg, right_pos, right_neg = lexicon_scores(X)[0]
    assert right_pos == 0 and right_neg > 0  # "support" flipped by "not" before the mention


@pytest.mark.parametrize("sentence, mention, left, right", [
    ("Critics condemned NATO over Russia.", "NATO", "critics condemned", "over russia"),
    ("Moscow did not back NATO plans.", "NATO", "moscow did not neg_back", "neg_plans"),
    # the clause break stops the left window
    ("China lost, but Russia won the vote.", "Russia", "", "won the vote"),
    ("NATO.", "NATO", "", ""),
])
def test_views_mask_the_mention_and_mark_negation(sentence, mention, left, right):
    lefts, rights, masked = stance_views(_items([(sentence, mention)]), window=10)
    assert (lefts, rights) == ([left], [right])
    assert "targetx" in masked[0] and mention.lower() not in masked[0].split()


def test_window_caps_the_context():
    X = _items([("one two three four five six NATO seven eight nine ten", "NATO")])
    lefts, rights, _ = stance_views(X, window=2)
    assert lefts == ["five six"] and rights == ["seven eight"]


def test_lexicon_features_carry_the_baseline_decision():
    X = _items([("Leaders praised NATO warmly.", "NATO"), ("NATO met on Tuesday.", "NATO")])
    feats = lexicon_features(X)
    assert feats.shape == (2, len(LEXICON_FEATURES)) == (2, 10)
    col = LEXICON_FEATURES.index
    assert feats[0, col("baseline_favor")] == 1 and feats[1, col("baseline_favor")] == 0
    assert feats[0, col("nearest_left")] > 0 and feats[1, col("net")] == 0
    # at the baseline's own window the two readings coincide
    base = lexicon_features(X, window=BASELINE["window"])
    assert (base[:, col("net")] == base[:, col("baseline_net")]).all()


def test_vader_tables_are_copies_or_frozen():
    lexicon = vader_lexicon()
    lexicon["good"] = -4.0
    assert vader_lexicon()["good"] == 1.9
    assert isinstance(negation_words(), frozenset) and "not" in negation_words()


def test_rows_are_memoised_and_cleared_with_the_cache():
    cache.clear()
    X = _items([("Critics condemned NATO.", "NATO")])
    first = parse_rows(X, 10, 3)
    assert parse_rows(X, 10, 3)[0] is first[0]
    assert len(cache.memo("stance.rows")) >= 1
    cache.clear()
    assert len(cache.memo("stance.rows")) == 0
    assert parse_rows(X, 10, 3) == first


def test_input_must_be_a_stance_table():
    with pytest.raises(TypeError, match="text, start, end"):
        lexicon_scores(pd.DataFrame({"sentence": ["x"]}))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.data())
def test_any_text_and_span_parse(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    X = pd.DataFrame({"text": [text], "start": [start], "end": [end]})
    lefts, rights, masked = stance_views(X)
    assert "targetx" in masked[0].split()
    assert lexicon_features(X).shape == (1, 10)
    assert (lexicon_scores(X) >= 0).all()
