"""Recognise the rows of a form that tell how to fill it in, so they never become activities.

Report and plan templates carry a row of hints under the header: «перечислить мероприятия,
проводимые в рамках проекта», «(указывается дата)», «Обозначить на кого направлено…». People
copy the template and keep the row, in italics or not. Such a row is an instruction by its
wording — a verb of filling in, or a hint in brackets — and has no number and no date; a real
row has at least one of those, even when its title starts with «Заполнить».
"""

from __future__ import annotations

import re

from orientir.imports.schema import ParsedActivity, ParsedDocument
from orientir.lib.textclean import collapse
from orientir.plans.deadlines import DeadlineKind

# The verbs of a form's hints, as infinitives («указать») and impersonal («указывается»).
_VERBS = (
    r"перечисл(?:ить|яются|яется)|указ(?:ать|ывается|ываются)|заполн(?:ить|яется|яются)|"
    r"обозначить|описать|опис(?:ывается|ываются)|привести|привод(?:ится|ятся)|внести|"
    r"вписать|впис(?:ывается|ываются)|отметить|отмеча(?:ется|ются)|прикрепить|приложить|"
    r"дать\s+ссылку|разместить\s+ссылку|пиш(?:ется|утся)"
)
_INSTRUCTION = re.compile(rf"^\(?\s*(?:{_VERBS})(?![а-яё])", re.I)
_BRACKETED = re.compile(r"^\(.*\)$", re.S)


def is_instruction(text: str | None) -> bool:
    """Whether a cell reads as a hint: starts with a verb of filling in, or is all in brackets."""
    text = collapse(text or "").lower().replace("ё", "е")
    return bool(text) and bool(_INSTRUCTION.match(text) or _BRACKETED.match(text))


def _cells(activity: ParsedActivity) -> list[str]:
    texts = [
        activity.description,
        activity.audience,
        activity.planned_result,
        activity.execution_mark,
        activity.deadline.text if activity.deadline else None,
        "; ".join(activity.responsible),
        *(document.text for document in activity.documents),
    ]
    return [text for text in texts if text]


def is_guidance(activity: ParsedActivity) -> bool:
    """Whether a parsed row is the form's hints: no number, no date, and hints in its cells."""
    if activity.number or (activity.deadline and activity.deadline.kind != DeadlineKind.EVENT):
        return False
    if is_instruction(activity.title):
        return True
    return sum(is_instruction(text) for text in _cells(activity)) >= 2


def skip_guidance(document: ParsedDocument) -> None:
    """Drop the rows of hints from `document`, saying in a warning which and why."""
    kept = []
    for activity in document.activities:
        if is_guidance(activity):
            document.warnings.append(
                f"строка {activity.line}: пропущена — это указание, как заполнять форму "
                f"(«{collapse(activity.title).strip('()')[:60]}»), а не мероприятие"
            )
        else:
            kept.append(activity)
    document.activities = kept
