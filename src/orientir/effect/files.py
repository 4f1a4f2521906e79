"""The effect straight from files: the results and context files of `orientir identify`
(read by its own reader) and a statuses file `school_id,year,status` (EFFECT.md, «Data»).

A statuses row names a school by its `school_id` as the results files do; an optional
`region` column tells apart two schools with one code in different regions. A school of
the statuses that no results or context file has is still counted in its cohort, unmatched.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from orientir.effect.compute import Panel, StatusRows, build_panel
from orientir.effect.method import STATUSES, EffectSettings
from orientir.identification.files import (
    FileRows,
    FilesRefused,
    clean_text,
    open_table,
    read_files,
    region_key,
    window_dataset,
)
from orientir.results.columns import header_map
from orientir.results.parsing import Problem, parse_year, year_problem

STATUS_COLUMNS: dict[str, tuple[str, ...]] = {
    "school_id": ("код школы", "код оо", "идентификатор школы", "код организации"),
    "year": ("учебный год", "год"),
    "status": ("статус",),
    "region": ("регион", "субъект рф", "субъект"),
}
STATUS_WORDS = {"low_results": "low_results", "шнор": "low_results"} | {
    "adverse_conditions": "adverse_conditions",
    "шнсу": "adverse_conditions",
}
SHOWN = 3


def read_statuses(path: Path) -> list[tuple[int, str, str, int, str]]:
    """(line, region key, school_id, start year, status) of every row, or FilesRefused."""
    header, lines = open_table(path)
    columns = header_map(header, STATUS_COLUMNS)
    missing = [c for c in ("school_id", "year", "status") if c not in columns]
    if missing:
        problems = [Problem(1, name, "в файле нет такого столбца.") for name in missing]
        raise FilesRefused(path.name, problems)
    rows, problems = [], []
    for line, cells in lines:
        cells = cells + [""] * (len(header) - len(cells))
        school = clean_text(cells[columns["school_id"]])
        raw_year = clean_text(cells[columns["year"]])
        status = STATUS_WORDS.get(clean_text(cells[columns["status"]]).casefold())
        region = region_key(cells[columns["region"]]) if "region" in columns else ""
        year = parse_year(raw_year)
        if not school:
            problems.append(Problem(line, header[columns["school_id"]], "не указан код школы."))
        elif year is None:
            problems.append(Problem(line, header[columns["year"]], year_problem(raw_year) + "."))
        elif status is None:
            allowed = ", ".join(STATUSES)
            problems.append(
                Problem(line, header[columns["status"]], f"статус — одно из: {allowed}.")
            )
        else:
            rows.append((line, region, school, year, status))
    if problems:
        raise FilesRefused(path.name, problems[:SHOWN], len(problems))
    if not rows:
        raise FilesRefused(path.name, [Problem(None, None, "в файле нет ни одной строки данных")])
    return rows


def _status_rows(
    rows: FileRows, used: np.ndarray, statuses: list[tuple[int, str, str, int, str]], name: str
) -> tuple[StatusRows, list[str]]:
    """Find each status row's school in the dataset; schools found nowhere are added."""
    where: dict[str, list[int]] = {}
    for index, school in enumerate(used.tolist()):
        where.setdefault(rows.codes[school], []).append(index)
    keys = [rows.region_keys[school] for school in used.tolist()]
    extra: list[str] = []
    school, year, status = [], [], []
    for line, region, code, start, kind in statuses:
        found = [i for i in where.get(code, []) if not region or keys[i] == region]
        if len(found) > 1:
            message = f"школа {code} есть в нескольких регионах: укажите столбец region."
            raise FilesRefused(name, [Problem(line, "school_id", message)])
        if not found:
            where[code] = found = [len(used) + len(extra)]
            extra.append(code)
        school.append(found[0])
        year.append(start)
        status.append(kind)
    return StatusRows(
        np.array(school, dtype=np.int64), np.array(year, dtype=np.int64), status
    ), extra


def files_panel(
    results: list[Path],
    context: list[Path],
    statuses: Path,
    settings: EffectSettings,
    region: str | None = None,
) -> Panel:
    """Read the files and build the panel of every year they hold."""
    rows = read_files(results, context)
    status_list = read_statuses(statuses)
    years = rows.cells[:, 1]
    data, used = window_dataset(rows, int(years.max()), int(years.min()) - 1, region)
    if region is not None:  # a school of another region, or of none, is not this region's
        number = rows.region_number(region)
        known = {
            c for c, r in zip(rows.codes, rows.region_labels().tolist(), strict=True) if r == number
        }
        status_list = [row for row in status_list if row[2] in known]
    found, extra = _status_rows(rows, used, status_list, statuses.name)
    codes = [rows.codes[i] for i in used.tolist()] + extra
    places = sorted({rows.municipalities[i] for i in used.tolist()} - {""})
    place_number = {name: i for i, name in enumerate(places)}
    municipality = [place_number.get(rows.municipalities[i], -1) for i in used.tolist()]
    if extra:  # each unknown school a region of its own: it has nothing to be matched on
        top = int(data.school_region.max(initial=-1)) + 1
        data.school_region = np.concatenate(
            [data.school_region, np.arange(top, top + len(extra), dtype=np.int64)]
        )
        municipality += [-1] * len(extra)
    return build_panel(data, codes, found, settings, np.array(municipality, dtype=np.int64), places)
