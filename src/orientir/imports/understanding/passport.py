"""The road map's passport (seed 004): labelled fields and headed paragraphs."""

from __future__ import annotations

import re

from orientir.imports.readers.grid import Row
from orientir.lib.textclean import join_pieces, paragraphs

# Label words -> the Plan field that keeps them.
PASSPORT_FIELDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"описание проблем|проблем"), "problem"),
    (re.compile(r"^итоги\s+(за\s+)?\d{4}"), "previous_results"),
    (re.compile(r"состав рабочей группы|рабочая группа"), "working_group"),
    (re.compile(r"разработчик"), "developer"),
    (re.compile(r"^цель"), "goal"),
    (re.compile(r"^задачи"), "tasks"),
    (re.compile(r"этапы|сроки реализации"), "stages"),
    (re.compile(r"^направлени"), "directions"),
    (re.compile(r"контрольные результаты|ожидаемые результаты"), "key_results"),
    (re.compile(r"финансов|финансирован"), "funding"),
    (re.compile(r"перечень целевых показателей"), "indicator_groups"),
]

LABELS = {
    "problem": "Описание проблемы",
    "previous_results": "Итоги прошлого учебного года",
    "working_group": "Состав рабочей группы",
    "developer": "Ответственный разработчик",
    "goal": "Цель",
    "tasks": "Задачи",
    "stages": "Этапы и сроки реализации",
    "directions": "Направления",
    "key_results": "Значимые контрольные результаты",
    "funding": "Объём финансовой поддержки",
    "indicator_groups": "Перечень целевых показателей",
}


def passport_field(label: str) -> str | None:
    """Return the passport field a label names, or None."""
    text = re.sub(r"^[\d.\s]+", "", label.lower().replace("ё", "е")).strip(" .:")
    if not text or len(text) > 80:
        return None
    for pattern, name in PASSPORT_FIELDS:
        if pattern.search(text):
            return name
    return None


class PassportReader:
    """Collect passport fields from rows met before the plan's table."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self._last: str | None = None
        self._heading: str | None = None

    def paragraph(self, row: Row, is_heading: bool) -> None:
        """Take a paragraph: a heading opens a field, text under it fills the field."""
        text = row.values[0] if row.values else ""
        if is_heading:
            self._heading = passport_field(text)
            self._last = None
            return
        if self._heading in ("problem", "previous_results"):
            self._add(self._heading, "\n".join(paragraphs(row.cells[0].text)), join=False)

    def table_row(self, row: Row) -> bool:
        """Take a `label | value` row (or its continuation); say whether it was one."""
        values = [value for value in row.values]
        label = values[0] if values else ""
        rest = [cell.text for cell in row.cells[1:] if cell.value]
        if not rest:
            return False
        name = passport_field(label) if label else self._last
        if name is None:
            return False
        value = "\n".join("\n".join(paragraphs(text)) for text in rest)
        self._add(name, value, join=not label)
        self._last = name
        return True

    def _add(self, name: str, value: str, *, join: bool) -> None:
        previous = self.fields.get(name)
        if previous is None:
            self.fields[name] = value
        else:
            self.fields[name] = join_pieces(previous, value) if join else f"{previous}\n{value}"
