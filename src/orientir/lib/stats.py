"""Grouped statistics over numpy arrays: means, population sd, ranks, medians, OLS, Wilson.

Domain-free. A "group" is an integer label per element, 0 ≤ label < n_groups; every
function works on all groups at once, so that tens of thousands of schools take
milliseconds rather than a Python loop per group.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
TINY = 1e-12  # below this an sd is rounding noise of equal values, i.e. zero


def group_labels(*keys: NDArray[np.int64]) -> tuple[Ints, int]:
    """Label the distinct combinations of non-negative integer `keys` 0..n−1; return both."""
    if len(keys[0]) == 0:
        return np.zeros(0, dtype=np.int64), 0
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        key = np.asarray(key, dtype=np.int64)
        if key.min() < 0:
            raise ValueError("group keys must not be negative")
        combined = combined * (int(key.max()) + 1) + key
    _, labels = np.unique(combined, return_inverse=True)
    labels = labels.reshape(-1).astype(np.int64)
    return labels, int(labels.max()) + 1


def group_count(groups: Ints, n_groups: int) -> Ints:
    return np.bincount(groups, minlength=n_groups).astype(np.int64)


def group_mean(values: Floats, groups: Ints, n_groups: int) -> Floats:
    """Mean of each group (NaN for an empty group)."""
    counts = np.bincount(groups, minlength=n_groups)
    sums = np.bincount(groups, weights=values, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts


def group_sd(values: Floats, groups: Ints, n_groups: int) -> Floats:
    """Population standard deviation of each group, from deviations (numerically stable)."""
    mean = group_mean(values, groups, n_groups)
    deviations = values - mean[groups]
    variance = group_mean(deviations * deviations, groups, n_groups)
    return np.sqrt(variance)


def group_z(values: Floats, groups: Ints, n_groups: int) -> Floats:
    """(x − group mean) / group population sd; 0 where the sd is 0 (up to rounding)."""
    mean = group_mean(values, groups, n_groups)[groups]
    spread = group_sd(values, groups, n_groups)[groups]
    varies = spread > TINY * (1 + np.abs(mean))
    return np.where(varies, (values - mean) / np.where(varies, spread, 1.0), 0.0)


def group_rank(values: Floats, groups: Ints, *, descending: bool = False) -> Ints:
    """Rank within each group from 1; tied values all take the lowest (best) rank of the tie."""
    size = len(values)
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    keyed = -values if descending else values
    order = np.lexsort((keyed, groups))
    g, v = groups[order], keyed[order]
    index = np.arange(size)
    new_group = np.ones(size, dtype=bool)
    new_group[1:] = g[1:] != g[:-1]
    new_run = new_group.copy()
    new_run[1:] |= v[1:] != v[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, index, 0))
    run_start = np.maximum.accumulate(np.where(new_run, index, 0))
    ranks = np.empty(size, dtype=np.int64)
    ranks[order] = run_start - group_start + 1
    return ranks


def group_median(values: Floats, groups: Ints, n_groups: int) -> Floats:
    """Median of each group (the mean of the two middle values for an even count)."""
    order = np.lexsort((values, groups))
    ordered = values[order]
    counts = np.bincount(groups, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    result = np.full(n_groups, np.nan)
    filled = counts > 0
    low = starts[filled] + (counts[filled] - 1) // 2
    high = starts[filled] + counts[filled] // 2
    result[filled] = (ordered[low] + ordered[high]) / 2
    return result


def group_ols_residuals(y: Floats, x: Floats, groups: Ints, n_groups: int) -> Floats:
    """Residuals e of y = a + b·x fitted by least squares in each group (b = 0 if x is flat)."""
    mean_x = group_mean(x, groups, n_groups)
    mean_y = group_mean(y, groups, n_groups)
    dx, dy = x - mean_x[groups], y - mean_y[groups]
    sxx = np.bincount(groups, weights=dx * dx, minlength=n_groups)
    sxy = np.bincount(groups, weights=dx * dy, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), 0.0)
    return dy - slope[groups] * dx


def wilson_lower(successes: Floats, n: Floats, confidence: float = 0.95) -> Floats:
    """Lower bound of the Wilson score interval for the proportion successes/n."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = successes / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n)


def share_ceil(share: float, count: NDArray[np.int64] | int) -> NDArray[np.int64]:
    """ceil(share · count), immune to 0.1 · 30 = 3.0000000000000004."""
    return np.ceil(np.round(share * np.asarray(count, dtype=np.float64), 9)).astype(np.int64)


def ceil_share(share: float, count: int) -> int:
    return math.ceil(round(share * count, 9))


class Labels:
    """Give consecutive integer labels to strings or ids as they come."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        return self.index.setdefault(value, len(self.index))

    def names(self) -> list[Any]:
        return list(self.index)
