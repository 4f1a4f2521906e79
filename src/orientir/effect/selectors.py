"""What the effect pages show, and figures for other apps (target indicators).

The pages read the region's stored effect (`tasks.effect_run_read`) and take from its
document the part their reader may see: the region all of it, a municipality its own part
and schools, a school its own row; then name the schools and municipalities they show in
one query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from orientir.effect.compute import cohort_exits
from orientir.effect.data import region_inputs, region_measurement, region_panel
from orientir.effect.method import EffectSettings
from orientir.effect.models import EffectRun
from orientir.identification.explain import year_name
from orientir.lib.charts import Interval, interval_chart
from orientir.lib.numbers import signed
from orientir.registry.models import Municipality, Organisation, Region

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
            f"{t + 1}-й: {signed(e)}" for t, e in enumerate(self.effects) if e is not None
        )


@dataclass
class Part:
    name: str
    schools: int
    matched: int
    figures: list[FigureRow]


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
    parts: list[Part] = field(default_factory=list)

    @property
    def name(self) -> str:
        return year_name(self.year)


Json = dict[str, Any]


def _rows(year: int, figures: list[Json]) -> list[FigureRow]:
    return [
        FigureRow(f["t"], year_name(year + f["t"]), f["estimate"], f["low"], f["high"], f["n"])
        for f in figures
    ]


def _chart(title: str, rows: list[FigureRow]) -> SafeString | str:
    """The chart of the figures; none where every figure is "too few schools" (the table
    says so in words, and an empty chart would only look like zero)."""
    if all(r.too_few for r in rows):
        return ""
    points = [Interval(f"t = {r.t} ({r.year})", r.estimate, r.low, r.high) for r in rows]
    return interval_chart(title, points)


def _trajectory(row: Json) -> Trajectory:
    """A school's row, its name and its matches' names to be filled (`_name_schools`)."""
    return Trajectory(
        row["school"],
        "",
        [(pk, "", round(distance, 2)) for pk, distance in row["matches"]],
        row["own"],
        row["theirs"],
        row["effects"],
    )


def _page(cohort: Json, keep: list[Json], figures: list[Json], title: str) -> CohortPage:
    """The page of one cohort with the trajectories of its rows `keep` (named later)."""
    rows = _rows(cohort["year"], figures)
    exit_ = cohort["exit"]
    return CohortPage(
        cohort["year"],
        len(keep),
        sum(1 for row in keep if row["matches"]),
        cohort["still_in"],
        cohort["left"],
        cohort["came_back"],
        rows,
        _chart(f"{title}, когорта {year_name(cohort['year'])}", rows),
        [(key, value) for key, value in exit_.items() if key != "low_again"],
        exit_.get("low_again"),
        [year_name(y) for y in cohort["columns"]],
        len(cohort["rows"]),
        [_trajectory(row) for row in keep],
    )


def _name_schools(pages: list[CohortPage]) -> list[CohortPage]:
    """Name the schools of the pages' trajectories and matches, in one query."""
    wanted = {r.pk for p in pages for r in p.trajectories}
    wanted |= {m[0] for p in pages for r in p.trajectories for m in r.matches}
    names = dict(
        Organisation.objects.filter(pk__in=wanted).order_by().values_list("pk", "short_name")
    )
    for page in pages:
        for row in page.trajectories:
            row.name = names.get(row.pk, "")
            row.matches = [(pk, names.get(pk, ""), d) for pk, _, d in row.matches]
    return pages


def region_page(document: Json) -> list[CohortPage]:
    """Every cohort of the region: figures, exit, municipalities' parts, every school."""
    cohorts = document["cohorts"]
    wanted = {part["municipality"] for c in cohorts for part in c["parts"]}
    names = dict(Municipality.objects.filter(pk__in=wanted).values_list("pk", "name"))
    pages = []
    for cohort in cohorts:
        page = _page(cohort, cohort["rows"], cohort["effect"], "Регион")
        parts = [
            Part(
                names.get(p["municipality"], ""),
                p["schools"],
                p["matched"],
                _rows(cohort["year"], p["effect"]),
            )
            for p in cohort["parts"]
        ]
        page.parts = sorted(parts, key=lambda part: part.name.casefold())
        pages.append(page)
    return _name_schools(pages)


def municipality_page(document: Json, municipality: Municipality) -> list[CohortPage]:
    """The municipality's part of each cohort it has schools in, and its schools beside
    their matches (who may come from anywhere in the region)."""
    pages = []
    for cohort in document["cohorts"]:
        keep = [row for row in cohort["rows"] if row["municipality"] == municipality.pk]
        if not keep:  # a cohort without the municipality's schools says nothing about it
            continue
        part = next((p for p in cohort["parts"] if p["municipality"] == municipality.pk), None)
        none = {"estimate": None, "low": None, "high": None, "n": 0}
        figures = part["effect"] if part else [{**f, **none} for f in cohort["effect"]]
        pages.append(_page(cohort, keep, figures, municipality.name))
    return _name_schools(pages)


def school_page(document: Json, school_pk: int) -> list[CohortPage]:
    """The cohort the school entered, with its own trajectory beside its matches."""
    for cohort in document["cohorts"]:
        keep = [row for row in cohort["rows"] if row["school"] == school_pk]
        if keep:  # a school enters the programme once: one cohort at most
            return _name_schools([_page(cohort, keep, cohort["effect"], "Регион")])
    return []


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
    A cohort whose `within` years run past the data is left out. From the stored effect when
    it is current, else counting the exits alone (no matching, effects or intervals)."""
    settings = EffectSettings()
    run = EffectRun.objects.filter(region=region).first()
    if run is not None and run.is_current(region_inputs(region, settings).version):
        assert run.document is not None
        exits = {c["year"]: (len(c["rows"]), c["exit"]) for c in run.document["cohorts"]}
    else:
        panel, _ = region_panel([region], settings)
        exits = cohort_exits(panel)
    found: dict[int, tuple[int, int]] = {}
    for year, (size, shares) in exits.items():
        share = shares.get(str(within))
        if share is not None and size:
            found[year] = (round(share * size), size)
    return found
