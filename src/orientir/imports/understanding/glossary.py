"""Known abbreviations of organisations: built in, read from a document, or the user's own."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from orientir.imports.readers.grid import Grid
from orientir.lib.textclean import clean

# Organisations the programme's documents name by abbreviation (DOMAIN.md, seed 001).
DEFAULT_ABBREVIATIONS = (
    "Министерство",
    "ГКУ КК ЦОКО",
    "ГБОУ ИРО КК",
    "ГБОУ ИРО",
    "ИРО",
    "ЦОКО",
    "МОУО",
    "УО",
    "ОО",
    "МКУ КНМЦ",
    "МНЦ",
    "МБУ «ЦРО»",
    "ЦРО",
    "РМО",
    "ШМО",
    "ММС",
)

# "- 2) Государственное казенное учреждение … – ГКУ КК ЦОКО;"
_GLOSSARY_LINE = re.compile(
    r"^[-–•\s]*(?:\d+\)\s*)?(?P<full>.{4,}?)\s+[–—-]\s+(?P<abbr>[^;.]{1,40})[;.]?$"
)


class Glossary:
    """Abbreviations, matched case-insensitively, longest first."""

    def __init__(self, abbreviations: Iterable[str] = DEFAULT_ABBREVIATIONS) -> None:
        self._known: dict[str, str] = {}
        self.extend(abbreviations)

    def extend(self, abbreviations: Iterable[str]) -> None:
        for abbreviation in abbreviations:
            text = " ".join(abbreviation.split())
            if text:
                self._known.setdefault(text.lower(), text)

    def __contains__(self, text: str) -> bool:
        return " ".join(text.split()).lower() in self._known

    def split(self, text: str) -> list[str] | None:
        """Split `text` into known abbreviations as written, or None if any word is unknown."""
        words = text.split()
        parts: list[str] = []
        start = 0
        while start < len(words):
            for end in range(len(words), start, -1):
                if " ".join(words[start:end]) in self:
                    parts.append(" ".join(words[start:end]))
                    start = end
                    break
            else:
                return None
        return parts


def parse_glossary_lines(lines: Iterable[str]) -> list[str]:
    """Read the abbreviations of a «Сокращения:» list (`Full name – ABBR;`)."""
    found = []
    for line in lines:
        match = _GLOSSARY_LINE.match(clean(line))
        if match:
            found.append(match["abbr"].strip())
    return found


def glossary_from_grid(grid: Grid) -> list[str]:
    """Find the glossary paragraphs after a «Сокращения» heading."""
    lines: list[str] = []
    inside = False
    for row in grid.rows:
        if not row.is_paragraph:
            inside = False
            continue
        text = row.values[0] if row.values else ""
        if re.match(r"^(сокращения|список сокращений|принятые сокращения)", text.lower()):
            inside = True
            continue
        if inside:
            lines.extend(row.cells[0].text.splitlines())
    return parse_glossary_lines(lines)


def read_glossary_file(path: Path) -> list[str]:
    """Read a user's glossary: one abbreviation a line, optionally `Full name – ABBR`."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    parsed = parse_glossary_lines(lines)
    plain = [line.strip() for line in lines if line.strip() and not _GLOSSARY_LINE.match(line)]
    return parsed + plain
