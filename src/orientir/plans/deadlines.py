# Placeholder until the deadline parser lands; the model only needs these names.
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


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


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: DeadlineKind
    start: date | None
    end: date | None
    recurrence: Recurrence | None

    def is_overdue(self, today: date) -> bool:
        return self.kind != DeadlineKind.EVENT and self.end is not None and self.end < today


def parse_deadline(text: str, academic_year: int | None = None) -> Deadline:
    return Deadline(text, DeadlineKind.EVENT, None, None, None)
