"""Which dashboard the menu offers a user: the region's, the curator's or their territory's."""

from __future__ import annotations

from orientir.accounts import rules
from orientir.accounts.models import User


def own_dashboard(user: User) -> tuple[str, list[int]] | None:
    """The URL name and arguments of the user's own dashboard, or None if they have none."""
    if rules.allows("see_region_dashboard", user) and user.region_id:
        return "dashboard-region", [user.region_id]
    if rules.allows("see_curator_dashboard", user):
        return "dashboard-curator", []
    own = rules.home(user)
    if own is not None and own[0] in ("municipality", "school") and own[1]:
        return f"dashboard-{own[0]}", [own[1]]
    return None
