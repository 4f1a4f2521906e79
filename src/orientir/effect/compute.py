"""EFFECT.md over numpy arrays: cohorts, outcomes, matching, effects, intervals and exit.

Pure: a `Panel` (each school's yearly outcome, adversity, R, "low" and statuses) in, a
`Measurement` out. The panel is built from the identification method's own arrays
(`build_panel`), so R, A and "low" are those of IDENTIFICATION.md exactly. Schools are
indexed 0..S−1, years 0..T−1 (consecutive start years). Matching and the distances go
region by region, the targets of a region in chunks, so 40,000 schools take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from orientir.effect.method import EXIT_WITHIN, HORIZON, EffectSettings
from orientir.identification.engine import Dataset, identify, school_results
from orientir.identification.method import Settings
from orientir.identification.pairing import YearRecord, exit_or_review
from orientir.lib import stats
from orientir.lib.stats import Floats, Ints

Bools = np.ndarray
CHUNK = 2_000_000  # distance-matrix elements computed at once
BOOTSTRAP_CHUNK = 4_000_000  # resampled indexes drawn at once (the stream is the same)
DIGITS = 4  # figures are printed to 4 decimals


@dataclass
class StatusRows:
    """One row per status held: the school's index in the panel, start year, status code."""

    school: Ints
    year: Ints
    status: list[str]


@dataclass
class Panel:
    years: list[int]  # consecutive start years of the results
    codes: list[str]  # school identifier: ties and resamples go in its order
    region: Ints
    municipality: Ints  # −1 where not known
    municipalities: list[str]
    outcome: Floats  # S × T, NaN without the outcome that year
    A: Floats  # S × T adversity index (IDENTIFICATION.md step 6)
    R: Floats  # S × T school result with shrinkage (for exit)
    low: Bools  # S × T low in the year (step 4)
    status_years: list[int]  # consecutive start years of the statuses
    held: Bools  # S × Y a requested target status held
    ever: Bools  # S: any target status in any year

    @property
    def order(self) -> Ints:
        """Each school's place in the order of identifiers."""
        rank = np.empty(len(self.codes), dtype=np.int64)
        rank[np.argsort(np.array(self.codes, dtype=str), kind="stable")] = np.arange(
            len(self.codes)
        )
        return rank


def status_matrix(
    rows: StatusRows, schools: int, wanted: tuple[str, ...]
) -> tuple[list[int], Bools, Bools]:
    """The years of the statuses, the requested statuses held per school and year, and
    whether each school ever held a target status of any kind."""
    if len(rows.year) == 0:
        return [], np.zeros((schools, 0), dtype=bool), np.zeros(schools, dtype=bool)
    first, last = int(rows.year.min()), int(rows.year.max())
    years = list(range(first, last + 1))
    held = np.zeros((schools, len(years)), dtype=bool)
    asked = np.isin(np.array(rows.status, dtype=str), list(wanted))
    held[rows.school[asked], rows.year[asked] - first] = True
    ever = np.zeros(schools, dtype=bool)
    ever[rows.school] = True
    return years, held, ever


def build_panel(
    data: Dataset,
    codes: list[str],
    statuses: StatusRows,
    settings: EffectSettings,
    municipality: Ints | None = None,
    municipalities: list[str] | None = None,
) -> Panel:
    """Run the identification method over every year of `data` (its `year` the last, all
    years in one window) and take the outcome, A, R and "low" of each school and year."""
    schools = data.school_count
    status_years, held, ever = status_matrix(statuses, schools, settings.statuses)
    known = municipality if municipality is not None else np.full(schools, -1, dtype=np.int64)
    places = municipalities or []
    if len(data.cell_year) == 0:  # no results: cohorts, statuses and exit only
        empty = np.zeros((schools, 0))
        none = np.zeros((schools, 0), dtype=bool)
        region = data.school_region
        return Panel(
            [], codes, region, known, places, empty, empty, empty, none, status_years, held, ever
        )
    first = int(data.cell_year.min())
    years = list(range(first, data.year + 1))
    count = len(years)
    outcome = identify(data, Settings(window_years=count))
    if settings.outcome == "mean_z":
        value = school_results(outcome.cells, schools, count + 1, shrunk=False)[0]
    else:
        cells = outcome.cells
        key = cells.school * (count + 1) + cells.year
        size = schools * (count + 1)
        n = np.bincount(key, weights=data.cell_n[cells.index], minlength=size)
        failed = np.bincount(key, weights=data.cell_failed[cells.index], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(n > 0, failed / np.maximum(n, 1), np.nan).reshape(schools, -1)
    return Panel(
        years,
        codes,
        data.school_region,
        known,
        places,
        value[:, 1:],
        outcome.A[:, 1:],
        outcome.R[:, 1:],
        outcome.low[:, 1:] & ~np.isnan(outcome.R[:, 1:]),
        status_years,
        held,
        ever,
    )


def scaled(panel: Panel) -> Floats:
    """y: the outcome over its population sd among the region's schools with it that year."""
    y = panel.outcome.copy()
    s, t = np.nonzero(~np.isnan(y))
    if len(s) == 0:
        return y
    groups, count = stats.group_labels(panel.region[s], t)
    sd = stats.group_sd(y[s, t], groups, count)[groups]
    y[s, t] = y[s, t] / np.where(sd > stats.TINY, sd, 1.0)
    return y


# Matching -----------------------------------------------------------------------------------


def _features(panel: Panel, y: Floats, base: int) -> list[Floats]:
    """y the baseline year, y the year before it, A the baseline year (NaN where missing)."""
    before = y[:, base - 1] if base >= 1 else np.full(len(y), np.nan)
    return [y[:, base], before, panel.A[:, base]]


def distances(target: list[Floats], candidate: list[Floats]) -> Floats:
    """EFFECT.md's d for every target × candidate: terms missing for either are dropped and
    d scaled by sqrt(3 / terms used); no term at all is infinitely far."""
    total = np.zeros((len(target[0]), len(candidate[0])))
    terms = np.zeros(total.shape, dtype=np.int8)
    for t, c in zip(target, candidate, strict=True):
        ok = np.logical_and.outer(~np.isnan(t), ~np.isnan(c))
        diff = np.subtract.outer(np.nan_to_num(t), np.nan_to_num(c))
        np.multiply(diff, diff, out=diff)
        np.multiply(diff, ok, out=diff)
        total += diff
        terms += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        total *= len(target) / np.maximum(terms, 1)
        return np.where(terms > 0, np.sqrt(total), np.inf)


def match(
    panel: Panel, y: Floats, targets: Ints, base: int, settings: EffectSettings
) -> tuple[Ints, Floats]:
    """The k nearest never-target schools of each target's region within the caliper, with
    replacement, ties by identifier: indexes (−1 where fewer) and distances (NaN)."""
    found = np.full((len(targets), settings.k), -1, dtype=np.int64)
    far = np.full((len(targets), settings.k), np.nan)
    if base < 0 or len(targets) == 0:
        return found, far
    order = panel.order
    features = _features(panel, y, base)
    pool = ~panel.ever & ~np.isnan(y[:, base])
    for region in np.unique(panel.region[targets]):
        rows = np.flatnonzero(panel.region[targets] == region)
        candidates = np.flatnonzero(pool & (panel.region == region))
        candidates = candidates[np.argsort(order[candidates], kind="stable")]
        if len(candidates) == 0:
            continue
        step = max(1, CHUNK // len(candidates))
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            d = distances([f[targets[part]] for f in features], [f[candidates] for f in features])
            _nearest(d, settings, part, candidates, found, far)
    return found, far


def _nearest(
    d: Floats, settings: EffectSettings, part: Ints, candidates: Ints, found: Ints, far: Floats
) -> None:
    """Put in `found` and `far` the k nearest within the caliper of each row of `d`. Only
    the pairs within the caliper are sorted: by row, distance, then column (candidates are
    in identifier order, so a tie goes to the smaller identifier)."""
    row, column = np.nonzero(d <= settings.caliper)
    value = d[row, column]
    order = np.lexsort((column, value, row))
    row, column, value = row[order], column[order], value[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank < settings.k
    found[part[row[keep]], rank[keep]] = candidates[column[keep]]
    far[part[row[keep]], rank[keep]] = value[keep]


# Effects and their intervals ----------------------------------------------------------------


@dataclass
class Figure:
    t: int
    estimate: float | None
    low: float | None
    high: float | None
    n: int


def school_effects(y: Floats, targets: Ints, matches: Ints, base: int, year: int) -> Floats:
    """effect_s(t) = Δ_s − mean Δ of its matches with the outcome in both years (NaN if none)."""
    own = y[targets, year] - y[targets, base]
    safe = np.where(matches >= 0, matches, 0)
    theirs = np.where(matches >= 0, y[safe, year] - y[safe, base], np.nan)
    ok = ~np.isnan(theirs)
    count = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, theirs, 0.0).sum(axis=1) / count
    return np.where(count > 0, own - mean, np.nan)


def figure(t: int, effects: Floats, settings: EffectSettings) -> Figure:
    """The plain mean of the effects (in identifier order) and its bootstrap 95 % interval;
    nulls with n when fewer than min_schools schools have an effect."""
    values = effects[~np.isnan(effects)]
    n = len(values)
    if n < settings.min_schools:
        return Figure(t, None, None, None, n)
    rng = np.random.default_rng(settings.seed)
    rows = max(1, BOOTSTRAP_CHUNK // n)
    means = np.concatenate(
        [
            values[rng.integers(0, n, size=(min(rows, settings.bootstrap - done), n))].mean(axis=1)
            for done in range(0, settings.bootstrap, rows)
        ]
    )
    low, high = np.percentile(means, [2.5, 97.5])
    return Figure(t, float(values.mean()), float(low), float(high), n)


# Cohorts --------------------------------------------------------------------------------------


@dataclass
class Part:
    number: int  # the panel's number of the municipality
    municipality: str
    schools: int
    matched: int
    effect: list[Figure]


@dataclass
class Cohort:
    year: int
    schools: Ints  # panel indexes in identifier order
    matches: Ints  # schools × k, −1 where fewer
    distance: Floats
    effects: Floats  # schools × (HORIZON + 1), NaN where none
    effect: list[Figure]
    exit_year: list[int | None]
    low_again: list[bool]
    exit: dict[str, float | None]
    still_in: int
    left: int
    came_back: int
    municipalities: list[Part] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return int((self.matches >= 0).any(axis=1).sum())


@dataclass
class Measurement:
    settings: EffectSettings
    panel: Panel
    y: Floats
    cohorts: list[Cohort]


def cohort_years(panel: Panel) -> list[int]:
    """Every year of the statuses but the first, which starts no cohort."""
    return panel.status_years[1:]


def cohort_members(panel: Panel, year: int) -> Ints:
    """Schools holding a requested status in `year` and in no year before it, by identifier."""
    if year not in panel.status_years[1:]:
        return np.zeros(0, dtype=np.int64)
    column = panel.status_years.index(year)
    held = panel.held
    members = np.flatnonzero(held[:, column] & ~held[:, :column].any(axis=1))
    return members[np.argsort(panel.order[members], kind="stable")]


def _horizon(panel: Panel, year: int) -> list[int]:
    """The t whose year c + t has results."""
    last = panel.years[-1] if panel.years else year - 1
    return [t for t in range(HORIZON + 1) if year + t <= last]


def measure(panel: Panel, settings: EffectSettings, year: int | None = None) -> Measurement:
    """Every cohort (or the one of `year`) measured by EFFECT.md."""
    y = scaled(panel)
    wanted = cohort_years(panel) if year is None else [year]
    cohorts = [_cohort(panel, y, c, settings) for c in wanted]
    return Measurement(settings, panel, y, cohorts)


def _cohort(panel: Panel, y: Floats, year: int, settings: EffectSettings) -> Cohort:
    members = cohort_members(panel, year)
    first = panel.years[0] if panel.years else year
    base = year - 1 - first if panel.years and year - 1 <= panel.years[-1] else -1
    matches, distance = match(panel, y, members, base, settings)
    effects = np.full((len(members), HORIZON + 1), np.nan)
    for t in _horizon(panel, year):
        if base >= 0:
            effects[:, t] = school_effects(y, members, matches, base, base + 1 + t)
    figures = [figure(t, effects[:, t], settings) for t in _horizon(panel, year)]
    exits, again = exit_years(panel, members, year)
    still_in, left, came_back = status_counts(panel, members, year)
    cohort = Cohort(
        year,
        members,
        matches,
        distance,
        effects,
        figures,
        exits,
        again,
        exit_shares(panel, year, exits, again),
        still_in,
        left,
        came_back,
    )
    cohort.municipalities = _parts(panel, cohort, settings)
    return cohort


def _parts(panel: Panel, cohort: Cohort, settings: EffectSettings) -> list[Part]:
    """The same figures for each municipality's part of the cohort, in the order of names."""
    place = panel.municipality[cohort.schools]
    parts = []
    for number in sorted(
        set(place.tolist()) - {-1}, key=lambda m: panel.municipalities[m].casefold()
    ):
        inside = place == number
        matched = int((cohort.matches[inside] >= 0).any(axis=1).sum())
        figures = [figure(f.t, cohort.effects[inside, f.t], settings) for f in cohort.effect]
        name = panel.municipalities[number]
        parts.append(Part(number, name, int(inside.sum()), matched, figures))
    return parts


# Exit and statuses ------------------------------------------------------------------------------


def exit_years(panel: Panel, members: Ints, year: int) -> tuple[list[int | None], list[bool]]:
    """Each school's year of exit by IDENTIFICATION.md's rule (pairing.exit_or_review) from
    its first year in the group, and whether it was low again in a later year."""
    if not panel.years:
        return [None] * len(members), [False] * len(members)
    first, now = panel.years[0], panel.years[-1]
    exits: list[int | None] = []
    again: list[bool] = []
    for school in members.tolist():
        records = [
            YearRecord(
                start,
                bool(panel.low[school, i]) if not np.isnan(panel.R[school, i]) else None,
                None if np.isnan(panel.R[school, i]) else float(panel.R[school, i]),
            )
            for i, start in enumerate(panel.years)
            if start >= year
        ]
        verdict = exit_or_review(year, records, now)
        exits.append(verdict.exit_year)
        later = panel.low[school, (verdict.exit_year or now) - first + 1 :]
        again.append(verdict.exit_year is not None and bool(later.any()))
    return exits, again


def exit_shares(
    panel: Panel, year: int, exits: list[int | None], again: list[bool]
) -> dict[str, float | None]:
    """Share of the cohort out within 1, 2, 3 years in the group (the year of exit at most
    c + j − 1; null past the data), and of those out, the share low again later."""
    last = panel.years[-1] if panel.years else year - 1
    total = len(exits)
    shares: dict[str, float | None] = {}
    for within in EXIT_WITHIN:
        end = year + within - 1
        out = sum(1 for e in exits if e is not None and e <= end)
        shares[str(within)] = None if end > last or not total else out / total
    gone = sum(1 for e in exits if e is not None)
    shares["low_again"] = sum(again) / gone if gone else None
    return shares


def cohort_exits(panel: Panel) -> dict[int, tuple[int, dict[str, float | None]]]:
    """Each cohort's size and exit shares alone: no matching, effects or intervals."""
    found = {}
    for year in cohort_years(panel):
        members = cohort_members(panel, year)
        exits, again = exit_years(panel, members, year)
        found[year] = (len(members), exit_shares(panel, year, exits, again))
    return found


def status_counts(panel: Panel, members: Ints, year: int) -> tuple[int, int, int]:
    """By the statuses: still in the group in the last year, left it at some point, came back."""
    if len(members) == 0 or year not in panel.status_years:
        return 0, 0, 0
    after = panel.held[members, panel.status_years.index(year) :]
    out = ~after
    left = out.any(axis=1)
    gap_then_in = (np.cumsum(out, axis=1) > 0) & after
    return int(after[:, -1].sum()), int(left.sum()), int(gap_then_in.any(axis=1).sum())


def rounded(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), DIGITS)
