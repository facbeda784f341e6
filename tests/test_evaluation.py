from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score

from newsprism.evaluation import (bootstrap_ci, percentile_interval, resample_counts,
                                  resample_indices)


def test_interval_contains_point_and_is_reproducible():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    pred = np.where(rng.random(300) < 0.8, y, 1 - y)
    first = bootstrap_ci(y, pred, accuracy_score, n_boot=300, seed=3)
    assert first == bootstrap_ci(y, pred, accuracy_score, n_boot=300, seed=3)
    point, low, high = first
    assert low <= point <= high
    assert 0.7 < low < high < 0.9


def test_grouped_bootstrap_is_wider_when_groups_are_copies():
    # 40 distinct items each copied 5 times: resampling copies as independent rows
    # understates the uncertainty; resampling groups does not.
    rng = np.random.default_rng(0)
    y = np.repeat(rng.integers(0, 2, 40), 5)
    pred = np.repeat(rng.integers(0, 2, 40), 5)
    groups = np.repeat(np.arange(40), 5)
    _, lo_rows, hi_rows = bootstrap_ci(y, pred, accuracy_score, n_boot=400, seed=0)
    _, lo_groups, hi_groups = bootstrap_ci(y, pred, accuracy_score, n_boot=400, seed=0, groups=groups)
    assert (hi_groups - lo_groups) > 1.5 * (hi_rows - lo_rows)


@pytest.mark.parametrize("n_boot", [1, 10])
def test_small_n_boot_runs(n_boot):
    point, low, high = bootstrap_ci([1, 0, 1], [1, 0, 0], accuracy_score, n_boot=n_boot, seed=0)
    assert point == pytest.approx(2 / 3)
    assert 0 <= low <= high <= 1


@pytest.mark.parametrize("n_units, n_boot", [(1, 5), (7, 300), (5000, 400)])
def test_replicates_are_the_successive_integer_draws(n_units, n_boot):
    # blocks never change the stream: replicate b is the b-th rng.integers(0, n, n) call
    rng = np.random.default_rng(11)
    expected = np.stack([rng.integers(0, n_units, n_units) for _ in range(n_boot)])
    got = np.concatenate(list(resample_indices(n_units, n_boot, 11)))
    np.testing.assert_array_equal(got, expected)
    counts = resample_counts(n_units, n_boot, 11)
    assert counts.shape == (n_boot, n_units) and (counts.sum(axis=1) == n_units).all()
    np.testing.assert_array_equal(counts[0], np.bincount(expected[0], minlength=n_units))


def test_a_generator_is_advanced_from_cell_to_cell():
    rng = np.random.default_rng(0)
    first, second = resample_counts(4, 10, rng), resample_counts(4, 10, rng)
    assert not np.array_equal(first, second)


def test_percentile_interval_ignores_nan():
    low, high = percentile_interval([np.nan, 0.0, 1.0, 2.0, 3.0, 4.0], alpha=0.5)
    assert (low, high) == (1.0, 3.0)


def test_no_units_is_an_error():
    with pytest.raises(ValueError, match="0 units"):
        next(resample_indices(0, 10, 0))
