"""The one bootstrap of newsprism: metric intervals, prevalence and stance intervals.

Every interval newsprism reports is a percentile bootstrap drawn here, so all of them
resample the same way: ``n_units`` units (rows, articles, or groups of rows) drawn with
replacement, one replicate after the other, from ``numpy.random.default_rng(seed)``
(or a Generator the caller passes on from cell to cell).

* :func:`resample_indices` - the replicates as arrays of unit indices (in blocks);
* :func:`resample_counts` - the same replicates as counts per unit, for statistics that
  are sums (``counts @ values``): shares, ratio estimators;
* :func:`percentile_interval` - the ``alpha/2`` and ``1 - alpha/2`` percentiles;
* :func:`bootstrap_ci` - point estimate and interval of any ``metric(y_true, y_pred)``,
  optionally resampling whole groups (duplicate clusters, articles).

Example:
    >>> from sklearn.metrics import f1_score
    >>> y = [0, 1, 1, 0, 1, 0, 1, 1]
    >>> point, low, high = bootstrap_ci(y, y, lambda a, b: f1_score(a, b), n_boot=200, seed=0)
    >>> (point, low, high)
    (1.0, 1.0, 1.0)
    >>> resample_counts(3, 2, np.random.default_rng(0)).sum(axis=1).tolist()
    [3.0, 3.0]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

_BLOCK_CELLS = 1 << 20  # indices drawn per block: bounds memory for large samples


def _rng(seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def resample_indices(n_units: int, n_boot: int, seed=0) -> Iterator[np.ndarray]:
    """Bootstrap replicates as blocks of unit indices, shape ``(block, n_units)``.

    The stream of draws is that of ``n_boot`` successive
    ``rng.integers(0, n_units, n_units)`` calls, whatever the block size.
    ``seed`` is an int or a ``numpy.random.Generator`` (which is advanced).
    """
    rng = _rng(seed)
    if n_units < 1:
        raise ValueError(f"cannot resample {n_units} units")
    block = max(1, _BLOCK_CELLS // n_units)
    done = 0
    while done < n_boot:
        size = min(block, n_boot - done)
        yield rng.integers(0, n_units, (size, n_units))
        done += size


def resample_counts(n_units: int, n_boot: int, seed=0) -> np.ndarray:
    """How often each unit is drawn in each replicate: float array ``(n_boot, n_units)``.

    A statistic that is a sum over units is then ``counts @ values`` (e.g. the share of
    articles carrying a theme is ``counts @ has_theme / n_units``).
    """
    out = np.empty((n_boot, n_units))
    row = 0
    for idx in resample_indices(n_units, n_boot, seed):
        offsets = (np.arange(len(idx)) * n_units)[:, None]
        flat = np.bincount((idx + offsets).ravel(), minlength=len(idx) * n_units)
        out[row:row + len(idx)] = flat.reshape(len(idx), n_units)
        row += len(idx)
    return out


def percentile_interval(stats, alpha: float = 0.05, axis: int = 0):
    """``(low, high)``: the ``100·alpha/2`` and ``100·(1 - alpha/2)`` percentiles (NaN-aware)."""
    low, high = np.nanpercentile(np.asarray(stats, dtype=float),
                                 [100 * alpha / 2, 100 * (1 - alpha / 2)], axis=axis)
    return low, high


def group_units(groups: Sequence) -> list[np.ndarray]:
    """Row indices of each group (groups in sorted order): the units of a grouped bootstrap."""
    _, inverse = np.unique(np.asarray(groups), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1)


def bootstrap_ci(
    y_true: Sequence,
    y_pred: Sequence,
    metric: Callable[[np.ndarray, np.ndarray], float],
    *,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
    groups: Sequence | None = None,
) -> tuple[float, float, float]:
    """Point estimate and percentile bootstrap interval of ``metric(y_true, y_pred)``.

    With ``groups`` the bootstrap resamples whole groups (e.g. duplicate clusters or
    articles), so near-copies do not narrow the interval.
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    point = float(metric(y_true, y_pred))
    units = None if groups is None else group_units(groups)
    n_units = len(y_true) if units is None else len(units)
    stats = []
    for block in resample_indices(n_units, n_boot, seed):
        for pick in block:
            idx = pick if units is None else np.concatenate([units[i] for i in pick])
            stats.append(metric(y_true[idx], y_pred[idx]))
    low, high = percentile_interval(stats, alpha)
    return point, float(low), float(high)
