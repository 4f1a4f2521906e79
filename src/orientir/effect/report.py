"""The document of `orientir effect --format json` (EFFECT.md, «Output»)."""

from __future__ import annotations

from typing import Any

from orientir.effect.compute import Cohort, Figure, Measurement, rounded
from orientir.identification.explain import year_name


def figure_json(f: Figure) -> dict[str, Any]:
    return {
        "t": f.t,
        "estimate": rounded(f.estimate),
        "low": rounded(f.low),
        "high": rounded(f.high),
        "n": f.n,
    }


def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "year": year_name(cohort.year),
        "schools": len(cohort.schools),
        "matched": cohort.matched,
        "effect": [figure_json(f) for f in cohort.effect],
        "exit": {key: rounded(value) for key, value in cohort.exit.items()},
        "municipalities": [
            {
                "municipality": part.municipality,
                "schools": part.schools,
                "matched": part.matched,
                "effect": [figure_json(f) for f in part.effect],
            }
            for part in cohort.municipalities
        ],
    }


def _schools(measurement: Measurement, cohort: Cohort) -> list[dict[str, Any]]:
    codes = measurement.panel.codes
    rows = []
    for row, school in enumerate(cohort.schools.tolist()):
        found = cohort.matches[row] >= 0
        rows.append(
            {
                "school_id": codes[school],
                "cohort": year_name(cohort.year),
                "matches": [codes[m] for m in cohort.matches[row][found].tolist()],
                "distance": [rounded(d) for d in cohort.distance[row][found].tolist()],
                "effect": {
                    str(f.t): rounded(cohort.effects[row, f.t])
                    for f in cohort.effect
                    if rounded(cohort.effects[row, f.t]) is not None
                },
            }
        )
    return rows


def document(measurement: Measurement) -> dict[str, Any]:
    """Settings, every cohort measured, and each school of the cohorts with its matches."""
    return {
        "settings": measurement.settings.as_json(),
        "cohorts": [_cohort(c) for c in measurement.cohorts],
        "schools": [row for c in measurement.cohorts for row in _schools(measurement, c)],
    }
