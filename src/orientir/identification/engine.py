"""The identification method of IDENTIFICATION.md over numpy arrays, all regions at once.

Pure: a `Dataset` of parallel arrays in, an `Outcome` of per-school arrays out. Schools
are indexed 0..S−1; years are indexed 0..W where W is the run's year and 0 the year
before the window (needed only for the change of R in step 8). Every group of the
method includes the region, so ranks, indexes and regressions stay within a region.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from orientir.identification.method import Settings
from orientir.lib import stats
from orientir.lib.stats import Floats, Ints

NDArrayBool = np.ndarray


@dataclass
class Dataset:
    year: int  # start year of the run's academic year
    school_region: Ints  # region label per school
    assessments: list[str]
    subjects: list[str]
    cell_school: Ints
    cell_year: Ints  # start years
    cell_assessment: Ints
    cell_subject: Ints
    cell_grade: Ints  # 0 when the file gives no grade
    cell_n: Ints
    cell_failed: Ints
    cell_mean: Floats  # NaN when the file gives no mean score
    indicators: list[str] = field(default_factory=list)
    indicator_adverse: NDArrayBool = field(default_factory=lambda: np.zeros(0, dtype=bool))
    ctx_school: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ctx_year: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ctx_indicator: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ctx_value: Floats = field(default_factory=lambda: np.zeros(0))

    @property
    def school_count(self) -> int:
        return len(self.school_region)


@dataclass
class Cells:
    """The cells in use (step 1) with their score, z, failed share and failing test."""

    index: Ints  # positions in the dataset's cell arrays
    school: Ints
    year: Ints  # 0..W
    share: Floats
    shrunk_z: Floats
    wilson: Floats
    median: Floats
    failing: NDArrayBool
    z: Floats = field(default_factory=lambda: np.zeros(0))  # before shrinkage (EFFECT.md)


@dataclass
class Outcome:
    settings: Settings
    years: list[int]  # start year of each year index
    cells: Cells
    R: Floats  # S × T, NaN without cells in use
    cell_count: Ints
    low_rank: Ints  # rank by R ascending (0 without R)
    high_rank: Ints  # rank by R descending
    rank_n: Ints  # N of the ranking's region and year
    low: NDArrayBool
    low_by_cells: NDArrayBool
    high: NDArrayBool
    A: Floats
    A_count: Ints
    ctx_z: Floats  # aligned z per context row of the dataset (NaN outside the window)
    adverse_rank: Ints  # S, run year only
    adverse_n: Ints
    r: Floats
    change: Floats
    change_mean: Floats
    change_sd: Floats
    jump: NDArrayBool
    has_data: NDArrayBool
    flags: dict[str, NDArrayBool]

    def flag_counts(self) -> dict[str, int]:
        """How many schools with data carry each flag."""
        return {flag: int((mask & self.has_data).sum()) for flag, mask in self.flags.items()}


def _year_index(years: Ints, data: Dataset, window: int) -> Ints:
    return np.asarray(years, dtype=np.int64) - (data.year - window)


def core_subject_mask(data: Dataset, settings: Settings) -> NDArrayBool:
    """Step 1's subjects: the core ones, and the only subject of a one-subject assessment."""
    wanted = [" ".join(s.casefold().split()) for s in settings.core_subjects]
    named = np.array(
        [_is_core(" ".join(s.casefold().replace("ё", "е").split()), wanted) for s in data.subjects],
        dtype=bool,
    )
    mask = named[data.cell_subject] if len(data.subjects) else np.zeros(0, dtype=bool)
    # The distinct (assessment, subject) pairs as one number each: sorting one column of a
    # national dataset takes a fraction of the memory that sorting rows of two does.
    pairs = np.unique(data.cell_assessment * max(len(data.subjects), 1) + data.cell_subject)
    per_assessment = np.bincount(
        pairs // max(len(data.subjects), 1), minlength=len(data.assessments)
    )
    return mask | (per_assessment[data.cell_assessment] == 1)


def _is_core(subject: str, wanted: list[str]) -> bool:
    """Русский язык; Математика, and its variants «Математика П», «Математика (базовая)»."""
    return any(subject == w or subject.startswith((w + " ", w + "(")) for w in wanted)


def cells_in_use(data: Dataset, settings: Settings) -> Cells:
    """Steps 1, 2 and the failing-cell test of step 4, over the window and the year before."""
    window = settings.window_years
    year = _year_index(data.cell_year, data, window)
    use = (year >= 0) & (year <= window) & (data.cell_n >= settings.min_n)
    use &= core_subject_mask(data, settings)
    index = np.flatnonzero(use)
    school, year = data.cell_school[index], year[index]
    # The groups first, so that their keys are let go before the cells' figures are made.
    groups, count = stats.group_labels(
        data.school_region[school],
        year,
        data.cell_assessment[index],
        data.cell_subject[index],
        data.cell_grade[index],
    )
    n = data.cell_n[index].astype(np.float64)
    failed = data.cell_failed[index].astype(np.float64)
    share = failed / n
    mean = data.cell_mean[index]
    score = np.where(np.isnan(mean), 1 - share, mean)
    del mean
    z = stats.group_z(score, groups, count)
    del score
    shrunk = z * n / (n + settings.shrinkage_k)
    median = stats.group_median(share, groups, count)[groups]
    wilson = stats.wilson_lower(failed, n, settings.wilson_confidence)
    failing = (share >= settings.fail_share) & (wilson > median)
    return Cells(index, school, year, share, shrunk, wilson, median, failing, z)


def school_results(
    cells: Cells, schools: int, years: int, *, shrunk: bool = True
) -> tuple[Floats, Ints]:
    """Step 3: R, the plain mean of a school's shrunk cell z in a year (unshrunk: k = 0)."""
    key = cells.school * years + cells.year
    count = np.bincount(key, minlength=schools * years)
    z = cells.shrunk_z if shrunk else cells.z
    total = np.bincount(key, weights=z, minlength=schools * years)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return mean.reshape(schools, years), count.reshape(schools, years)


def rank_by_year(values: Floats, region: Ints, *, descending: bool) -> tuple[Ints, Ints]:
    """Rank each school's value within its region and year; also return N of that ranking."""
    has = ~np.isnan(values)
    s, y = np.nonzero(has)
    ranks = np.zeros(values.shape, dtype=np.int64)
    sizes = np.zeros(values.shape, dtype=np.int64)
    if len(s) == 0:
        return ranks, sizes
    groups, count = stats.group_labels(region[s], y)
    ranks[s, y] = stats.group_rank(values[s, y], groups, descending=descending)
    sizes[s, y] = stats.group_count(groups, count)[groups]
    return ranks, sizes


def adversity(data: Dataset, settings: Settings, years: int) -> tuple[Floats, Ints, Floats]:
    """Step 6: aligned z of each indicator within region and year, and their mean A."""
    schools = data.school_count
    year = _year_index(data.ctx_year, data, settings.window_years)
    inside = (year >= 1) & (year < years)
    aligned = np.full(len(data.ctx_value), np.nan)
    index = np.flatnonzero(inside)
    school = data.ctx_school[index]
    groups, count = stats.group_labels(
        data.school_region[school], year[index], data.ctx_indicator[index]
    )
    z = stats.group_z(data.ctx_value[index].astype(np.float64), groups, count)
    sign = np.where(data.indicator_adverse[data.ctx_indicator[index]], 1.0, -1.0)
    aligned[index] = z * sign
    key = school * years + year[index]
    n = np.bincount(key, minlength=schools * years)
    total = np.bincount(key, weights=aligned[index], minlength=schools * years)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n >= settings.min_indicators, total / np.maximum(n, 1), np.nan)
    return mean.reshape(schools, years), n.reshape(schools, years), aligned


def residuals(R: Floats, A: Floats, region: Ints, first: int) -> Floats:
    """Step 7: OLS R = a + b·A within region and year; r = e / sd(e), 0 where sd(e) is 0."""
    r = np.full(R.shape, np.nan)
    both = ~np.isnan(R) & ~np.isnan(A)
    both[:, :first] = False
    s, y = np.nonzero(both)
    if len(s) == 0:
        return r
    groups, count = stats.group_labels(region[s], y)
    e = stats.group_ols_residuals(R[s, y], A[s, y], groups, count)
    sd = stats.group_sd(e, groups, count)[groups]
    varies = sd > stats.TINY
    r[s, y] = np.where(varies, e / np.where(varies, sd, 1.0), 0.0)
    return r


def jumps(R: Floats, region: Ints, jump_sd: float) -> tuple[Floats, Floats, Floats, NDArrayBool]:
    """Step 8: each year's change of R against the region's mean change, in its sd."""
    change = np.full(R.shape, np.nan)
    change[:, 1:] = R[:, 1:] - R[:, :-1]
    mean, sd = np.full(R.shape, np.nan), np.full(R.shape, np.nan)
    s, y = np.nonzero(~np.isnan(change))
    jump = np.zeros(R.shape, dtype=bool)
    if len(s) == 0:
        return change, mean, sd, jump
    groups, count = stats.group_labels(region[s], y)
    mean[s, y] = stats.group_mean(change[s, y], groups, count)[groups]
    sd[s, y] = stats.group_sd(change[s, y], groups, count)[groups]
    varies = sd[s, y] > stats.TINY
    jump[s, y] = varies & (change[s, y] - mean[s, y] > jump_sd * sd[s, y])
    return change, mean, sd, jump


def _in_years(mask: NDArrayBool, settings: Settings) -> Ints:
    """How many years of the window (indexes 1..W) a condition holds."""
    return mask[:, 1:].sum(axis=1)


def _has_data(data: Dataset, settings: Settings) -> NDArrayBool:
    """Schools with any results or context in the window, whatever their participants."""
    has = np.zeros(data.school_count, dtype=bool)
    for school, year in ((data.cell_school, data.cell_year), (data.ctx_school, data.ctx_year)):
        inside = (year > data.year - settings.window_years) & (year <= data.year)
        has[school[inside]] = True
    return has


def identify(data: Dataset, settings: Settings) -> Outcome:
    """Run steps 1–9 for every school of the dataset, region by region at once."""
    years = settings.window_years + 1
    region, schools = data.school_region, data.school_count
    cells = cells_in_use(data, settings)
    R, cell_count = school_results(cells, schools, years)
    low_rank, rank_n = rank_by_year(R, region, descending=False)
    high_rank, _ = rank_by_year(R, region, descending=True)
    low_by_cells = np.zeros((schools, years), dtype=bool)
    low_by_cells[cells.school[cells.failing], cells.year[cells.failing]] = True
    low = (low_rank > 0) & (low_rank <= stats.share_ceil(settings.p_low, rank_n)) | low_by_cells
    high = (high_rank > 0) & (high_rank <= stats.share_ceil(settings.p_high, rank_n))
    A, A_count, ctx_z = adversity(data, settings, years)
    adverse_ranks, adverse_sizes = rank_by_year(A[:, -1:], region, descending=True)
    adverse_rank, adverse_n = adverse_ranks[:, 0], adverse_sizes[:, 0]
    adverse = (adverse_rank > 0) & (adverse_rank <= stats.share_ceil(settings.p_adverse, adverse_n))
    r = residuals(R, A, region, first=1)
    change, change_mean, change_sd, jump = jumps(R, region, settings.jump_sd)
    jump[:, 0] = False
    with np.errstate(invalid="ignore"):
        under = _in_years(r <= settings.r_low, settings) >= settings.low_years
        good = _in_years(high | (r >= settings.r_high), settings) >= settings.low_years
    verify = jump[:, 1:].any(axis=1)
    flags = {
        "low_results": _in_years(low, settings) >= settings.low_years,
        "adverse_conditions": adverse,
        "resilient": adverse & good & ~verify,
        "underperforming_for_context": under,
        "needs_verification": verify,
    }
    first = data.year - settings.window_years
    return Outcome(
        settings,
        [first + i for i in range(years)],
        cells,
        R,
        cell_count,
        low_rank,
        high_rank,
        rank_n,
        low,
        low_by_cells,
        high,
        A,
        A_count,
        ctx_z,
        adverse_rank,
        adverse_n,
        r,
        change,
        change_mean,
        change_sd,
        jump,
        _has_data(data, settings),
        flags,
    )
