"""Results analysis of a municipality or a school (seed 004's tables), as .docx with charts.

ЕГЭ by subject and year: participants, below the minimum, score bands, average score; the
marks «2»–«5» of what is marked (basic mathematics, ОГЭ, ВПР, КДР) over the years; the share
of «2» in ВПР year by year. One query gathers the sums; the writer is a pure function.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import F, Sum
from docx.shared import Cm

from orientir.lib import wordprocessing as wp
from orientir.lib.picture_charts import Series, grouped_bars
from orientir.results.models import BAND_FIELDS, MARK_FIELDS, AssessmentKind, AssessmentResult

BAND_LABELS = ("ниже мин.", "до 50", "51–60", "61–70", "71–90", "91–99", "100")
EGE_HEADER = (
    "Предмет",
    "Год",
    "Участников",
    "Ниже минимума",
    "%",
    *BAND_LABELS[1:],
    "Средний балл",
)
EGE_WIDTHS = (4.2, 2.0, 2.3, 2.0, 1.3, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 2.0)
MARKS_HEADER = (
    "Процедура",
    "Предмет, класс",
    "Год",
    "Участников",
    "«2»",
    "«3»",
    "«4»",
    "«5»",
    "Доля «2», %",
)
MARKS_WIDTHS = (2.4, 6.6, 2.0, 2.2, 1.8, 1.8, 1.8, 1.8, 2.6)


@dataclass
class Line:
    """The sums of one assessment, subject and grade in one year, over the territory's schools."""

    kind: str
    subject: str
    grade: int | None
    year: str
    participants: int
    failed: int
    mean_score: float | None
    bands: list[int | None]
    marks: list[int | None]

    @property
    def failed_percent(self) -> float | None:
        return 100 * self.failed / self.participants if self.participants else None

    @property
    def label(self) -> str:
        return f"{self.subject}, {self.grade} кл." if self.grade else self.subject


@dataclass
class Analysis:
    territory: str
    lines: list[Line] = field(default_factory=list)

    @property
    def years(self) -> list[str]:
        return sorted({line.year for line in self.lines})


def results_analysis(territory: str, results: models.QuerySet[AssessmentResult]) -> Analysis:
    """Sum `results` (already limited to the territory and the user) by assessment and year."""
    rows = (
        results.values("kind", "subject", "grade", "academic_year__start_year")
        .annotate(
            n=Sum("participants"),
            f=Sum("failed"),
            scored=Sum(F("mean_score") * F("participants"), output_field=models.FloatField()),
            scored_n=Sum("participants", filter=models.Q(mean_score__isnull=False)),
            **{name: Sum(name) for name in (*BAND_FIELDS, *MARK_FIELDS)},
        )
        .order_by("kind", "subject", "grade", "academic_year__start_year")
    )
    found = Analysis(territory)
    for found_row in rows:
        row: dict[str, Any] = dict(found_row)
        start = row["academic_year__start_year"]
        found.lines.append(
            Line(
                kind=row["kind"],
                subject=row["subject"],
                grade=row["grade"],
                year=f"{start}/{start + 1}",
                participants=row["n"] or 0,
                failed=row["f"] or 0,
                mean_score=row["scored"] / row["scored_n"] if row["scored_n"] else None,
                bands=[row[name] for name in BAND_FIELDS],
                marks=[row[name] for name in MARK_FIELDS],
            )
        )
    return found


def _number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}".replace(".", ",")


def _chart(document: Any, title: str, lines: list[Line], value: Any, years: list[str]) -> None:
    categories = sorted({line.label for line in lines})
    by = {(line.label, line.year): value(line) for line in lines}
    series = [Series(year, [by.get((c, year)) for c in categories]) for year in years]
    if not categories:
        return
    document.add_picture(io.BytesIO(grouped_bars(title, categories, series)), width=Cm(24))


def _ege(document: Any, found: Analysis) -> None:
    lines = [
        line
        for line in found.lines
        if line.kind == AssessmentKind.EGE and line.mean_score is not None
    ]
    if not lines:
        return
    wp.paragraph(document, "1. Результаты ЕГЭ по предметам", bold=True, space_after=6)
    table = wp.table(document, EGE_HEADER, EGE_WIDTHS, size=9)
    for line in lines:
        bands = [_number(v) for v in line.bands[1:]]
        values = [
            line.label,
            line.year,
            str(line.participants),
            str(line.failed),
            _number(line.failed_percent),
            *bands,
            _number(line.mean_score),
        ]
        wp.add_row(table, values, EGE_WIDTHS, size=9)
    wp.paragraph(document, "", space_after=6)
    _chart(
        document,
        "Средний балл ЕГЭ по предметам и годам",
        lines,
        lambda line: line.mean_score,
        found.years,
    )


def _marks(document: Any, found: Analysis) -> None:
    lines = [line for line in found.lines if any(m is not None for m in line.marks)]
    if not lines:
        return
    wp.paragraph(
        document, "2. Отметки по годам: базовая математика, ОГЭ, ВПР, КДР", bold=True, space_after=6
    )
    table = wp.table(document, MARKS_HEADER, MARKS_WIDTHS, size=9)
    for line in lines:
        kind = str(AssessmentKind(line.kind).label)
        values = [
            kind,
            line.label,
            line.year,
            str(line.participants),
            *[_number(m) for m in line.marks],
            _number(line.failed_percent),
        ]
        wp.add_row(table, values, MARKS_WIDTHS, size=9)
    vpr = [line for line in lines if line.kind == AssessmentKind.VPR]
    if vpr:
        wp.paragraph(document, "", space_after=6)
        _chart(
            document,
            "ВПР: доля отметок «2», % по годам",
            vpr,
            lambda line: line.failed_percent,
            found.years,
        )


def analysis_docx(found: Analysis) -> bytes:
    """Return the analysis as .docx: A4 landscape, tables as in seed 004, charts as pictures."""
    document = wp.new_document()
    title = f"Анализ результатов оценочных процедур\n{found.territory}"
    if found.years:
        title += f"\n{found.years[0]} – {found.years[-1]} учебные годы"
    wp.paragraph(document, title, bold=True, align=wp.Align.CENTER, space_after=12)
    _ege(document, found)
    _marks(document, found)
    return wp.to_bytes(document)
