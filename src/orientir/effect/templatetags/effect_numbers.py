"""Numbers of the effect pages written the Russian way: a comma, a true minus, a sign."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def ru_signed(value: Any) -> str:
    """+0,12 and −0,05: an effect always shows its sign."""
    if value is None:
        return "—"
    return f"{float(value):+.2f}".replace(".", ",").replace("-", "−")


@register.filter
def ru_percent(value: Any) -> str:
    """0.125 → 13 %."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100):d} %"
