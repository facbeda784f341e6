"""Honest evaluation helpers shared by the topic and stance models.

Example:
    >>> from sklearn.metrics import f1_score
    >>> y = [0, 1, 1, 0, 1, 0, 1, 1]
    >>> point, low, high = bootstrap_ci(y, y, lambda a, b: f1_score(a, b), n_boot=200, seed=0)
    >>> (point, low, high)
    (1.0, 1.0, 1.0)
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


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
    rng = np.random.default_rng(seed)
    units = None
    if groups is not None:
        _, inverse = np.unique(np.asarray(groups), return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        units = np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1)
    n_units = len(y_true) if units is None else len(units)
    stats = np.empty(n_boot)
    for b in range(n_boot):
        pick = rng.integers(0, n_units, n_units)
        idx = pick if units is None else np.concatenate([units[i] for i in pick])
        stats[b] = metric(y_true[idx], y_pred[idx])
    low, high = np.nanpercentile(stats, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return point, float(low), float(high)
