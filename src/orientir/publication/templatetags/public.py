"""Filters for the public pages."""

from __future__ import annotations

import re

from django import template

register = template.Library()

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Russian numbers as people write them: +7 (861) 123-45-67, 8 918 123 45 67, 8-86137-2-15-46.
PHONE = re.compile(r"(?<!\d)(?:\+7|8)[\s\-(]*\d(?:[\s\-()]*\d){9}(?!\.?\d)")
HIDDEN = "[скрыто]"


@register.filter
def without_contacts(value: object) -> str:
    """Hide e-mail addresses and phone numbers that were typed into free text."""
    text = "" if value is None else str(value)
    return PHONE.sub(HIDDEN, EMAIL.sub(HIDDEN, text))
