"""What a deadline is once understood: its kind, recurrence, dates, and its Russian line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from orientir.lib.russian import format_date_short


class DeadlineKind(StrEnum):
    DATE = "date"
    UNTIL = "until"
    PERIOD = "period"
    CONTINUOUS = "continuous"
    RECURRING = "recurring"
    EVENT = "event"


class Recurrence(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"


RECURRENCE_WORDS = {
    Recurrence.WEEKLY: "еженедельно",
    Recurrence.MONTHLY: "ежемесячно",
    Recurrence.QUARTERLY: "ежеквартально",
    Recurrence.ANNUALLY: "ежегодно",
}


@dataclass(frozen=True)
class Deadline:
    """A deadline: the text as written, and what could be derived from it."""

    text: str
    kind: DeadlineKind
    start: date | None
    end: date | None
    recurrence: Recurrence | None

    def is_overdue(self, today: date) -> bool:
        """Whether the deadline has passed; an event has no date and is never overdue."""
        return self.kind != DeadlineKind.EVENT and self.end is not None and self.end < today

    def as_json(self) -> dict[str, str | None]:
        """The contract's form: `{"text", "kind", "start", "end", "recurrence"}`, ISO dates."""
        return {
            "text": self.text,
            "kind": self.kind.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence.value if self.recurrence else None,
        }

    def describe(self) -> str:
        """One Russian line for people: «с 01.11.2018 по 31.05.2019», «до 19.10.2018»."""
        if self.kind == DeadlineKind.EVENT:
            written = " ".join(self.text.split())
            return f"по событию: {written}" if written else "по событию"
        if self.kind == DeadlineKind.UNTIL:
            return f"до {format_date_short(self.end)}" if self.end else _NO_DATES["until"]
        if self.start is None or self.end is None:
            return _NO_DATES[self.kind.value]
        if self.kind == DeadlineKind.DATE:
            return format_date_short(self.start)
        span = f"с {format_date_short(self.start)} по {format_date_short(self.end)}"
        if self.kind == DeadlineKind.CONTINUOUS:
            return f"постоянно, {span}"
        if self.kind == DeadlineKind.RECURRING and self.recurrence:
            return f"{RECURRENCE_WORDS[self.recurrence]}, {span}"
        return span


_WITHOUT_YEAR = "даты не определить без учебного года"
_NO_DATES = {
    "date": f"дата: {_WITHOUT_YEAR}",
    "until": f"до даты: {_WITHOUT_YEAR}",
    "period": f"период: {_WITHOUT_YEAR}",
    "continuous": f"постоянно: {_WITHOUT_YEAR}",
    "recurring": f"регулярно: {_WITHOUT_YEAR}",
}
