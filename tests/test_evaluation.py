from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score

from newsprism.evaluation import bootstrap_ci


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
