"""Russian names for the codes the importer's JSON uses (CONTRACTS.md keeps the codes)."""

from __future__ import annotations

from django import template

from orientir.execution.models import Document
from orientir.imports.forms import KIND_CHOICES

register = template.Library()

_KINDS = dict(KIND_CHOICES)
_DOCUMENT_KINDS = dict(Document.Kind.choices)


@register.filter
def document_kind_label(code: str) -> str:
    """order → «приказ»: the name of a kind of evidence document."""
    return str(_DOCUMENT_KINDS.get(code, code))


@register.filter
def plan_kind_label(code: str) -> str:
    """roadmap → «муниципальная дорожная карта»: the name of a kind of imported document."""
    return str(_KINDS.get(code) or code)
