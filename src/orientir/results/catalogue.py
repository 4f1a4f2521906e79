"""The built-in catalogue of social-context indicators (CONTRACTS.md) and assessment names."""

from __future__ import annotations

from orientir.results.models import AssessmentKind, Direction

ADVERSE = Direction.ADVERSE.value
FAVOURABLE = Direction.FAVOURABLE.value

# code: (Russian name, direction). A higher value of an adverse indicator means harder
# conditions; of a favourable one, easier (IDENTIFICATION.md, "Data").
BUILTIN_INDICATORS: dict[str, tuple[str, str]] = {
    "low_income_share": ("Доля обучающихся из малоимущих семей", ADVERSE),
    "single_parent_share": ("Доля обучающихся из неполных семей", ADVERSE),
    "parents_higher_ed_share": ("Доля родителей с высшим образованием", FAVOURABLE),
    "unemployed_parents_share": ("Доля обучающихся с неработающими родителями", ADVERSE),
    "non_native_share": ("Доля обучающихся, для которых русский язык не родной", ADVERSE),
    "special_needs_share": ("Доля обучающихся с ОВЗ", ADVERSE),
    "transported_share": ("Доля обучающихся, доставляемых подвозом", ADVERSE),
    "rural": ("Сельская школа (1 — да, 0 — нет)", ADVERSE),
    "teacher_vacancy_share": ("Доля вакантных ставок учителей", ADVERSE),
    "teachers_highest_category_share": (
        "Доля учителей высшей квалификационной категории",
        FAVOURABLE,
    ),
}

ASSESSMENT_NAMES: dict[str, str] = {
    AssessmentKind.EGE.value: "ЕГЭ",
    AssessmentKind.OGE.value: "ОГЭ",
    AssessmentKind.VPR.value: "ВПР",
    AssessmentKind.KDR.value: "КДР",
    AssessmentKind.NIKO.value: "НИКО",
}


def assessment_kind(name: str) -> str:
    """Return the kind of an assessment written as ЕГЭ, егэ, ЕГЭ-2019…; `other` if unknown."""
    key = name.strip().upper().replace("Ё", "Е")
    for kind, canonical in ASSESSMENT_NAMES.items():
        if key == canonical or key.startswith(canonical + "-") or key.startswith(canonical + " "):
            return kind
    return AssessmentKind.OTHER.value
