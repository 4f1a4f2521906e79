"""What the preview of a report shows: the plan it goes into and each row's activity.

Kept apart from the views so that the preview page and the report's own confirm view
(`report_views.py`) both use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from orientir.accounts.access import editable
from orientir.imports.errors import ImportProblem
from orientir.imports.reports import NEW, SKIP, RowMatch, match_rows, report_plans
from orientir.imports.schema import ParsedDocument
from orientir.imports.services import ImportTarget, check_editable, import_target, refuse_locked
from orientir.imports.writing import label
from orientir.plans.models import Activity, Plan


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    selected: bool = False


@dataclass
class ReportPreview:
    """A report's rows against the plan they go into, and the choices for the unmatched."""

    plan: Plan
    plans: list[Plan]
    matches: list[RowMatch]
    activities: list[Activity]

    @property
    def may_add(self) -> bool:
        """Only a plan whose content may change (a draft, a returned plan) takes new activities."""
        return not self.plan.content_lock

    @property
    def rows(self) -> list[tuple[RowMatch, list[Option]]]:
        """Each row with its choices (none for a matched row)."""
        return [(m, [] if m.activity else self.options(m)) for m in self.matches]

    @property
    def unmatched(self) -> list[RowMatch]:
        return [match for match in self.matches if match.activity is None]

    def options(self, match: RowMatch) -> list[Option]:
        """The choices for an unmatched row, the best candidate first and chosen."""
        candidate = match.candidate
        default = f"id:{candidate.pk}" if candidate else (NEW if self.may_add else SKIP)
        options = []
        if candidate is not None:
            text = f"{label(candidate.number, candidate.title)} (сходство {match.percent} %)"
            options.append(Option(default, text, True))
        options.extend(
            Option(f"id:{activity.pk}", label(activity.number, activity.title))
            for activity in self.activities
            if activity != candidate
        )
        options.append(Option(SKIP, "— не загружать эту строку —", default == SKIP))
        if self.may_add:
            options.append(Option(NEW, "+ добавить новым мероприятием плана", default == NEW))
        return options


def chosen_plan_id(data: Mapping[str, Any]) -> int | None:
    value = str(data.get("plan") or "")
    return int(value) if value.isdigit() else None


def retarget(
    user: Any, parsed: ParsedDocument, found: ImportTarget, plan_id: int
) -> tuple[ImportTarget | None, str | None]:
    """The target for the plan the user chose among the territory's, or why it is refused."""
    try:
        chosen = import_target(
            parsed=parsed,
            region=found.region,
            municipality=found.municipality,
            organisation=found.school,
            plan_id=plan_id,
        )
        assert chosen.plan is not None
        check_editable(chosen.plan, user)
        refuse_locked(chosen.plan, parsed)
    except (ImportProblem, PermissionDenied) as error:
        return None, str(error)
    return chosen, None


def report_preview(
    user: Any, parsed: ParsedDocument | None, found: object, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Context for `imports/report_rows.html`: the rows matched to the plan (chosen in `data`).

    Returns nothing for a document that is not a report into an existing plan; with a plan
    chosen, also the `target` and `refusal` for it, to replace those found by default.
    """
    if parsed is None or parsed.kind != "report" or not isinstance(found, ImportTarget):
        return {}
    if found.plan is None:
        return {}
    context: dict[str, Any] = {}
    plan_id = chosen_plan_id(data)
    if plan_id is not None and plan_id != found.plan.pk:
        chosen, refusal = retarget(user, parsed, found, plan_id)
        context.update(target=chosen, refusal=refusal)
        if chosen is None:
            return context
        found = chosen
    assert found.plan is not None
    plans = report_plans(found.region, found.municipality, found.school)
    context["report"] = ReportPreview(
        plan=found.plan,
        # Only the plans a report may go into: those the user keeps, not all they see.
        plans=list(editable(plans, user).select_related("first_year", "last_year")),
        matches=match_rows(found.plan, parsed),
        activities=list(found.plan.activities.order_by("position", "pk")),
    )
    return context
