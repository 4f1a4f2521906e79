"""Numbers of the effect pages written the Russian way: a comma, a true minus, a sign; and
the data a computation was made from, in words."""

from __future__ import annotations

from typing import Any

from django import template

from orientir.lib.numbers import signed
from orientir.lib.russian import plural

register = template.Library()

# The inputs' counts (`data.region_inputs`) in the order they are named, with their forms.
INPUTS = {
    "results": ("результат", "результата", "результатов", "оценочных процедур"),
    "context": ("значение", "значения", "значений", "показателей контекста"),
    "statuses": ("статус", "статуса", "статусов", "ШНОР и ШНСУ"),
    "schools": ("школа", "школы", "школ", ""),
}


@register.filter
def ru_signed(value: Any) -> str:
    """+0,12 and −0,05: an effect always shows its sign."""
    if value is None:
        return "—"
    return signed(float(value))


@register.filter
def ru_percent(value: Any) -> str:
    """0.125 → 13 %."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100):d} %"


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


@register.filter
def ru_inputs(counts: dict[str, int]) -> str:
    """«20 712 результатов оценочных процедур, 162 статуса ШНОР и ШНСУ, 527 школ»."""
    parts = []
    for key, (one, few, many, what) in INPUTS.items():
        if key in counts:
            n = counts[key]
            parts.append(" ".join(filter(None, [_count(n), plural(n, one, few, many), what])))
    return ", ".join(parts)


@register.filter
def ru_changes(before: dict[str, int], now: dict[str, int]) -> str:
    """What changed between two computations' counts: «результатов оценочных процедур —
    20 900 вместо 20 712»; the same counts mean that values were replaced in place."""
    changed = [
        f"{' '.join(filter(None, [many, what]))} — {_count(now[key])} вместо {_count(before[key])}"
        for key, (_, _, many, what) in INPUTS.items()
        if key in now and key in before and now[key] != before[key]
    ]
    return ", ".join(changed) if changed else "число данных то же, изменились сами значения"
