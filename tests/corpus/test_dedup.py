"""Exact and near-duplicate clustering on tiny literal texts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.corpus.dedup import _choose_bands, duplicate_groups, normalize_for_dedup

BASE = ("The minister said on Tuesday that the government would raise the fuel tax by two "
        "percent next year to pay for new roads and bridges across the northern region.")


def test_exact_after_normalisation():
    g = duplicate_groups([BASE, "  " + BASE.upper().replace(" ", "\n  "), "Unrelated short note."])
    assert g.dup_group.tolist() == [0, 0, 1]
    assert g.dup_kind.tolist() == ["", "exact", ""]


def test_near_duplicate_one_word_changed():
    edited = BASE.replace("two", "three")
    g = duplicate_groups([BASE, edited], threshold=0.5)
    assert g.dup_kind.tolist() == ["", "near"]
    # with a strict threshold the same pair is not a duplicate
    strict = duplicate_groups([BASE, edited], threshold=0.95)
    assert strict.dup_group.tolist() == [0, 1]
    assert strict.dup_kind.tolist() == ["", ""]


def test_transitive_clusters_and_ordered_ids():
    words = [f"w{i}" for i in range(40)]
    a = " ".join(words)
    b = " ".join(words[2:] + ["x1", "x2"])  # shares most shingles with a
    c = " ".join(words[6:] + ["x1", "x2", "x3", "x4", "x5", "x6"])  # J(b,c)=.81, J(a,c)=.73
    other = " ".join(f"z{i}" for i in range(40))
    g = duplicate_groups([other, a, b, c], threshold=0.8, shingle_size=3)
    assert g.dup_group.tolist() == [0, 1, 1, 1]
    assert g.dup_kind.tolist() == ["", "", "near", "near"]


def test_index_follows_series_and_empty_texts_are_singletons():
    s = pd.Series(["", None, "same text here", "Same  text here"], index=[10, 11, 12, 13])
    g = duplicate_groups(s)
    assert g.index.tolist() == [10, 11, 12, 13]
    assert g.dup_group.tolist() == [0, 1, 2, 2]
    assert g.dup_kind.tolist() == ["", "", "", "exact"]


def test_deterministic_and_threshold_above_one_is_exact_only():
    texts = [BASE, BASE.replace("two", "three"), BASE]
    assert duplicate_groups(texts, seed=3).equals(duplicate_groups(texts, seed=3))
    g = duplicate_groups(texts, threshold=1.01)
    assert g.dup_kind.tolist() == ["", "", "exact"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("A  B\tC\n", "a b c"), ("Straße", "strasse"), (None, ""), (float("nan"), ""),
])
def test_normalize_for_dedup(raw, expected):
    assert normalize_for_dedup(raw) == expected


def test_band_layout_catches_threshold_pairs():
    bands, rows = _choose_bands(64, 0.8)
    assert bands * rows <= 64
    assert 1 - (1 - 0.8**rows) ** bands >= 0.995


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["a b c d e f", "a b c d e g", "x y", "", "q r s t u v w"]),
                max_size=12))
def test_groups_partition_and_first_member_is_representative(texts):
    g = duplicate_groups(texts, threshold=0.5, shingle_size=2)
    assert len(g) == len(texts)
    for _, members in g.groupby("dup_group"):
        kinds = members.dup_kind.tolist()
        assert kinds[0] == "" and all(k in ("exact", "near") for k in kinds[1:])
    # group ids are numbered in order of first appearance
    firsts = g.drop_duplicates("dup_group").dup_group.tolist()
    assert firsts == list(range(len(firsts)))


def test_without_copies_keeps_first_of_each_group_and_does_not_mutate():
    from newsprism.corpus import without_copies

    docs = pd.DataFrame({"doc_id": list("abcd"), "dup_kind": ["", "exact", "none", "near"]})
    kept = without_copies(docs)
    assert kept["doc_id"].tolist() == ["a", "c"]
    assert docs["doc_id"].tolist() == list("abcd")
    assert without_copies(docs.drop(columns="dup_kind"))["doc_id"].tolist() == list("abcd")
