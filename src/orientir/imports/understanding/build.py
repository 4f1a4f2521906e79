"""Turn an activity's prepared cells into the parsed activity, checking cells fit columns."""

from __future__ import annotations

import re

from orientir.imports.schema import ParsedActivity
from orientir.imports.understanding.activities import RawActivity
from orientir.imports.understanding.evidence import split_documents
from orientir.imports.understanding.glossary import Glossary
from orientir.imports.understanding.headers import Field
from orientir.imports.understanding.responsible import PERSON, split_responsible
from orientir.lib.russian import MONTH_PATTERN
from orientir.lib.textclean import collapse
from orientir.plans.deadlines import parse_deadline

_MONTH = MONTH_PATTERN
_DEADLINE_WORDS = re.compile(
    rf"^(до\s|с\s|в\s+течение|постоянно|ежемесячно|ежеквартально|еженедельно|ежегодно|"
    rf"по\s+(отдельному\s+)?графику|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\d{{1,2}}\s+{_MONTH}|"
    rf"{_MONTH}|[1-4IV]+(\s*[-–,]\s*[1-4IV]+)*\s*кв|20\d\d(\s*[-–]\s*20\d\d)?\s*(г|год)?)",
    re.I,
)
# An execution mark written as the orders that record it: "№ 237 от 09.07.2018".
_MARK = re.compile(r"№\s*\S+\s+от\s+\d{1,2}\.\d{1,2}\.\d{2,4}")
_SWAPPABLE = (Field.RESPONSIBLE, Field.RESULT, Field.MARK)


def looks_like_deadline(text: str) -> bool:
    """Say whether a short cell reads as a deadline ("Август 2018 года", "1-4 кв.")."""
    text = collapse(text)
    return bool(text) and len(text) <= 80 and bool(_DEADLINE_WORDS.match(text))


def looks_like_people(text: str, glossary: Glossary) -> bool:
    text = collapse(text)
    return bool(PERSON.search(text)) or bool(text and glossary.split(text))


def fix_misplaced_deadline(raw: RawActivity, glossary: Glossary) -> str | None:
    """Move a deadline written in another column back; return a warning when moved."""
    cells = raw.cells
    deadline = cells.get(Field.DEADLINE, "")
    if looks_like_deadline(deadline):
        return None
    for name in _SWAPPABLE:
        other = cells.get(name, "")
        if not looks_like_deadline(other):
            continue
        if deadline and not looks_like_people(deadline, glossary):
            continue
        cells[Field.DEADLINE], cells[name] = other, deadline
        if not deadline:
            del cells[name]
        return f"срок «{collapse(other)}» записан не в столбце сроков — перенесён в сроки"
    return None


def split_deadline_or_mark(raw: RawActivity) -> None:
    """Read a «сроки и отметка об исполнении» cell as a mark when it cites orders."""
    text = raw.cells.pop(Field.DEADLINE_OR_MARK, "")
    if not text:
        return
    key = Field.MARK if _MARK.search(text) and not looks_like_deadline(text) else Field.DEADLINE
    raw.cells.setdefault(key, text)


def join_start_end(raw: RawActivity) -> None:
    """Read «начало» and «окончание» columns as one deadline: «с X по Y»."""
    start = collapse(raw.cells.pop(Field.DEADLINE_START, ""))
    end = collapse(raw.cells.pop(Field.DEADLINE_END, ""))
    if start and end:
        text = f"с {start} по {end}"
    else:
        text = f"с {start}" if start else f"до {end}" if end else ""
    if text and not raw.cells.get(Field.DEADLINE):
        raw.cells[Field.DEADLINE] = text


def text_or_none(raw: RawActivity, name: Field) -> str | None:
    return collapse(raw.cells.get(name, "")) or None


def build_activity(
    raw: RawActivity,
    *,
    year: int | None,
    glossary: Glossary,
    is_report: bool,
    plan_years: tuple[int, int] | None = None,
) -> tuple[ParsedActivity, list[str]]:
    """Return the parsed activity and the warnings about its cells."""
    split_deadline_or_mark(raw)
    join_start_end(raw)
    if Field.DATE in raw.cells:  # «Дата проведения»: the deadline of a plan, the date of a report
        raw.cells.setdefault(Field.DEADLINE, raw.cells.pop(Field.DATE))
    warnings = [w for w in [fix_misplaced_deadline(raw, glossary)] if w]
    deadline_text = text_or_none(raw, Field.DEADLINE)
    activity = ParsedActivity(
        number=raw.number,
        section=raw.section,
        title=text_or_none(raw, Field.TITLE) or text_or_none(raw, Field.DESCRIPTION) or "",
        deadline=(
            parse_deadline(deadline_text, year, plan_years=plan_years) if deadline_text else None
        ),
        responsible=split_responsible(raw.cells.get(Field.RESPONSIBLE, ""), glossary),
        planned_result=text_or_none(raw, Field.RESULT),
        execution_mark=text_or_none(raw, Field.MARK),
        audience=text_or_none(raw, Field.AUDIENCE),
        description=text_or_none(raw, Field.DESCRIPTION) if Field.TITLE in raw.cells else None,
        documents=split_documents(raw.cells.get(Field.DOCUMENTS, "")),
        line=raw.row.line,
    )
    return activity, warnings
