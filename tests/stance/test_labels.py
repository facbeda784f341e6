"""The stance label vocabulary and proba_table, the one probabilities → table conversion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from newsprism.stance.labels import CLASSES, LABELS, PROBA_COLUMNS, proba_table


def test_vocabulary():
    assert LABELS == ("favor", "against", "neutral")
    assert CLASSES == ("against", "favor", "neutral")  # how sklearn orders classes_
    assert PROBA_COLUMNS == ["label", "p_favor", "p_against", "p_neutral"]


@pytest.mark.parametrize("classes, row, label, expected", [
    (CLASSES, [0.2, 0.7, 0.1], "favor", [0.7, 0.2, 0.1]),
    (LABELS, [0.2, 0.7, 0.1], "against", [0.2, 0.7, 0.1]),
    (("favor", "neutral"), [0.4, 0.6], "neutral", [0.4, 0.0, 0.6]),  # a label never learnt
    (CLASSES, [0.4, 0.4, 0.2], "against", [0.4, 0.4, 0.2]),  # tie: first in classes order
])
def test_columns_follow_the_vocabulary_not_the_class_order(classes, row, label, expected):
    table = proba_table(np.array([row]), classes)
    assert list(table.columns) == PROBA_COLUMNS
    assert table["label"].tolist() == [label]
    assert table[["p_favor", "p_against", "p_neutral"]].to_numpy().tolist() == [expected]


@pytest.mark.parametrize("proba, classes, match", [
    (np.ones((2, 2)) / 2, CLASSES, "one column per class"),
    (np.ones(3) / 3, CLASSES, "one column per class"),
    (np.ones((1, 3)) / 3, ("favor", "against", "maybe"), "not stance labels"),
    (np.ones((1, 0)), (), "one column per class"),
])
def test_bad_input_is_refused(proba, classes, match):
    with pytest.raises(ValueError, match=match):
        proba_table(proba, classes)


@given(arrays(float, st.tuples(st.integers(0, 20), st.just(3)),
              elements=st.floats(0, 1, allow_nan=False)))
def test_label_is_the_most_probable_class(proba):
    table = proba_table(proba, CLASSES)
    assert len(table) == len(proba)
    picked = table[["p_against", "p_favor", "p_neutral"]].to_numpy()
    np.testing.assert_array_equal(picked, proba)
    if len(proba):
        np.testing.assert_array_equal(table["label"], np.array(CLASSES)[proba.argmax(axis=1)])
