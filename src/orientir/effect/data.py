"""The effect over the database: results, context and statuses of regions, in six queries.

Computed on the fly rather than stored: a region of a few thousand schools takes well
under a second (results and context read once, numpy after that), and a figure computed
now always agrees with today's statuses and results — a stored run would need redoing
after every approval or results import, and would say nothing more.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Max, Min

from orientir.effect.compute import Measurement, Panel, StatusRows, build_panel, measure
from orientir.effect.method import STATUSES, EffectSettings
from orientir.effect.models import FORMAT
from orientir.identification.method import Settings
from orientir.identification.runs import load_dataset
from orientir.registry.models import Organisation, Region, SchoolStatus
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue


def school_code(pk: int, code: str) -> str:
    """The identifier a school goes by in the figures: its code, or its number without one."""
    return code or f"#{pk}"


@dataclass
class Schools:
    """The panel's schools as the database knows them: primary key, name, municipality; and
    the municipality id of each of the panel's municipality numbers."""

    pks: list[int]
    names: list[str]
    municipality: list[int | None]
    places: list[int]

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
    # Municipalities are told apart by id (two regions may each have a «Первомайский район»);
    # numbered in the order of their names, which the document's parts follow.
    names = {info[pk][2]: info[pk][3] for pk in pks if info[pk][2] is not None}
    places = sorted(names, key=lambda m: (names[m].casefold(), m))
    number = {m: i for i, m in enumerate(places)}
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
        np.array([number.get(info[pk][2], -1) for pk in pks], dtype=np.int64),
        [names[m] for m in places],
    )
    schools = Schools(pks, [info[pk][4] for pk in pks], [info[pk][2] for pk in pks], places)
    return panel, schools


def region_measurement(
    region: Region, settings: EffectSettings | None = None, year: int | None = None
) -> tuple[Measurement, Schools]:
    """Every cohort of the region (or the one of `year`) and the panel's schools."""
    chosen = settings or EffectSettings()
    panel, schools = region_panel([region], chosen)
    return measure(panel, chosen, year), schools


# The inputs' version -------------------------------------------------------------------------

# A row's values are weighted by id % WEIGHT + 1, so that two rows trading values change the
# sum too; small enough that every sum stays an exact integer below 2**53 (floats included).
WEIGHT = 1021


@dataclass(frozen=True)
class Inputs:
    """What an effect was computed from: a version that changes with any of it, and counts."""

    version: str
    counts: dict[str, int]


# The region's results and context values summed in the database, in one statement: their
# number, ids, and values weighted by row. Written in SQL because the page runs it on every
# view and the ORM's compiling of the two aggregates cost a third of its time.
CHECKSUM = """
SELECT r.n, r.ids, r.v, c.n, c.ids, c.v FROM
 (SELECT COUNT(*) AS n, SUM(x.id) AS ids,
         SUM((x.id %% {weight} + 1) * (x.participants * 7 + x.failed * 131
                                      + COALESCE(ROUND(x.mean_score * 1000), -1) * 3)) AS v
  FROM {results} x JOIN {schools} o ON o.id = x.school_id WHERE o.region_id = %s) r,
 (SELECT COUNT(*) AS n, SUM(x.id) AS ids,
         SUM((x.id %% {weight} + 1) * ROUND(x.value * 1000000)) AS v
  FROM {context} x JOIN {schools} o ON o.id = x.school_id WHERE o.region_id = %s) c
"""


def _checksums(region: Region) -> tuple[Any, ...]:
    sql = CHECKSUM.format(
        weight=WEIGHT,
        results=AssessmentResult._meta.db_table,
        context=ContextValue._meta.db_table,
        schools=Organisation._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [region.pk, region.pk])
        found = cursor.fetchone()
    return tuple(found)


def region_inputs(region: Region, settings: EffectSettings) -> Inputs:
    """The version of everything the region's effect reads, in four queries.

    The statuses, schools and context indicators are few and read whole. Results and context
    values are many: the database sums them, their number and ids (a row added or deleted)
    and their values (a cell replaced in place by a corrected file, `results_import`), each
    value with its own multiplier so that two changes rarely cancel out; a mean score counts
    to 0.001 point and a context value to 0.000001, finer than any figure shown can move.
    """
    sums = _checksums(region)
    statuses = list(
        SchoolStatus.objects.filter(school__region=region, status__in=STATUSES)
        .order_by("pk")
        .values_list("pk", "school_id", "academic_year_id", "status")
    )
    schools = list(
        Organisation.objects.schools()
        .filter(region=region)
        .order_by("pk")
        .values_list("pk", "code", "municipality_id")
    )
    directions = list(ContextIndicator.objects.order_by("code").values_list("code", "direction"))
    everything = [FORMAT, settings.as_json(), sums, statuses, schools, directions]
    digest = hashlib.sha256(json.dumps(everything, default=str).encode()).hexdigest()
    counts = {
        "results": int(sums[0]),
        "context": int(sums[3]),
        "statuses": len(statuses),
        "schools": len(schools),
    }
    return Inputs(digest, counts)
