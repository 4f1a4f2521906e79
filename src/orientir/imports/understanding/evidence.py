"""Split a report's evidence cell into documents with kind, number, date and title."""

from __future__ import annotations

import datetime as dt
import re

from orientir.imports.schema import EvidenceDocument
from orientir.lib.russian import MONTHS_GENITIVE, parse_month
from orientir.lib.textclean import collapse

_KINDS: list[tuple[str, str]] = [
    ("Приложение к письму", "letter"),
    ("Приказ", "order"),
    ("Распоряжение", "order"),
    ("Постановление", "order"),
    ("Протокол", "protocol"),
    ("Письмо", "letter"),
    ("Договор", "agreement"),
    ("Соглашение", "agreement"),
    ("Информационная справка", "other"),
    ("Пресс-релиз", "other"),
]
_STARTS = "|".join(re.escape(word) for word, _ in _KINDS)
_SPLIT = re.compile(rf"(?<![\w«\"„“-])(?=(?:{_STARTS})(?![а-яё]))")
_NUMBER = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][\w/.-]*\w|\d)")
_DATE_DIGITS = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_DATE_WORDS = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({'|'.join(MONTHS_GENITIVE)})\s+(\d{{4}})", re.I)
_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}


def split_documents(text: str) -> list[EvidenceDocument]:
    """Split an evidence cell where each document starts (Приказ, Протокол, Письмо…)."""
    text = collapse(text)
    parts = [part.strip(" ;,") for part in _SPLIT.split(text)]
    return [parse_document(part) for part in parts if part]


def document_kind(text: str) -> str:
    """Return the contract's kind of a document by its first word."""
    for word, kind in _KINDS:
        if text.startswith(word):
            return kind
    return "other"


def parse_date(text: str) -> tuple[dt.date | None, int]:
    """Find the document's date (`от 25.02.2021`, `от 14 мая 2021 года`) and where it ends."""
    for pattern in (_DATE_DIGITS, _DATE_WORDS):
        match = pattern.search(text)
        if match:
            day, month, year = match.groups()
            month_number = int(month) if month.isdigit() else parse_month(month)
            try:
                return dt.date(int(year), month_number or 0, int(day)), match.end()
            except ValueError:
                return None, match.end()
    return None, 0


def quoted_title(text: str, start: int) -> str | None:
    """Return the text in quotes that follows position `start`, up to its last closing quote."""
    for index in range(start, len(text)):
        closing = _QUOTES.get(text[index])
        if closing:
            end = text.rfind(closing)
            if end > index:
                return collapse(text[index + 1 : end]) or None
            return collapse(text[index + 1 :].strip(closing)) or None
    return None


def parse_document(text: str) -> EvidenceDocument:
    """Read one document's kind, number, date and title from its words."""
    number_match = _NUMBER.search(text)
    number = number_match.group(1) if number_match else None
    date, date_end = parse_date(text)
    anchor = max(number_match.end() if number_match else 0, date_end)
    if number is None and date is None:
        title: str | None = text
    else:
        title = quoted_title(text, anchor)
    return EvidenceDocument(document_kind(text), number, date, title, text)
