"""Say in numbers what a document was understood as: the preview's summary and the CLI's.

Rows are counted in the document's tables (paragraphs are not rows); a skipped row is
counted under the first reason that fits it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orientir.imports.readers.grid import Grid, Row
from orientir.imports.schema import ParsedDocument
from orientir.imports.understanding.activities import is_instruction
from orientir.imports.understanding.headers import detect_header
from orientir.imports.understanding.layout import ColumnLayout, is_column_numbers, table_rows
from orientir.plans.deadlines import DeadlineKind

EXAMPLES = 3
SKIP_LABELS = {
    "header": "строки заголовка",
    "column_numbers": "строки с номерами столбцов",
    "empty": "пустые строки",
    "guidance": "строки с подсказками к заполнению",
    "outside": "строки вне таблицы мероприятий",
}
_OUTSIDE = "строка вне таблицы мероприятий пропущена"


@dataclass
class Summary:
    rows: int = 0
    activities: int = 0
    sections: int = 0
    indicators: int = 0
    deadlines_understood: int = 0
    deadlines_unclear: int = 0
    deadlines_missing: int = 0
    unclear_examples: list[str] = field(default_factory=list)
    responsible: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    layout: str | None = None

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def skipped_labelled(self) -> list[tuple[str, int]]:
        return [(SKIP_LABELS[key], count) for key, count in self.skipped.items() if count]

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "activities": self.activities,
            "sections": self.sections,
            "indicators": self.indicators,
            "deadlines": {
                "understood": self.deadlines_understood,
                "not_understood": self.deadlines_unclear,
                "missing": self.deadlines_missing,
                "examples": list(self.unclear_examples),
            },
            "responsible": self.responsible,
            "skipped": dict(self.skipped),
            "columns": self.layout,
        }


def skip_reason(row: Row, is_header: bool) -> str | None:
    """Return why a table row gives no activity, if it plainly gives none."""
    if row.is_empty:
        return "empty"
    if is_header or detect_header(row) is not None:
        return "header"
    if is_column_numbers(row):
        return "column_numbers"
    if is_instruction(row):
        return "guidance"
    return None


def count_skipped(grid: Grid, layout: ColumnLayout | None) -> tuple[int, dict[str, int]]:
    """Count the tables' rows and those skipped, by reason."""
    heads = {index for index, _ in table_rows(grid)[: layout.header_rows]} if layout else set()
    skipped = dict.fromkeys(SKIP_LABELS, 0)
    rows = 0
    for index, row in enumerate(grid.rows):
        if row.is_paragraph:
            continue
        rows += 1
        reason = skip_reason(row, index in heads)
        if reason:
            skipped[reason] += 1
    return rows, skipped


def summarise(grid: Grid, parsed: ParsedDocument, layout: ColumnLayout | None = None) -> Summary:
    """Count what `parsed` holds and what of `grid` it left out."""
    rows, skipped = count_skipped(grid, layout)
    skipped["outside"] = sum(1 for warning in parsed.warnings if _OUTSIDE in warning)
    summary = Summary(
        rows=rows,
        activities=len(parsed.activities),
        sections=len(parsed.sections),
        indicators=len(parsed.indicators),
        skipped=skipped,
        layout=layout.as_text() if layout else None,
    )
    for activity in parsed.activities:
        deadline = activity.deadline
        if deadline is None:
            summary.deadlines_missing += 1
        elif deadline.kind == DeadlineKind.EVENT:
            summary.deadlines_unclear += 1
            if len(summary.unclear_examples) < EXAMPLES:
                summary.unclear_examples.append(" ".join(deadline.text.split()))
        else:
            summary.deadlines_understood += 1
        summary.responsible += bool(activity.responsible)
    return summary
