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


# --- small cells: Wilson intervals, the per-cell method choice, Benjamini-Hochberg ---

from newsprism.evaluation import benjamini_hochberg, share_intervals, wilson_interval  # noqa: E402


@pytest.mark.parametrize("n", [1, 2, 5, 12, 50, 400])
@pytest.mark.parametrize("at", ["zero", "all"])
def test_wilson_at_the_boundary_is_not_zero_width_and_contains_the_estimate(n, at):
    k = 0 if at == "zero" else n
    low, high = (float(v) for v in wilson_interval(k, n))
    assert high - low > 0
    assert 0.0 <= low <= k / n <= high <= 1.0
    # the open side is the Wilson bound z²/(n + z²) away from the boundary
    width = 1.959964 ** 2 / (n + 1.959964 ** 2)
    assert (high if at == "zero" else 1 - low) == pytest.approx(width, rel=1e-5)


@pytest.mark.parametrize("n", [3, 8, 20, 60])
@pytest.mark.parametrize("p", [0.0, 0.05, 0.5, 1.0])
def test_wilson_covers_the_truth_about_as_promised(n, p):
    # exact coverage from the binomial distribution: Wilson is known to stay near 95 %
    # (minimum around 0.83-0.90 for n this small, at p near 0 or 1); the percentile
    # bootstrap at p = 0 or 1 covers only when the sample happens to be all 0 or all 1
    from scipy.stats import binom

    ks = np.arange(n + 1)
    low, high = wilson_interval(ks, n)
    covered = (low <= p) & (p <= high)
    coverage = float(binom.pmf(ks, n, p)[covered].sum())
    assert coverage >= 0.83


def test_wilson_is_nan_for_an_empty_cell():
    low, high = wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


@pytest.mark.parametrize("k, n, expected", [(0, 10, "wilson"), (10, 10, "wilson"), (2, 3, "wilson"),
                                            (4, 100, "wilson"), (50, 100, "bootstrap"),
                                            (96, 100, "wilson")])
def test_auto_uses_wilson_where_the_bootstrap_degenerates(k, n, expected):
    rng = np.random.default_rng(0)
    x = np.r_[np.ones(k), np.zeros(n - k)]
    boot = resample_counts(n, 500, rng) @ x / n
    blo, bhi = percentile_interval(boot)
    low, high, used = share_intervals([k / n], [n], [blo], [bhi])
    assert used.tolist() == [expected]
    assert high[0] - low[0] > 0
    assert low[0] <= k / n <= high[0]
    if expected == "bootstrap":
        assert (low[0], high[0]) == (blo, bhi)


def test_no_interval_when_no_bootstrap_was_drawn_or_the_cell_is_empty():
    low, high, used = share_intervals([0.0, np.nan], [5, 0], [np.nan, np.nan], [np.nan, np.nan])
    assert used.tolist() == ["none", "none"] and np.isnan(low).all()
    low, high, used = share_intervals([0.0], [5], [np.nan], [np.nan], method="wilson")
    assert used.tolist() == ["wilson"] and high[0] > 0
    with pytest.raises(ValueError, match="interval method"):
        share_intervals([0.1], [5], [0.0], [0.2], method="exact")


def test_benjamini_hochberg_matches_the_step_up_rule():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
    q = benjamini_hochberg(p)
    # the textbook rule: reject p_(i) <= i q / m for the largest such i (here i = 2 at q = 5 %)
    assert (q <= 0.05).sum() == 2
    assert np.all(np.diff(q) >= 0) and (q >= p).all() and q.max() <= 1
    assert np.isnan(benjamini_hochberg([np.nan])).all()
