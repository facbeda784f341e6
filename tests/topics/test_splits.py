import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.topics import DuplicateGroupedStratifiedKFold, check_no_leak, corpus_groups, text_groups


def test_exact_copies_share_a_group():
    groups = text_groups(["A goal.", "a  GOAL.", "Shares fell.", "Another goal in the cup."])
    assert groups[0] == groups[1]
    assert len({groups[0], groups[2], groups[3]}) == 3


def test_near_copies_share_a_group():
    base = ("The central bank raised interest rates by a quarter point on Thursday, "
            "citing persistent inflation and a tight labour market across the country.")
    groups = text_groups([base, base + " Markets were calm.", "Unrelated story about football."])
    assert groups[0] == groups[1] != groups[2]


def test_splitter_never_puts_a_duplicate_on_both_sides(tiny_corpus):
    groups = text_groups(tiny_corpus.text.tolist())
    assert groups[0] == groups[24] and groups[8] == groups[25]
    cv = DuplicateGroupedStratifiedKFold(n_splits=4, random_state=0)
    splits = list(cv.split(tiny_corpus.text.tolist(), tiny_corpus.topic))  # groups computed
    check_no_leak(splits, groups)
    test_rows = np.concatenate([test for _, test in splits])
    assert sorted(test_rows) == list(range(len(tiny_corpus)))  # a partition


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=20, max_size=60), st.integers(2, 5), st.integers(0, 99))
def test_no_group_on_both_sides_property(group_ids, n_splits, seed):
    groups = np.asarray(group_ids)
    y = np.asarray(["a", "b"])[groups % 2]  # labels constant within a group, like duplicates
    if min(np.unique(groups[y == "a"]).size, np.unique(groups[y == "b"]).size) < n_splits:
        return
    splits = list(DuplicateGroupedStratifiedKFold(n_splits, random_state=seed)
                  .split(np.zeros(len(y)), y, groups))
    check_no_leak(splits, groups)


def test_check_no_leak_catches_a_leak():
    with pytest.raises(AssertionError, match="both sides"):
        check_no_leak([(np.array([0, 1]), np.array([2]))], [0, 1, 1])


def test_corpus_groups_repairs_missing_ids():
    df = pd.DataFrame({"text": ["a", "b", "c", "d"], "dup_group": [0, 0, None, -1]})
    groups = corpus_groups(df)
    assert groups[0] == groups[1]
    assert len(set(groups)) == 3  # the two bad rows get groups of their own


def test_corpus_groups_computes_when_column_missing():
    groups = corpus_groups(pd.DataFrame({"text": ["Same text.", "same text.", "Other."]}))
    assert groups[0] == groups[1] != groups[2]


def test_leave_outlets_out_folds_keep_outlets_and_copies_on_one_side(tiny_corpus, fast_clf):
    from newsprism.topics import evaluate
    from newsprism.topics.splits import outlet_groups

    corpus = tiny_corpus.assign(source=[f"o{i % 3}" for i in range(len(tiny_corpus))])
    groups = outlet_groups(corpus)
    # a copy joins its cluster's first member's outlet, so copies never straddle a split
    assert len(set(groups)) == 3
    result = evaluate(corpus, "topic", estimator=fast_clf, n_splits=5, n_boot=20,
                      split="outlets", progress=False)
    folds = result.predictions.assign(outlet=groups[result.predictions.index])
    assert folds.groupby("outlet")["fold"].nunique().eq(1).all()
    assert result.metrics["n_folds"] == 3  # at most one fold per outlet


def test_leave_outlets_out_needs_two_outlets(tiny_corpus, fast_clf):
    from newsprism.errors import DataError
    from newsprism.topics import evaluate

    with pytest.raises(DataError, match="2 or more outlets"):
        evaluate(tiny_corpus.assign(source="one"), "topic", estimator=fast_clf, split="outlets")
