"""Russian wording in templates: dates, numbers, plural forms, deadlines.

The language rules live in `orientir.lib.russian`; these filters only adapt them to
template values (None, datetimes, decimals).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from orientir.lib.numbers import written
from orientir.lib.russian import format_date, format_date_short, plural

register = template.Library()


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return None


@register.filter
def ru_date(value: Any) -> str:
    """1 ноября 2018 г.; empty for no date."""
    day = _as_date(value)
    return format_date(day) if day else ""


@register.filter
def ru_date_short(value: Any) -> str:
    """01.11.2018; empty for no date."""
    day = _as_date(value)
    return format_date_short(day) if day else ""


@register.filter
def ru_plural(value: Any, forms: str) -> str:
    """{{ n|ru_plural:"школа,школы,школ" }} gives the word that goes after the number."""
    one, few, many = (part.strip() for part in forms.split(","))
    try:
        n = int(value)
    except (TypeError, ValueError):
        return many
    return plural(n, one, few, many)


@register.filter
def ru_number(value: Any) -> str:
    """0.680 → 0,68; 100.000 → 100: a decimal comma and no trailing zeros."""
    return written(value)


@register.filter
def deadline_understood(activity: Any) -> str:
    """Say how the system understood an activity's deadline, when that adds to the text.

    `Deadline.describe()` comes with the deadline parser; until it is there, nothing is
    added and the deadline is shown only as written.
    """
    describe = getattr(activity.deadline, "describe", None)
    if describe is None:
        return ""
    understood = str(describe()).strip()
    if understood.casefold() == (activity.deadline_text or "").strip().casefold():
        return ""
    return understood
