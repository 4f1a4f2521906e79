"""Split a report's evidence cell into documents with kind, number, date and title.

People list the documents of one activity in one cell, in every way: separated by «;», by
commas, by line breaks, or not at all («…№ 161 Протокол совещания…»). A new document starts
where a document's name starts («Приказ», «протокол», «Лист регистрации»), outside quotes
(a title may name a document too). Its number is the one after the «№» that follows its
date or its kind: in «Приказ МБОУ СОШ № 10 от 10.11.2026 № 301» the order is № 301, and
«№ 10» is the school's.
"""

from __future__ import annotations

import datetime as dt
import re

from orientir.imports.schema import EvidenceDocument
from orientir.lib.russian import MONTHS_GENITIVE, parse_month
from orientir.lib.textclean import collapse

# A document's name and its kind in the contract, longest first where one starts another.
_KINDS: list[tuple[str, str]] = [
    ("Приложение к письму", "letter"),
    ("Информационное письмо", "letter"),
    ("Выписка из протокола", "protocol"),
    ("Выписка из приказа", "order"),
    ("Приказ", "order"),
    ("Распоряжение", "order"),
    ("Постановление", "order"),
    ("Протокол", "protocol"),
    ("Письмо", "letter"),
    ("Договор", "agreement"),
    ("Соглашение", "agreement"),
    ("Информационная справка", "other"),
    ("Аналитическая справка", "other"),
    ("Справка", "other"),
    ("Пресс-релиз", "other"),
    ("Лист регистрации", "other"),
    ("Регистрационный лист", "other"),
    ("Список участников", "other"),
    ("Фотоотчет", "other"),
    ("Фотоотчёт", "other"),
]
# Names that start a document only after a separator: in running text they are words.
_AFTER_SEPARATOR = [
    "Отчет",
    "Отчёт",
    "Программа",
    "Сценарий",
    "Презентация",
    "План",
    "Решение",
    "Методические рекомендации",
    "Ссылка",
    "Сайт",
    "Фото",
]
_NAMES = "|".join(re.escape(word) for word, _ in _KINDS)
_ANY_NAMES = "|".join(re.escape(word) for word in [w for w, _ in _KINDS] + _AFTER_SEPARATOR)
# A capitalised name starts a document anywhere; any name does after «;», «,» or a line break.
_START = re.compile(rf"(?<![\w«\"„“-])(?:{_NAMES})(?![а-яё])")
_START_AFTER = re.compile(rf"[;,\n]\s*(?=(?:{_ANY_NAMES})(?![а-яё]))", re.I)
_SEMICOLON = re.compile(r";")
_NUMBER = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][\w/.-]*\w|\d)")
_DATE_DIGITS = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_DATE_WORDS = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({'|'.join(MONTHS_GENITIVE)})\s+(\d{{4}})", re.I)
_AFTER_DATE = re.compile(r"^\s*(?:г\.?|года?)?\s*,?\s*$", re.I)
# Words after which «№» numbers an organisation, not the document.
_ORGANISATION = re.compile(
    r"(?:СОШ|ООШ|НОШ|ОШ|школ[аыеуой]*|гимнази[яиюей]*|лице[йяюем]|МБОУ|МАОУ|МКОУ|ГБОУ|ГКОУ|"
    r"МОУ|ДОУ|МБДОУ|МАДОУ|детск(?:ий|ого)\s+сад[а-я]*|интернат[а-я]*|учреждени[а-я]*)"
    r"\s*(?:[«\"][^»\"]*[»\"]\s*)?$",
    re.I,
)
_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}


def split_documents(text: str) -> list[EvidenceDocument]:
    """Split an evidence cell into its documents, each read by `parse_document`."""
    text = "\n".join(collapse(line) for line in text.splitlines())
    cuts = sorted(
        {match.start() for match in _START.finditer(text)}
        | {match.end() for match in _START_AFTER.finditer(text)}
        | {match.start() for match in _SEMICOLON.finditer(text)}
    )
    quoted = _quoted_positions(text)
    parts, start = [], 0
    for cut in cuts:
        if cut not in quoted and cut > start:
            parts.append(text[start:cut])
            start = cut
    parts.append(text[start:])
    cleaned = (collapse(part).strip(" ;,.") for part in parts)
    return [parse_document(part) for part in cleaned if part]


def _quoted_positions(text: str) -> set[int]:
    """Positions inside quotes; an unclosed quote runs to the end of the cell."""
    inside: set[int] = set()
    index = 0
    while index < len(text):
        closing = _QUOTES.get(text[index])
        if closing is None:
            index += 1
            continue
        end = text.find(closing, index + 1)
        end = len(text) if end < 0 else end
        inside.update(range(index + 1, end))
        index = end + 1
    return inside


def document_kind(text: str) -> str:
    """Return the contract's kind of a document by its first words."""
    lowered = text.lower().replace("ё", "е")
    for word, kind in _KINDS:
        if lowered.startswith(word.lower().replace("ё", "е")):
            return kind
    return "other"


def parse_date(text: str) -> tuple[dt.date | None, int, int]:
    """Find the document's date (`от 25.02.2021`, `от 14 мая 2021 года`): it, its start, end.

    The date after «от» is the document's; another one may belong to its title.
    """
    found = [m for pattern in (_DATE_DIGITS, _DATE_WORDS) for m in pattern.finditer(text)]
    if not found:
        return None, 0, 0
    found.sort(key=lambda m: (not re.search(r"от\s*$", text[: m.start()]), m.start()))
    match = found[0]
    day, month, year = match.groups()
    month_number = int(month) if month.isdigit() else parse_month(month)
    try:
        return dt.date(int(year), month_number or 0, int(day)), match.start(), match.end()
    except ValueError:
        return None, match.start(), match.end()


def document_number(text: str, date_end: int, kind_end: int) -> re.Match[str] | None:
    """The «№» that follows the date or the kind, else the first that numbers no school."""
    numbers = list(_NUMBER.finditer(text))
    for match in numbers:
        if (
            date_end
            and match.start() >= date_end
            and _AFTER_DATE.match(text[date_end : match.start()])
        ):
            return match
    for match in numbers:
        if kind_end and not text[kind_end : match.start()].strip():
            return match
    for match in numbers:
        if not _ORGANISATION.search(text[: match.start()]):
            return match
    return None


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


def _kind_end(text: str) -> int:
    lowered = text.lower().replace("ё", "е")
    for word, _ in _KINDS:
        if lowered.startswith(word.lower().replace("ё", "е")):
            return len(word)
    return 0


def parse_document(text: str) -> EvidenceDocument:
    """Read one document's kind, number, date and title from its words."""
    date, _, date_end = parse_date(text)
    number_match = document_number(text, date_end, _kind_end(text))
    number = number_match.group(1) if number_match else None
    anchor = max(number_match.end() if number_match else 0, date_end)
    if number is None and date is None:
        title: str | None = text
    else:
        title = quoted_title(text, anchor)
    return EvidenceDocument(document_kind(text), number, date, title, text)
