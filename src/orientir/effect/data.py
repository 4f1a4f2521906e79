"""The effect over the database: results, context and statuses of regions, in six queries.

Computed on the fly rather than stored: a region of a few thousand schools takes well
under a second (results and context read once, numpy after that), and a figure computed
now always agrees with today's statuses and results — a stored run would need redoing
after every approval or results import, and would say nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Max, Min

from orientir.effect.compute import Measurement, Panel, StatusRows, build_panel, measure
from orientir.effect.method import STATUSES, EffectSettings
from orientir.identification.method import Settings
from orientir.identification.runs import load_dataset
from orientir.registry.models import Organisation, Region, SchoolStatus
from orientir.results.models import AssessmentResult


def school_code(pk: int, code: str) -> str:
    """The identifier a school goes by in the figures: its code, or its number without one."""
    return code or f"#{pk}"


@dataclass
class Schools:
    """The panel's schools as the database knows them: primary key, name, municipality."""

    pks: list[int]
    names: list[str]
    municipality: list[int | None]

    def index(self, pk: int) -> int | None:
        return self.pks.index(pk) if pk in self.pks else None


def region_panel(regions: list[Region], settings: EffectSettings) -> tuple[Panel, Schools]:
    """The panel of every school of `regions` with results, context or a target status."""
    span = AssessmentResult.objects.filter(school__region__in=regions).aggregate(
        first=Min("academic_year__start_year"), last=Max("academic_year__start_year")
    )
    first, last = span["first"], span["last"]
    if first is None:
        first = last = 0
    window = Settings(window_years=last - first + 1)
    data, pks = load_dataset(last, regions, window)
    statuses = list(
        SchoolStatus.objects.filter(school__region__in=regions, status__in=STATUSES).values_list(
            "school_id", "academic_year__start_year", "status"
        )
    )
    index = {pk: i for i, pk in enumerate(pks)}
    for school, _, _ in statuses:
        if school not in index:
            index[school] = len(pks)
            pks.append(school)
    found = Organisation.objects.filter(pk__in=pks).values_list(
        "pk", "code", "region_id", "municipality_id", "municipality__name", "short_name"
    )
    info = {row[0]: row[1:] for row in found}
    places = sorted({info[pk][3] for pk in pks if info[pk][3]})
    number = {name: i for i, name in enumerate(places)}
    data.school_region = np.array([info[pk][1] for pk in pks], dtype=np.int64)
    rows = StatusRows(
        np.array([index[s] for s, _, _ in statuses], dtype=np.int64),
        np.array([y for _, y, _ in statuses], dtype=np.int64),
        [status for _, _, status in statuses],
    )
    panel = build_panel(
        data,
        [school_code(pk, info[pk][0]) for pk in pks],
        rows,
        settings,
        np.array([number.get(info[pk][3] or "", -1) for pk in pks], dtype=np.int64),
        places,
    )
    schools = Schools(pks, [info[pk][4] for pk in pks], [info[pk][2] for pk in pks])
    return panel, schools


def region_measurement(
    region: Region, settings: EffectSettings | None = None, year: int | None = None
) -> tuple[Measurement, Schools]:
    """Every cohort of the region (or the one of `year`) and the panel's schools."""
    chosen = settings or EffectSettings()
    panel, schools = region_panel([region], chosen)
    return measure(panel, chosen, year), schools
