"""How complete the evidence of an occurrence is, by the rules of its kind of activity.

Pure functions over rules and counts of documents by kind; `orientir.execution.selectors`
reads both from the database. A requirement is "at least N documents of a kind" (an empty
kind means any document). An occurrence scores one point per document it still needed, up
to N for each requirement, so five photos count for five points and a sixth for none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from orientir.execution.models import Document
from orientir.lib.russian import plural

ANY = ""
Kind = Document.Kind
# A presentation is material of an event, so it proves «материалы» too.
COUNTS_AS: dict[str, set[str]] = {Kind.MATERIALS: {Kind.MATERIALS, Kind.PRESENTATION}}
ORDER = {kind: n for n, kind in enumerate([ANY, *Kind.values])}
# The name of one document, and the forms that agree with a number.
NOUNS: dict[str, tuple[str, str, str, str]] = {
    ANY: (
        "подтверждающий документ",
        "подтверждающий документ",
        "подтверждающих документа",
        "подтверждающих документов",
    ),
    Kind.ORDER: ("приказ", "приказ", "приказа", "приказов"),
    Kind.PROTOCOL: ("протокол", "протокол", "протокола", "протоколов"),
    Kind.LETTER: ("письмо", "письмо", "письма", "писем"),
    Kind.AGREEMENT: ("договор или соглашение", "договор", "договора", "договоров"),
    Kind.PROGRAMME: ("программа", "программа", "программы", "программ"),
    Kind.PRESS_RELEASE: ("пресс-релиз", "пресс-релиз", "пресс-релиза", "пресс-релизов"),
    Kind.PHOTO: ("фотография", "фотография", "фотографии", "фотографий"),
    Kind.REGISTRATION_SHEET: (
        "лист регистрации",
        "лист регистрации",
        "листа регистрации",
        "листов регистрации",
    ),
    Kind.PRESENTATION: ("презентация", "презентация", "презентации", "презентаций"),
    Kind.MATERIALS: ("материалы", "материал", "материала", "материалов"),
    Kind.REPORT: ("отчёт", "отчёт", "отчёта", "отчётов"),
    Kind.INFORMATION_NOTE: (
        "информационная справка",
        "информационная справка",
        "информационные справки",
        "информационных справок",
    ),
    Kind.OTHER: ("документ", "документ", "документа", "документов"),
}


class RuleLike(Protocol):
    region_id: int | None
    activity_type: str
    document_kind: str
    min_count: int


@dataclass(frozen=True)
class Requirement:
    kind: str
    count: int

    def __str__(self) -> str:
        name = NOUNS.get(self.kind, NOUNS[Kind.OTHER])[0]
        if self.count == 1:
            return name
        return f"{name}: не менее {self.count}"


@dataclass(frozen=True)
class Shortfall:
    kind: str
    needed: int
    have: int

    def __str__(self) -> str:
        name, one, few, many = NOUNS.get(self.kind, NOUNS[Kind.OTHER])
        if self.needed == 1:
            return name
        lacking = self.needed - self.have
        more = "ещё " if self.have else ""
        return f"{more}{lacking} {plural(lacking, one, few, many)}"


@dataclass(frozen=True)
class Score:
    """Points of evidence present out of points required; 0 of 0 means nothing is counted."""

    done: int = 0
    needed: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.done + other.done, self.needed + other.needed)

    @property
    def percent(self) -> int | None:
        if not self.needed:
            return None
        return self.done * 100 // self.needed

    @property
    def complete(self) -> bool:
        return bool(self.needed) and self.done >= self.needed


def requirements_by_type(
    rules: Iterable[RuleLike], region_id: int | None
) -> dict[str, list[Requirement]]:
    """Return what each kind of activity requires in a region: its own rows, or the defaults."""
    defaults: dict[str, list[RuleLike]] = defaultdict(list)
    own: dict[str, list[RuleLike]] = defaultdict(list)
    for rule in rules:
        if rule.region_id is None:
            defaults[rule.activity_type].append(rule)
        elif rule.region_id == region_id:
            own[rule.activity_type].append(rule)
    merged = {**defaults, **own}
    return {
        activity_type: sorted(
            (Requirement(r.document_kind, r.min_count) for r in rows if r.min_count > 0),
            key=lambda req: ORDER.get(req.kind, len(ORDER)),
        )
        for activity_type, rows in merged.items()
    }


def _have(requirement: Requirement, counts: Mapping[str, int]) -> int:
    if requirement.kind == ANY:
        return sum(counts.values())
    return sum(counts.get(k, 0) for k in COUNTS_AS.get(requirement.kind, {requirement.kind}))


def shortfalls(requirements: Iterable[Requirement], counts: Mapping[str, int]) -> list[Shortfall]:
    """Return what an occurrence with `counts` documents by kind still lacks."""
    found = [(req, _have(req, counts)) for req in requirements]
    return [Shortfall(req.kind, req.count, have) for req, have in found if have < req.count]


def score(requirements: Iterable[Requirement], counts: Mapping[str, int]) -> Score:
    """Score an occurrence: each requirement gives at most its own count of points."""
    total = Score()
    for req in requirements:
        total += Score(min(_have(req, counts), req.count), req.count)
    return total


def missing_text(lacking: Iterable[Shortfall]) -> str:
    """Say in Russian what is lacking: «не хватает: пресс-релиз, ещё 3 фотографии»."""
    parts = [str(s) for s in lacking]
    return f"не хватает: {', '.join(parts)}" if parts else ""
