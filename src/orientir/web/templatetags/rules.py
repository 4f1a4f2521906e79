"""Ask the rulebook from a template: `{% can "approve_identification" as may_approve %}`.

The one way templates decide what to offer; the decision itself is `accounts.rules`'.
"""

from __future__ import annotations

from typing import Any

from django import template

from orientir.accounts import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, rule: str, obj: Any = None) -> bool:
    """Whether the request's user may do `rule` (to `obj`, where it concerns one)."""
    return rules.allows(rule, context["request"].user, obj)
