"""What the effect pages show, and two figures for other apps (target indicators).

Every page computes the region's measurement on the fly (`data.region_measurement`: six
queries whatever the region's size) and takes from it the part its reader may see: the
region all of it, a municipality its own part and schools, a school its own row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.safestring import SafeString

from orientir.effect.compute import Cohort, Figure, Measurement
from orientir.effect.data import Schools, region_measurement
from orientir.effect.method import HORIZON
from orientir.identification.explain import year_name
from orientir.lib.charts import Interval, interval_chart
from orientir.registry.models import Region

TOO_FEW = "слишком мало школ, чтобы судить"


@dataclass
class FigureRow:
    t: int
    year: str
    estimate: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def too_few(self) -> bool:
        return self.estimate is None


@dataclass
class Trajectory:
    pk: int
    name: str
    matches: list[tuple[int, str, float]]  # pk, name, distance
    own: list[float | None]  # y by year of the cohort's columns
    theirs: list[float | None]  # the mean y of its matches
    effects: list[float | None]  # effect_s(t), t = 0..3

    @property
    def effect_text(self) -> str:
        """«1-й: +0,53; 2-й: +0,39» over the years of the programme that have an effect."""
        return "; ".join(
            f"{t + 1}-й: " + f"{e:+.2f}".replace(".", ",").replace("-", "−")
            for t, e in enumerate(self.effects)
            if e is not None
        )


@dataclass
class CohortPage:
    year: int
    schools: int
    matched: int
    still_in: int
    left: int
    came_back: int
    figures: list[FigureRow]
    chart: SafeString | str
    exit: list[tuple[str, float | None]]
    low_again: float | None
    columns: list[str]  # the years of the trajectories
    region_schools: int  # the whole cohort of the region
    trajectories: list[Trajectory] = field(default_factory=list)
    parts: list[tuple[str, int, int, list[FigureRow]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return year_name(self.year)


def _rows(year: int, figures: list[Figure]) -> list[FigureRow]:
    return [FigureRow(f.t, year_name(year + f.t), f.estimate, f.low, f.high, f.n) for f in figures]


def _chart(title: str, rows: list[FigureRow]) -> SafeString | str:
    """The chart of the figures; none where every figure is "too few schools" (the table
    says so in words, and an empty chart would only look like zero)."""
    if all(r.too_few for r in rows):
        return ""
    points = [Interval(f"t = {r.t} ({r.year})", r.estimate, r.low, r.high) for r in rows]
    return interval_chart(title, points)


def _value(v: float) -> float | None:
    return None if np.isnan(v) else round(float(v), 2)


def _columns(measurement: Measurement, year: int) -> list[int]:
    """Two years before the programme, and its years with results."""
    years = measurement.panel.years
    return [i for i, y in enumerate(years) if year - 2 <= y <= year + HORIZON]


def _trajectory(
    measurement: Measurement, cohort: Cohort, row: int, schools: Schools, columns: list[int]
) -> Trajectory:
    y, school = measurement.y, int(cohort.schools[row])
    found = [int(m) for m in cohort.matches[row] if m >= 0]
    distance = [float(d) for d in cohort.distance[row] if not np.isnan(d)]
    theirs = []
    for i in columns:
        values = [y[m, i] for m in found if not np.isnan(y[m, i])]
        theirs.append(round(float(np.mean(values)), 2) if values else None)
    return Trajectory(
        schools.pks[school],
        schools.names[school],
        [
            (schools.pks[m], schools.names[m], round(d, 2))
            for m, d in zip(found, distance, strict=True)
        ],
        [_value(y[school, i]) for i in columns],
        theirs,
        [_value(cohort.effects[row, t]) for t in range(HORIZON + 1)],
    )


def _page(
    measurement: Measurement,
    cohort: Cohort,
    schools: Schools,
    keep: list[int],
    figures: list[Figure],
    title: str,
) -> CohortPage:
    """The page of one cohort, with the trajectories of the rows `keep` of the cohort."""
    columns = _columns(measurement, cohort.year)
    rows = _rows(cohort.year, figures)
    return CohortPage(
        cohort.year,
        len(keep),
        int((cohort.matches[keep] >= 0).any(axis=1).sum()) if keep else 0,
        cohort.still_in,
        cohort.left,
        cohort.came_back,
        rows,
        _chart(f"{title}, когорта {year_name(cohort.year)}", rows),
        [(key, value) for key, value in cohort.exit.items() if key != "low_again"],
        cohort.exit.get("low_again"),
        [year_name(measurement.panel.years[i]) for i in columns],
        len(cohort.schools),
        [_trajectory(measurement, cohort, r, schools, columns) for r in keep],
    )


def region_page(region: Region) -> list[CohortPage]:
    """Every cohort of the region: figures, exit, municipalities' parts, every school."""
    measurement, schools = region_measurement(region)
    pages = []
    for cohort in measurement.cohorts:
        page = _page(
            measurement, cohort, schools, list(range(len(cohort.schools))), cohort.effect, "Регион"
        )
        page.parts = [
            (p.municipality, p.schools, p.matched, _rows(cohort.year, p.effect))
            for p in cohort.municipalities
        ]
        pages.append(page)
    return pages


def municipality_page(region: Region, municipality_id: int, name: str) -> list[CohortPage]:
    """The municipality's part of each cohort, and its schools beside their matches (who
    may come from anywhere in the region)."""
    measurement, schools = region_measurement(region)
    pages = []
    for cohort in measurement.cohorts:
        keep = [
            r
            for r, s in enumerate(cohort.schools.tolist())
            if schools.municipality[s] == municipality_id
        ]
        part = next((p for p in cohort.municipalities if p.municipality == name), None)
        figures = part.effect if part else [Figure(f.t, None, None, None, 0) for f in cohort.effect]
        if keep:  # a cohort without the municipality's schools says nothing about it
            pages.append(_page(measurement, cohort, schools, keep, figures, name))
    return pages


def school_page(region: Region, school_pk: int) -> list[CohortPage]:
    """The cohort the school entered, with its own trajectory beside its matches."""
    measurement, schools = region_measurement(region)
    where = schools.index(school_pk)
    pages = []
    for cohort in measurement.cohorts:
        keep = [r for r, s in enumerate(cohort.schools.tolist()) if s == where]
        if keep:
            pages.append(_page(measurement, cohort, schools, keep, cohort.effect, "Регион"))
    return pages


# Figures for other apps -------------------------------------------------------------------


def cohort_exit_share(region: Region, year: int, within: int) -> float | None:
    """The share of the region's cohort `year` (start year of entry) that left the group
    within `within` (1, 2 or 3) years in it, by IDENTIFICATION.md's exit rule; None where
    that year is past the data or the cohort is empty."""
    measurement, _ = region_measurement(region, year=year)
    return measurement.cohorts[0].exit.get(str(within)) if measurement.cohorts else None


def cohort_effect(region: Region, year: int, t: int) -> float | None:
    """The effect on the cohort `year` in its year `year + t` (EFFECT.md's E(c, t), in sd
    of the region's school results); None with too few schools or without the results."""
    measurement, _ = region_measurement(region, year=year)
    if not measurement.cohorts:
        return None
    found = [f for f in measurement.cohorts[0].effect if f.t == t]
    return found[0].estimate if found else None


def cohort_exit_counts(region: Region, within: int) -> dict[int, tuple[int, int]]:
    """For each cohort of the region (start year of entry): how many of its schools left the
    group within `within` years by IDENTIFICATION.md's exit rule, out of how many entered.
    A cohort whose `within` years run past the data is left out. One measurement for all."""
    measurement, _ = region_measurement(region)
    found: dict[int, tuple[int, int]] = {}
    for cohort in measurement.cohorts:
        share, size = cohort.exit.get(str(within)), len(cohort.schools)
        if share is not None and size:
            found[cohort.year] = (round(share * size), size)
    return found
