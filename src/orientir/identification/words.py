"""Say a school's flags and their numbers in Russian, for the run page and the school page."""

from __future__ import annotations

from typing import Any

from orientir.identification.method import Settings


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",").replace("-", "−")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


# The method's settings as a person reads them; shares are shown as percentages.
SETTING_NAMES: dict[str, tuple[str, str]] = {
    "min_n": ("наименьшее число участников в ячейке", "n"),
    "core_subjects": ("основные предметы", "list"),
    "shrinkage_k": ("сглаживание малых школ, k", "n"),
    "p_low": ("доля худших школ по R", "%"),
    "fail_share": ("доля не сдавших в ячейке", "%"),
    "wilson_confidence": ("уровень доверия границы Уилсона", "%"),
    "window_years": ("окно, лет", "n"),
    "low_years": ("лет в окне, чтобы признак держался", "n"),
    "min_indicators": ("наименьшее число показателей контекста", "n"),
    "p_adverse": ("доля школ с самыми неблагоприятными условиями", "%"),
    "r_low": ("порог остатка «ниже ожидаемого»", "n"),
    "jump_sd": ("скачок, стандартных отклонений", "n"),
    "p_high": ("доля лучших школ по R", "%"),
    "r_high": ("порог остатка «выше ожидаемого»", "n"),
}


def settings_in_words(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """Return a run's settings as (Russian name, value written for people), in method order."""
    lines = []
    for key, value in settings.items():
        name, form = SETTING_NAMES.get(key, (key, "n"))
        if form == "list" and isinstance(value, list | tuple):
            text = ", ".join(str(item) for item in value)
        elif form == "%" and isinstance(value, int | float):
            text = f"{100 * value:g} %".replace(".", ",")
        elif isinstance(value, float):
            text = f"{value:g}".replace(".", ",").replace("-", "−")
        else:
            text = str(value)
        lines.append((name, text))
    return lines


def describe(
    flags: list[str], explain: dict[str, Any], settings: dict[str, Any] | None = None
) -> list[str]:
    """Sentences: per year R, rank and failing cells; the adversity index; residuals; jumps.

    With the run's `settings`, also say why the school is resilient or underperforming.
    """
    lines = [_year(entry) for entry in explain.get("years", []) if entry.get("R") is not None]
    rule = explain.get("rule", {})
    lines.append(
        f"Низкие результаты в {explain.get('low_years', 0)} из {rule.get('window_years', 3)} "
        f"последних лет (для ШНОР нужно {rule.get('low_years', 2)})."
    )
    lines.append(_adversity(explain.get("adversity") or {}))
    for entry in explain.get("years", []):
        change = entry.get("change") or {}
        if change.get("jump"):
            lines.append(
                f"{entry['year']}: R вырос на {_n(change['value'])} при среднем по региону "
                f"{_n(change['region_mean'])} и разбросе {_n(change['region_sd'])} — "
                "результаты нужно проверить на объективность."
            )
    if settings is not None:
        lines.extend(_context_flags(flags, explain, Settings().as_json() | settings))
    return [line for line in lines if line]


def _context_flags(flags: list[str], explain: dict[str, Any], s: dict[str, Any]) -> list[str]:
    years = [e for e in explain.get("years", []) if e.get("R") is not None]
    window = s["window_years"]
    lines = []
    if "underperforming_for_context" in flags:
        low = [e["year"] for e in years if e.get("r") is not None and e["r"] <= s["r_low"]]
        lines.append(
            f"Результаты ниже ожидаемых при её социальных условиях: r ≤ {_n(s['r_low'])} "
            f"в {len(low)} из {window} последних лет ({', '.join(low)}); "
            f"нужно не меньше {s['low_years']}."
        )
    if "resilient" in flags:
        good = [
            e["year"]
            for e in years
            if e.get("high") or (e.get("r") is not None and e["r"] >= s["r_high"])
        ]
        lines.append(
            f"Резильентная школа: работает в неблагоприятных условиях (ШНСУ) и в {len(good)} "
            f"из {window} последних лет ({', '.join(good)}) входит в лучшие "
            f"{_pct(s['p_high'])} школ по R или r ≥ {_n(s['r_high'])}; резких скачков "
            "результатов нет — кандидат в школы-лидеры."
        )
    return lines


def _year(entry: dict[str, Any]) -> str:
    text = (
        f"{entry['year']}: R = {_n(entry['R'])} по {entry['cells']} ячейкам, место "
        f"{entry['rank']} снизу из {entry['N']} (низкие — первые {entry['low_limit']})"
    )
    if entry.get("r") is not None:
        text += f"; с учётом контекста r = {_n(entry['r'])}"
    cells = [
        f"{c['assessment']} {c['subject']}{' ' + str(c['grade']) + ' кл.' if c['grade'] else ''}: "
        f"не сдали {c['failed']} из {c['n']} ({_pct(c['share'])}, нижняя граница "
        f"{_pct(c['wilson_lower'])} выше медианы {_pct(c['group_median'])})"
        for c in entry.get("failing_cells", [])
    ]
    if cells:
        text += "; " + "; ".join(cells)
    return text + (" — низкий год." if entry.get("low") else ".")


def _adversity(adversity: dict[str, Any]) -> str:
    if adversity.get("A") is None:
        used = adversity.get("indicators_used", 0)
        return f"Индекс неблагоприятности не рассчитан: показателей контекста {used}."
    return (
        f"Индекс неблагоприятности A = {_n(adversity['A'])} по "
        f"{adversity['indicators_used']} показателям, место {adversity['rank']} сверху из "
        f"{adversity['N']} (ШНСУ — первые {adversity['limit']})."
    )
