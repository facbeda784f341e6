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

Where the percentile bootstrap of a share degenerates (0 of n, n of n, a handful of
articles: every replicate gives the same share, so the interval has zero width), shares
get a Wilson score interval instead (:func:`wilson_interval`, chosen cell by cell by
:func:`share_intervals`, which also says which method each cell used).
:func:`benjamini_hochberg` controls the false discovery rate over many tests.

Example:
    >>> from sklearn.metrics import f1_score
    >>> y = [0, 1, 1, 0, 1, 0, 1, 1]
    >>> point, low, high = bootstrap_ci(y, y, lambda a, b: f1_score(a, b), n_boot=200, seed=0)
    >>> (point, low, high)
    (1.0, 1.0, 1.0)
    >>> resample_counts(3, 2, np.random.default_rng(0)).sum(axis=1).tolist()
    [3.0, 3.0]
    >>> [round(float(v), 3) for v in wilson_interval(12, 12)]   # 12 of 12: not [1, 1]
    [0.758, 1.0]
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


# A share resting on fewer than this many "successes" or "failures" (k or n - k, in
# resampling units) gets a Wilson interval: below it the bootstrap distribution is a
# handful of lumpy values (at 0 or n a single value) and its percentiles undercover.
MIN_COUNT = 5


def wilson_interval(k, n, alpha: float = 0.05):
    """Wilson score interval ``(low, high)`` for ``k`` successes out of ``n`` (vectorised).

    Why Wilson (rather than Jeffreys, the other interval Brown, Cai & DasGupta 2001
    recommend for small n): it has a closed form, needs no beta quantiles and no ad-hoc
    boundary rule (the Jeffreys interval needs one at 0/n and n/n), stays inside [0, 1],
    and at 0/n its upper bound ``z²/(n + z²)`` is the familiar "rule of three"-like bound
    (about 3.8/n). ``k`` may be fractional (a weighted count, or share × units); NaN
    where ``n <= 0``.

    Example:
        >>> [round(float(v), 3) for v in wilson_interval(0, 10)]
        [0.0, 0.278]
    """
    from scipy.stats import norm

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = float(norm.ppf(1 - alpha / 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.clip(k / n, 0.0, 1.0)
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    # exact at the boundaries (rounding could leave 1e-17 instead of 0)
    low = np.where(p <= 0, 0.0, low)
    high = np.where(p >= 1, 1.0, high)
    return low, high


def share_intervals(share, n_units, boot_low, boot_high, *, alpha: float = 0.05,
                    method: str = "auto", min_count: float = MIN_COUNT):
    """Interval of each share: the bootstrap one, or Wilson's where the bootstrap degenerates.

    ``n_units`` is the number of resampling units of each cell (articles); ``share *
    n_units`` the (possibly fractional) count. ``method``: ``"auto"`` (Wilson where
    ``min(k, n - k) < min_count``, i.e. at 0/n, n/n and in tiny cells; the bootstrap
    elsewhere), ``"wilson"`` or ``"bootstrap"``. Returns ``(low, high, used)`` with
    ``used`` an object array of ``"wilson"``, ``"bootstrap"`` or ``"none"`` (no
    interval: an empty cell, or no bootstrap replicates drawn).

    Example:
        >>> low, high, used = share_intervals([0.0, 0.5], [4, 400], [0.0, 0.45], [0.0, 0.55])
        >>> used.tolist(), round(float(high[0]), 3)
        (['wilson', 'bootstrap'], 0.49)
    """
    if method not in ("auto", "wilson", "bootstrap"):
        raise ValueError(f"interval method must be 'auto', 'wilson' or 'bootstrap', got {method!r}")
    share = np.asarray(share, dtype=float)
    n = np.broadcast_to(np.asarray(n_units, dtype=float), share.shape)
    blo = np.broadcast_to(np.asarray(boot_low, dtype=float), share.shape)
    bhi = np.broadcast_to(np.asarray(boot_high, dtype=float), share.shape)
    k = share * n
    has_boot = np.isfinite(blo) & np.isfinite(bhi)
    if method == "wilson":
        wil = np.isfinite(share) & (n > 0)
    elif method == "bootstrap":
        wil = np.zeros(share.shape, dtype=bool)
    else:
        # only where a bootstrap was drawn: n_boot = 0 means "no intervals" everywhere
        small = np.minimum(k, n - k) < min_count
        wil = np.isfinite(share) & (n > 0) & has_boot & small
    wlo, whi = wilson_interval(k, n, alpha)
    low = np.where(wil, wlo, blo)
    high = np.where(wil, whi, bhi)
    used = np.where(wil, "wilson", np.where(has_boot, "bootstrap", "none")).astype(object)
    return low, high, used


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values); NaN p-values stay NaN and are not
    counted as tests. Reject at FDR ``q`` where the adjusted value is ``<= q``.

    Example:
        >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
        [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if not len(ok):
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    scaled = p[order] * m / np.arange(1, m + 1)
    out[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return out
