"""Filters for the public pages."""

from __future__ import annotations

from django import template

from orientir.lib.scrub import scrub_contacts

register = template.Library()


@register.filter
def without_contacts(value: object) -> str:
    """Hide phones, e-mails and home addresses typed into free text (every field shown)."""
    return scrub_contacts(value)
