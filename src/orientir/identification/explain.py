"""Turn an `Outcome` into each school's flags and the numbers that raised them.

The explanation is plain JSON (stored with the run, printed by `orientir identify`), and
`describe` says it in Russian words for the run page, so that a person can read why a
school is or is not in the group without opening a spreadsheet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np

from orientir.identification.engine import Dataset, Outcome
from orientir.identification.method import FLAGS
from orientir.lib.stats import ceil_share


def _num(value: Any, digits: int = 4) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, digits)


def year_name(start: int) -> str:
    return f"{start}/{start + 1}"


class Explainer:
    """Build explanations for many schools, grouping cells and indicators once."""

    def __init__(self, data: Dataset, outcome: Outcome) -> None:
        self.data, self.outcome = data, outcome
        self.failing: dict[int, list[int]] = defaultdict(list)
        cells = outcome.cells
        for position in np.flatnonzero(cells.failing):
            self.failing[int(cells.school[position])].append(int(position))
        self.context: dict[int, list[int]] = defaultdict(list)
        run_year = (data.ctx_year == data.year) & ~np.isnan(outcome.ctx_z)
        for position in np.flatnonzero(run_year):
            self.context[int(data.ctx_school[position])].append(int(position))

    def flags(self, school: int) -> list[str]:
        return [flag for flag in FLAGS if self.outcome.flags[flag][school]]

    def explain(self, school: int) -> dict[str, Any]:
        outcome, settings = self.outcome, self.outcome.settings
        return {
            "years": [self._year(school, y) for y in range(1, len(outcome.years))],
            "low_years": int(outcome.low[school, 1:].sum()),
            "adversity": self._adversity(school),
            "rule": {"low_years": settings.low_years, "window_years": settings.window_years},
        }

    def _year(self, school: int, y: int) -> dict[str, Any]:
        o, s = self.outcome, self.outcome.settings
        n = int(o.rank_n[school, y])
        entry: dict[str, Any] = {
            "year": year_name(o.years[y]),
            "R": _num(o.R[school, y]),
            "cells": int(o.cell_count[school, y]),
            "rank": int(o.low_rank[school, y]) or None,
            "rank_from_top": int(o.high_rank[school, y]) or None,
            "N": n,
            "low_limit": ceil_share(s.p_low, n) if n else None,
            "high_limit": ceil_share(s.p_high, n) if n else None,
            "low": bool(o.low[school, y]),
            "low_by_rank": bool(0 < o.low_rank[school, y] <= ceil_share(s.p_low, n)),
            "failing_cells": [
                self._cell(p) for p in self.failing.get(school, []) if o.cells.year[p] == y
            ],
            "high": bool(o.high[school, y]),
            "A": _num(o.A[school, y]),
            "r": _num(o.r[school, y]),
        }
        if not math.isnan(o.change[school, y]):
            entry["change"] = {
                "value": _num(o.change[school, y]),
                "region_mean": _num(o.change_mean[school, y]),
                "region_sd": _num(o.change_sd[school, y]),
                "jump": bool(o.jump[school, y]),
            }
        return entry

    def _cell(self, position: int) -> dict[str, Any]:
        data, cells = self.data, self.outcome.cells
        index = int(cells.index[position])
        grade = int(data.cell_grade[index])
        return {
            "assessment": data.assessments[int(data.cell_assessment[index])],
            "subject": data.subjects[int(data.cell_subject[index])],
            "grade": grade or None,
            "n": int(data.cell_n[index]),
            "failed": int(data.cell_failed[index]),
            "share": _num(cells.share[position]),
            "wilson_lower": _num(cells.wilson[position]),
            "group_median": _num(cells.median[position]),
        }

    def _adversity(self, school: int) -> dict[str, Any]:
        o, data = self.outcome, self.data
        n = int(o.adverse_n[school])
        return {
            "A": _num(o.A[school, -1]),
            "rank": int(o.adverse_rank[school]) or None,
            "N": n,
            "limit": ceil_share(o.settings.p_adverse, n) if n else None,
            "indicators_used": int(o.A_count[school, -1]),
            "indicators": [
                {
                    "code": data.indicators[int(data.ctx_indicator[p])],
                    "value": _num(data.ctx_value[p], 6),
                    "z": _num(o.ctx_z[p]),
                }
                for p in self.context.get(school, [])
            ],
        }
