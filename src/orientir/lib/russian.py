"""Russian words for dates and numbers, knowing nothing of Ориентир's domain."""

from datetime import date
from typing import Literal

Case = Literal["nominative", "genitive", "prepositional"]

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_PREPOSITIONAL = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)
# The part of each month's name that all its forms share, for patterns over running text.
MONTH_STEMS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йяе]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
MONTH_PATTERN = "(" + "|".join(MONTH_STEMS) + ")"
_MONTHS_BY_CASE: dict[Case, tuple[str, ...]] = {
    "nominative": MONTHS_NOMINATIVE,
    "genitive": MONTHS_GENITIVE,
    "prepositional": MONTHS_PREPOSITIONAL,
}
_FULL_FORMS = {
    name: number for names in _MONTHS_BY_CASE.values() for number, name in enumerate(names, start=1)
}
# "мар", "сент", "нояб": shorter than this is too ambiguous to be a month ("ма", "ию").
_SHORTEST_ABBREVIATION = 3


def month_name(month: int, case: Case = "nominative") -> str:
    """Return the name of `month` (1–12) in `case`: 11 → "ноябрь", "ноября", "ноябре"."""
    if not 1 <= month <= 12:
        raise ValueError(f"нет месяца с номером {month}")
    return _MONTHS_BY_CASE[case][month - 1]


def parse_month(word: str) -> int | None:
    """Return the number of the month `word` names, or None when it names none.

    Any case of the full name is understood ("Сентябрь", "сентября", "сентябре"), and so
    is an abbreviation of three letters or more, with or without its dot ("сент.",
    "нояб", "Дек"). "ё" counts as "е".
    """
    key = word.strip().lower().replace("ё", "е").rstrip(".")
    if key in _FULL_FORMS:
        return _FULL_FORMS[key]
    if len(key) < _SHORTEST_ABBREVIATION:
        return None
    matches = {
        number
        for number, name in enumerate(MONTHS_NOMINATIVE, start=1)
        if name.startswith(key) or MONTHS_GENITIVE[number - 1].startswith(key)
    }
    return matches.pop() if len(matches) == 1 else None


def plural(n: int, one: str, few: str, many: str) -> str:
    """Return the form of a noun that agrees with `n`: 1 мероприятие, 2 мероприятия, 5 мероприятий.

    Only the form is returned, so callers write f"{n} {plural(n, ...)}".
    """
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def format_date(d: date) -> str:
    """Write `d` as in Russian documents: "1 ноября 2018 г."."""
    return f"{d.day} {month_name(d.month, 'genitive')} {d.year} г."


def format_date_short(d: date) -> str:
    """Write `d` in the numeric Russian form: "01.11.2018"."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def format_size(size: int) -> str:
    """Write a file size as Russian readers do: 512 байт, 12 КБ, 1,5 МБ, 100 МБ."""
    if size < 1024:
        return f"{size} {plural(size, 'байт', 'байта', 'байт')}"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} КБ"
    value = size / 1024 / 1024
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0") if value < 10 else f"{value:.0f}"
    return f"{text} МБ"
