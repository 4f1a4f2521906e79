"""Gather a plan as a document (seeds 001, 004): a fixed number of queries for any size."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from orientir.indicators.models import Indicator, IndicatorValue
from orientir.lib.russian import format_date
from orientir.plans.models import PASSPORT_FIELDS, Activity, Plan, PlanTransition, Section
from orientir.reports.abbreviations import used_abbreviations
from orientir.reports.documents import (
    Approval,
    IndicatorGroup,
    IndicatorRow,
    PlanDocument,
    PlanRow,
    Signature,
)

HEADINGS = {
    Plan.Kind.REGIONAL_PLAN: ("ПЛАН", "план"),
    Plan.Kind.ROADMAP: ("ДОРОЖНАЯ КАРТА", "дорожная карта"),
    Plan.Kind.SCHOOL_PROGRAMME: ("ПРОГРАММА", "программа"),
    Plan.Kind.PARTNERSHIP_PLAN: ("ПЛАН", "план"),
}
BLANK_DATE = "«___» ____________ 20__ г."
BLANK_ORDER = "от ______________ № ______"


def heading_and_title(plan: Plan) -> tuple[str, str]:
    """Split «Дорожная карта по …» into the heading «ДОРОЖНАЯ КАРТА» and «по …»."""
    heading, word = HEADINGS.get(Plan.Kind(plan.kind), ("ПЛАН", "план"))
    title = plan.title.strip()
    if title.lower().startswith(word):
        title = title[len(word) :].strip()
    if not re.search(r"20\d\d", title):
        title = f"{title} на {plan.years_label}"
    return heading, title


def approval(plan: Plan, approved_on: str) -> Approval:
    """«УТВЕРЖДЁН приказом … от … №» for a plan of an authority, «УТВЕРЖДАЮ» for a school's."""
    if plan.kind == Plan.Kind.SCHOOL_PROGRAMME:
        school = plan.school or plan.owner
        return Approval(
            "УТВЕРЖДАЮ",
            (
                f"Директор {school.short_name}",
                f"____________ {school.head_name}".rstrip(),
                approved_on,
            ),
        )
    if plan.approval_text:
        return Approval("УТВЕРЖДЁН", (plan.approval_text,))
    return Approval("УТВЕРЖДЁН", (f"приказом {plan.owner.short_name}", BLANK_ORDER))


def passport(plan: Plan) -> list[tuple[str, str]]:
    """The passport's filled fields, labelled as the road map's form labels them."""
    found = []
    for name in PASSPORT_FIELDS:
        value = getattr(plan, name).strip()
        if not value:
            continue
        label = str(getattr(Plan._meta.get_field(name), "verbose_name", name))
        found.append((label[:1].upper() + label[1:], value))
    return found


def number_text(value: Decimal | None) -> str:
    """Write 4.100 as «4,1» and 100.000 as «100»."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def indicator_groups(plan: Plan, years: list[str]) -> list[IndicatorGroup]:
    """Indicators by group, with the planned value of each academic year; two queries."""
    indicators = list(Indicator.objects.filter(plan=plan).order_by("position", "pk"))
    values: dict[int, dict[str, str]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(indicator__plan=plan).select_related("academic_year")
    for value in rows:
        values[value.indicator_id][value.academic_year.name] = number_text(value.planned)
    groups: dict[str, list[IndicatorRow]] = {}
    for indicator in indicators:
        title = indicator.group_text or indicator.get_group_display()
        row = IndicatorRow(
            indicator.name,
            indicator.unit,
            tuple(values[indicator.pk].get(year, "") for year in years),
        )
        groups.setdefault(title, []).append(row)
    return [IndicatorGroup(title, tuple(rows)) for title, rows in groups.items()]


def activity_row(activity: Activity) -> PlanRow:
    return PlanRow(
        number=activity.number,
        title=activity.title,
        deadline=activity.deadline_text,
        responsible=activity.responsible_text,
        planned_result=activity.planned_result,
        execution_mark=activity.execution_mark,
    )


def activity_rows(plan: Plan) -> list[PlanRow]:
    """Sections in their order, each followed by its activities; two queries."""
    sections = list(Section.objects.filter(plan=plan).order_by("position", "pk"))
    by_section: dict[int | None, list[Activity]] = defaultdict(list)
    for activity in Activity.objects.filter(plan=plan).order_by("position", "pk"):
        by_section[activity.section_id].append(activity)
    rows = [activity_row(a) for a in by_section.pop(None, [])]
    for section in sections:
        rows.append(PlanRow(section.number, section.title, is_section=True))
        rows.extend(activity_row(a) for a in by_section.get(section.pk, []))
    return rows


def approved_on(plan: Plan) -> str:
    step = (
        PlanTransition.objects.filter(plan=plan, to_state=Plan.State.APPROVED)
        .order_by("-at", "-pk")
        .first()
    )
    return format_date(step.at.date()) if step is not None else BLANK_DATE


SIGNERS = {
    Plan.Kind.REGIONAL_PLAN: "Руководитель регионального органа управления образованием",
    Plan.Kind.ROADMAP: "Руководитель муниципального органа управления образованием",
}


def signer(plan: Plan) -> Signature:
    """Who signs: the director of a school, else the head of the authority that keeps it."""
    if plan.kind == Plan.Kind.SCHOOL_PROGRAMME and plan.school is not None:
        return Signature(f"Директор {plan.school.short_name}", plan.school.head_name)
    position = SIGNERS.get(Plan.Kind(plan.kind), "Руководитель")
    return Signature(f"{position}\n{plan.owner.name}", plan.owner.head_name)


def texts_of(document: PlanDocument) -> list[str]:
    texts = [document.title, *(value for _, value in document.passport)]
    for row in document.rows:
        texts += [row.title, row.responsible, row.planned_result, row.execution_mark]
    for group in document.indicators:
        texts += [group.title, *(row.name for row in group.rows)]
    return texts


def plan_document(plan: Plan) -> PlanDocument:
    """Return `plan` (fetched with its owner, years and school) as a document; six queries."""
    heading, title = heading_and_title(plan)
    years = plan.academic_year_names
    document = PlanDocument(
        kind=plan.kind,
        title=title,
        heading=heading,
        approval=approval(plan, approved_on(plan)),
        passport=passport(plan),
        years=years,
        indicators=indicator_groups(plan, years),
        rows=activity_rows(plan),
        signature=signer(plan),
    )
    document.abbreviations = used_abbreviations(texts_of(document))
    return document


# What a plan's document names besides the plan: fetch the plan with these, in one query.
PLAN_RELATIONS = ("owner", "region", "municipality", "school", "first_year", "last_year")
