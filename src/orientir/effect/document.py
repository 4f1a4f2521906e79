"""The document the effect pages read, stored by `tasks.compute_effect` (`models.EffectRun`).

Pure: a measurement in, JSON out. Schools and municipalities are kept by id and named when
shown, so renaming one needs no recomputation; numbers are rounded as in `orientir effect`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from orientir.effect.compute import Cohort, Measurement, rounded
from orientir.effect.data import Schools
from orientir.effect.method import HORIZON
from orientir.effect.models import FORMAT
from orientir.effect.report import figure_json


def _values(values: Any) -> list[float | None]:
    return [rounded(v) for v in values]


def _row(
    measurement: Measurement, cohort: Cohort, row: int, schools: Schools, columns: list[int]
) -> dict[str, Any]:
    """One school of the cohort: its matches, its y and their mean y by year, its effects."""
    y, school = measurement.y, int(cohort.schools[row])
    found = [
        (int(m), float(d))
        for m, d in zip(cohort.matches[row], cohort.distance[row], strict=True)
        if m >= 0
    ]
    theirs = []
    for i in columns:
        values = [y[m, i] for m, _ in found if not np.isnan(y[m, i])]
        theirs.append(float(np.mean(values)) if values else None)
    return {
        "school": schools.pks[school],
        "municipality": schools.municipality[school],
        "matches": [[schools.pks[m], rounded(d)] for m, d in found],
        "own": _values(y[school, i] for i in columns),
        "theirs": _values(theirs),
        "effects": _values(cohort.effects[row, t] for t in range(HORIZON + 1)),
    }


def _cohort(measurement: Measurement, cohort: Cohort, schools: Schools) -> dict[str, Any]:
    years = measurement.panel.years
    # Two years before the programme, and its years with results.
    columns = [i for i, y in enumerate(years) if cohort.year - 2 <= y <= cohort.year + HORIZON]
    return {
        "year": cohort.year,
        "matched": cohort.matched,
        "still_in": cohort.still_in,
        "left": cohort.left,
        "came_back": cohort.came_back,
        "effect": [figure_json(f) for f in cohort.effect],
        "exit": {key: rounded(value) for key, value in cohort.exit.items()},
        "columns": [years[i] for i in columns],
        "parts": [
            {
                "municipality": schools.places[part.number],
                "schools": part.schools,
                "matched": part.matched,
                "effect": [figure_json(f) for f in part.effect],
            }
            for part in cohort.municipalities
        ],
        "rows": [
            _row(measurement, cohort, r, schools, columns) for r in range(len(cohort.schools))
        ],
    }


def run_document(measurement: Measurement, schools: Schools) -> dict[str, Any]:
    """What the three pages show of every cohort, schools and municipalities by id (their
    names are read when shown, so a renamed school needs no recomputation)."""
    return {
        "format": FORMAT,
        "settings": measurement.settings.as_json(),
        "cohorts": [_cohort(measurement, c, schools) for c in measurement.cohorts],
    }
