"""What the public page of a plan shows, and nothing more.

Only what a plan says of itself goes out: its passport, sections, activities, and for each
occurrence its date and description and the kind, number, date and title of its
documents. People appear by name and position only; e-mails and phones are never read.
Files and links are not published: evidence holds registration sheets with signatures and
photographs of children, and which of them may be public is not for this system to guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from orientir.execution.models import Document, Execution
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.selectors import SectionRow, passport, section_rows
from orientir.publication.models import Publication
from orientir.registry.models import Organisation, Person


@dataclass
class PublicPlanPage:
    plan: Plan
    publication: Publication
    passport: list[tuple[str, str]]
    rows: list[SectionRow]


def _public_activities(plan: Plan) -> list[Activity]:
    documents = Document.objects.only("pk", "execution_id", "kind", "number", "date", "title")
    executions = Execution.objects.only("pk", "activity_id", "date", "date_text", "description")
    return list(
        Activity.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("responsible_organisations", Organisation.objects.only("pk", "name")),
            Prefetch(
                "responsible_people",
                Person.objects.only("pk", "full_name", "short_name", "position"),
            ),
            Prefetch(
                "executions",
                executions.order_by("date", "pk").prefetch_related(
                    Prefetch("documents", documents.order_by("date", "pk"))
                ),
            ),
        )
        .order_by("position", "pk")
    )


def public_plan_page(slug: str) -> PublicPlanPage:
    """Return the public page of a published, approved plan, or raise 404."""
    publication = get_object_or_404(
        Publication.objects.public().select_related(
            "plan", "plan__owner", "plan__first_year", "plan__last_year"
        ),
        slug=slug,
    )
    plan = publication.plan
    sections = Section.objects.filter(plan=plan)
    return PublicPlanPage(
        plan=plan,
        publication=publication,
        passport=passport(plan),
        rows=section_rows(sections, _public_activities(plan), keep_empty=False),
    )
