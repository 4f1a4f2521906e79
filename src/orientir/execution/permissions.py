"""The region whose rules of evidence a user reads or changes (rules `read_evidence_rules`,
`edit_evidence_rules` of `accounts.rules`)."""

from __future__ import annotations

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.registry.models import Region
from orientir.registry.regions import get_region_or_404


def get_region_for_rules(user: User) -> Region:
    """Return the region whose rules `user` reads: their own, or 404 if they have none."""
    region = get_region_or_404(user, user.region_id)
    rules.check("read_evidence_rules", user)
    return region


def get_region_for_rule_edit(user: User) -> Region:
    """Return the region whose rules `user` changes: 403 unless its regional coordinator."""
    region = get_region_for_rules(user)
    rules.check("edit_evidence_rules", user)
    return region
