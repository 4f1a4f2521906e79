"""Who may change the rules of evidence: the regional coordinator, for their own region."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from orientir.accounts.access import get_region_or_404
from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.registry.models import Region


def get_region_for_rules(user: User) -> Region:
    """Return the region whose rules `user` reads: their own, or 404 if they have none."""
    return get_region_or_404(user, user.region_id)


def get_region_for_rule_edit(user: User) -> Region:
    """Return the region whose rules `user` changes: 403 unless its regional coordinator."""
    region = get_region_for_rules(user)
    if user.role != Role.REGIONAL_COORDINATOR:
        raise PermissionDenied("Правила подтверждения устанавливает региональный координатор.")
    return region
