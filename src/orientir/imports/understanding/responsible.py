"""Split a «Ответственные» cell into the persons and organisations it names, as written."""

from __future__ import annotations

import re

from orientir.imports.understanding.glossary import Glossary
from orientir.lib.textclean import collapse

_UPPER = "А-ЯЁA-Z"
_SURNAME = rf"[{_UPPER}][а-яёa-z]+(?:-[{_UPPER}]?[а-яёa-z]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?(?:[{_UPPER}]\.)?"
# "Карпенко Н.В." or "Н.В. Тимонина"
PERSON = re.compile(rf"(?:{_SURNAME}\s+{_INITIALS}|{_INITIALS}\s?{_SURNAME})")
# A comma starts a new entry unless it continues a list of numbers ("СОШ № 4, 20, 36") or
# adds the position of the person before it ("Езубова Ю.В., директор МБУ «ЦРО»").
_POSITION_FOLLOWS = re.compile(r"\s*,\s*[а-яё]")
_ENTRY_COMMA = re.compile(rf"[,;]\s*(?=[{_UPPER}])")


def split_responsible(text: str, glossary: Glossary) -> list[str]:
    """Split a responsible cell into entries as written.

    Paragraphs and line breaks always separate entries; then commas and semicolons before
    a capital letter; then each person's name ends an entry ("Карпенко Н.В. Ракова Н.В."
    is two); a run of known abbreviations is split into one entry each ("Министерство
    ГКУ КК ЦОКО" is two). Anything else stays whole.
    """
    entries: list[str] = []
    for line in text.splitlines():
        for chunk in _ENTRY_COMMA.split(line):
            for part in _split_people(collapse(chunk).strip(" ,;")):
                entries.extend(glossary.split(part) or [part])
    return [entry for entry in entries if entry]


def _split_people(text: str) -> list[str]:
    """Cut `text` after each person's name; the text before a name belongs to it."""
    parts: list[str] = []
    start = 0
    for match in PERSON.finditer(text):
        end = match.end()
        if end < len(text) and text[end] not in " ,;":
            continue
        if _POSITION_FOLLOWS.match(text, end):
            continue
        parts.append(text[start:end].strip(" ,;"))
        start = end
    parts.append(text[start:].strip(" ,;"))
    return [part for part in parts if part]
