"""Column names of results and context files: the English name and its Russian equivalents.

COLUMNS.md documents these; the templates are written from them, so the three agree.
"""

from __future__ import annotations

import re

from orientir.results.models import BAND_FIELDS, MARK_FIELDS

SCHOOL_COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("регион", "субъект рф", "субъект"),
    "municipality": ("муниципалитет", "муниципальное образование", "мо", "муниципальный район"),
    "school_id": ("код школы", "код оо", "идентификатор школы", "код организации"),
    "school_name": ("школа", "наименование школы", "наименование оо", "оо", "организация"),
    "year": ("учебный год", "год"),
}

RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    **SCHOOL_COLUMNS,
    "assessment": ("процедура", "оценочная процедура", "вид оценки"),
    "subject": ("предмет", "учебный предмет"),
    "grade": ("класс", "параллель"),
    "participants": ("участников", "участники", "число участников", "всего"),
    "failed": ("не сдали", "не справились", "неуспешных", "число не сдавших"),
    "mean_score": ("средний балл", "средняя отметка"),
    "band_below_min": ("не преодолели порог", "ниже минимального порога"),
    "band_upto_50": ("до 50", "минимальный порог-50", "порог-50", "от порога до 50"),
    "band_51_60": ("51-60",),
    "band_61_70": ("61-70",),
    "band_71_90": ("71-90",),
    "band_91_99": ("91-99",),
    "band_100": ("100", "100 баллов"),
    "mark_2": ("отметка 2", "2"),
    "mark_3": ("отметка 3", "3"),
    "mark_4": ("отметка 4", "4"),
    "mark_5": ("отметка 5", "5"),
}

CONTEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    **SCHOOL_COLUMNS,
    "indicator": ("показатель", "код показателя"),
    "value": ("значение",),
    "direction": ("направление",),
}

RESULT_REQUIRED = (
    "municipality",
    "school_id",
    "school_name",
    "year",
    "assessment",
    "subject",
    "participants",
)
CONTEXT_REQUIRED = ("municipality", "school_id", "school_name", "year", "indicator", "value")
COUNT_COLUMNS = (*BAND_FIELDS, *MARK_FIELDS)

# The Russian header the templates use for each column.
RUSSIAN_HEADERS: dict[str, str] = {
    "region": "Регион",
    "municipality": "Муниципалитет",
    "school_id": "Код школы",
    "school_name": "Школа",
    "year": "Учебный год",
    "assessment": "Процедура",
    "subject": "Предмет",
    "grade": "Класс",
    "participants": "Участников",
    "failed": "Не сдали",
    "mean_score": "Средний балл",
    "band_below_min": "Не преодолели порог",
    "band_upto_50": "До 50",
    "band_51_60": "51-60",
    "band_61_70": "61-70",
    "band_71_90": "71-90",
    "band_91_99": "91-99",
    "band_100": "100",
    "mark_2": "Отметка 2",
    "mark_3": "Отметка 3",
    "mark_4": "Отметка 4",
    "mark_5": "Отметка 5",
    "indicator": "Показатель",
    "value": "Значение",
    "direction": "Направление",
}


def normalise_header(text: str) -> str:
    """Compare headers loosely: case, ё, dashes, quotes, spaces and a trailing colon."""
    text = text.casefold().replace("ё", "е").replace("\ufeff", "")
    text = re.sub(r"[–—−]", "-", text)
    text = re.sub(r"[«»\"'“”*:]", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def header_map(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map each known column name to its position; unknown headers are ignored."""
    lookup: dict[str, str] = {}
    for name, aliases in columns.items():
        lookup[normalise_header(name)] = name
        for alias in aliases:
            lookup[normalise_header(alias)] = name
    found: dict[str, int] = {}
    for position, title in enumerate(header):
        known = lookup.get(normalise_header(title))
        if known is not None and known not in found:
            found[known] = position
    return found
