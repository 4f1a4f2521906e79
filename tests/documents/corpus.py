"""Compare what the importer understands of a corpus document with its expected fields.

A field is one of: the document's kind; each section (number and title); and for each
expected activity its number, title, deadline (kind, start and end), responsible and
planned result. Activities are paired in document order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
SUFFIXES = (".docx", ".xlsx", ".pdf", ".txt")
ACTIVITY_FIELDS = ("number", "title", "deadline", "responsible", "planned_result")


@dataclass
class Score:
    """Fields matched out of fields expected, and what differed."""

    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, expected: Any, found: Any) -> None:
        self.total += 1
        if expected == found:
            self.matched += 1
        else:
            self.misses.append(f"{name}: ожидалось {expected!r}, прочитано {found!r}")

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0


def documents() -> list[Path]:
    """The corpus documents, each with its `.expected.json` beside it."""
    return sorted(
        path
        for path in CORPUS.iterdir()
        if path.suffix in SUFFIXES and expected_path(path).exists()
    )


def expected_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}.expected.json")


def deadline_fields(deadline: dict[str, Any] | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {key: deadline[key] for key in ("kind", "start", "end")}


def compare(expected: dict[str, Any], parsed: dict[str, Any]) -> Score:
    """Score a parsed document (the contract's JSON form) against its expected fields."""
    score = Score()
    score.add("kind", expected["kind"], parsed["kind"])
    found_sections = [(s["number"], s["title"]) for s in parsed["sections"]]
    for section in expected["sections"]:
        pair = (section["number"], section["title"])
        score.add(f"раздел {pair[0]}", pair, pair if pair in found_sections else None)
    activities = parsed["activities"]
    for index, wanted in enumerate(expected["activities"]):
        got = activities[index] if index < len(activities) else {}
        for name in ACTIVITY_FIELDS:
            value = got.get(name)
            if name == "deadline":
                value = deadline_fields(value)
            score.add(f"мероприятие {index + 1}, {name}", wanted[name], value)
    extra = len(activities) - len(expected["activities"])
    if extra > 0:
        score.total += extra  # rows taken for activities that are not: each a field lost
        score.misses.append(f"лишние мероприятия: {extra}")
    warning = expected.get("warning")
    if warning:
        said = any(warning in text for text in parsed["warnings"])
        score.add("предупреждение", warning, warning if said else None)
    return score


def score_document(path: Path) -> Score:
    """Read and understand `path` as the importer does, and score it."""
    from orientir.imports.errors import ImportProblem
    from orientir.imports.parsing import parse_document

    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    try:
        parsed = parse_document(path).as_json()
    except ImportProblem as problem:  # nothing understood: every field is lost
        score = compare(expected, {"kind": None, "sections": [], "activities": [], "warnings": []})
        score.misses.insert(0, str(problem))
        return score
    return compare(expected, parsed)
