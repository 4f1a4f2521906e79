"""What the understanding step makes of a document, and its JSON form (CONTRACTS.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from orientir.plans.deadlines import Deadline


def deadline_as_json(deadline: Deadline) -> dict[str, Any]:
    """Return the contract's form of a deadline, whichever parser version is installed."""
    as_json = getattr(deadline, "as_json", None)
    if callable(as_json):
        return dict(as_json())
    return {
        "text": deadline.text,
        "kind": str(deadline.kind),
        "start": deadline.start.isoformat() if deadline.start else None,
        "end": deadline.end.isoformat() if deadline.end else None,
        "recurrence": str(deadline.recurrence) if deadline.recurrence else None,
    }


@dataclass
class EvidenceDocument:
    """One confirming document of a report row: an order, a protocol, a letter…"""

    kind: str
    number: str | None
    date: dt.date | None
    title: str | None
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "text": self.text,
        }


@dataclass
class ParsedSection:
    number: str | None
    title: str
    parent: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title}


@dataclass
class ParsedActivity:
    number: str | None
    section: str | None
    title: str
    deadline: Deadline | None
    responsible: list[str]
    planned_result: str | None = None
    execution_mark: str | None = None
    audience: str | None = None
    description: str | None = None
    documents: list[EvidenceDocument] = field(default_factory=list)
    line: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "section": self.section,
            "title": self.title,
            "deadline": deadline_as_json(self.deadline) if self.deadline else None,
            "responsible": list(self.responsible),
            "planned_result": self.planned_result,
            "execution_mark": self.execution_mark,
            "audience": self.audience,
            "description": self.description,
            "documents": [document.as_json() for document in self.documents],
        }


@dataclass
class ParsedIndicator:
    group: str | None
    name: str
    unit: str | None
    values: dict[str, float | None]

    def as_json(self) -> dict[str, Any]:
        return {"group": self.group, "name": self.name, "unit": self.unit, "values": self.values}


@dataclass
class ParsedDocument:
    """A whole document understood; `passport`, region and municipality stay out of JSON."""

    kind: str
    title: str
    academic_years: list[str]
    sections: list[ParsedSection] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    passport: dict[str, str] = field(default_factory=dict)
    approval_text: str = ""
    region_code: str | None = None
    municipality: str | None = None
    columns: list[tuple[str, str]] = field(default_factory=list)  # (field, header as written)

    @property
    def start_year(self) -> int | None:
        return int(self.academic_years[0][:4]) if self.academic_years else None

    def as_json(self) -> dict[str, Any]:
        """Return the document exactly in the shape CONTRACTS.md promises."""
        return {
            "kind": self.kind,
            "title": self.title,
            "academic_years": list(self.academic_years),
            "sections": [section.as_json() for section in self.sections],
            "activities": [activity.as_json() for activity in self.activities],
            "indicators": [indicator.as_json() for indicator in self.indicators],
            "warnings": list(self.warnings),
        }
