"""Import a parsed document into the database: all or nothing, with one audit row.

What a document becomes:

- a `regional_plan`, `roadmap` or `school_programme` is a Plan of that kind with its
  passport, nested sections, activities (deadline as written and as parsed) and target
  indicators with planned values per academic year;
- a `report` adds, to each activity of the plan it reports on (the territory's road map, or
  the regional plan, or the school's programme, preferring the one covering the report's
  year, or the one the user chose), one Execution per row with the row's confirming
  Documents. A row matching no activity goes where the user assigns it; only a plan whose
  content may change takes it as a new activity (see `reports.py`). Without any such plan,
  a plan is created from the report's rows (a road map for a municipality, else a regional
  plan).

Importing again does not duplicate. A plan document updates in place (see `writing.py`) the
plan of the same kind, territory and first academic year that this file was imported into
before, or that has the same title; the changes are returned and audited. Only that plan:
the same file imported for another territory or year makes a plan of its own. The same
report file twice for one territory is refused; a report's rows already recorded are skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from orientir.audit.models import record
from orientir.imports.errors import ImportProblem
from orientir.imports.models import ImportRecord
from orientir.imports.reports import find_report_plan, report_plans, write_report
from orientir.imports.schema import ParsedDocument
from orientir.imports.territory import (
    find_municipality,
    find_region,
    find_school,
    owner_for,
)
from orientir.imports.writing import (
    Changes,
    academic_year,
    fit,
    write_activities,
    write_indicators,
    write_sections,
)
from orientir.plans.models import PASSPORT_FIELDS, Plan, today
from orientir.plans.progress import current_start_year
from orientir.registry.models import Municipality, Organisation, Region


@dataclass
class ImportResult:
    plan: Plan
    mode: str
    changes: Changes = field(default_factory=Changes)
    warnings: list[str] = field(default_factory=list)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_kind(parsed: ParsedDocument, municipality: Municipality | None, school: Any) -> str:
    """Return the Plan kind a document becomes (a report makes the plan it reports on)."""
    if parsed.kind != "report":
        return parsed.kind
    if school is not None:
        return Plan.Kind.SCHOOL_PROGRAMME
    return Plan.Kind.ROADMAP if municipality is not None else Plan.Kind.REGIONAL_PLAN


def check_territory(kind: str, municipality: Municipality | None, school: Any) -> None:
    """Refuse a territory that does not fit the kind of plan, in Russian."""
    if kind == Plan.Kind.REGIONAL_PLAN and municipality is not None:
        raise ImportProblem(
            "Региональный план относится ко всему региону: не указывайте муниципалитет "
            "(или укажите вид документа roadmap)."
        )
    if kind == Plan.Kind.ROADMAP and municipality is None:
        raise ImportProblem("Для дорожной карты укажите муниципалитет.")
    if kind != Plan.Kind.SCHOOL_PROGRAMME and school is not None:
        raise ImportProblem(
            "Школа ведёт только свою программу перехода: выберите вид документа "
            "school_programme или отчёт."
        )
    if kind == Plan.Kind.SCHOOL_PROGRAMME and school is None:
        raise ImportProblem("Для программы перехода укажите школу.")


def years_of(parsed: ParsedDocument) -> tuple[int, int]:
    if not parsed.academic_years:
        raise ImportProblem(
            f"«{fit(parsed.title, 80)}»: не удалось определить учебный год — укажите его "
            "(--year 2018/2019)."
        )
    return int(parsed.academic_years[0][:4]), int(parsed.academic_years[-1][:4])


def existing_plan(
    parsed: ParsedDocument, kind: str, region: Region, where: dict[str, Any], digest: str
) -> Plan | None:
    """Return the plan of this territory, level and first year the document updates, if any.

    That is the plan this very file was imported into before, else the one with the same
    title. A plan of another territory or year is never the one: the same file imported for
    another municipality (or year) makes that municipality's own plan.
    """
    first, _ = years_of(parsed)
    same_place = Plan.objects.filter(
        kind=kind, region=region, first_year__start_year=first, **where
    )
    if digest:
        earlier = (
            ImportRecord.objects.filter(file_hash=digest, plan__in=same_place)
            .exclude(mode=ImportRecord.Mode.REPORT)
            .select_related("plan")
            .first()
        )
        if earlier is not None:
            return earlier.plan
    return same_place.filter(title__iexact=fit(parsed.title, 1000)).first()


@dataclass
class ImportTarget:
    """Where a document goes: the plan it updates or reports on, or None for a new plan."""

    kind: str
    plan: Plan | None
    region: Region
    municipality: Municipality | None
    school: Organisation | None
    first_year: int

    @property
    def where(self) -> dict[str, Any]:
        return {"municipality": self.municipality, "school": self.school}

    @property
    def kind_label(self) -> str:
        return str(Plan.Kind(self.kind).label)

    @property
    def territory_label(self) -> str:
        return str(self.school or self.municipality or self.region)

    @property
    def year_label(self) -> str:
        return f"{self.first_year}/{self.first_year + 1}"


def import_target(
    *,
    parsed: ParsedDocument,
    region: Region,
    municipality: Municipality | None,
    organisation: Organisation | None = None,
    digest: str = "",
    plan_id: int | None = None,
) -> ImportTarget:
    """Say, writing nothing, which plan an import of `parsed` would create or change.

    A report goes into the plan `plan_id` when the user chose one of the territory's plans.
    Raises ImportProblem for a document that does not fit the territory or has no year.
    """
    kind = plan_kind(parsed, municipality, organisation)
    check_territory(kind, municipality, organisation)
    where = {"municipality": municipality, "school": organisation}
    first, _ = years_of(parsed)
    if parsed.kind == "report" and plan_id is not None:
        plan = report_plans(region, municipality, organisation).filter(pk=plan_id).first()
        if plan is None:
            raise ImportProblem("Выбранный план не относится к территории отчёта.")
    elif parsed.kind == "report":
        plan = find_report_plan(region, municipality, organisation, first)
    else:
        plan = existing_plan(parsed, kind, region, where, digest)
    return ImportTarget(kind, plan, region, municipality, organisation, first)


def new_plan(
    parsed: ParsedDocument, kind: str, region: Region, owner: Organisation, where: dict[str, Any]
) -> Plan:
    first, last = years_of(parsed)
    return Plan(
        kind=kind,
        title=fit(parsed.title, 1000) or "План без названия",
        region=region,
        owner=owner,
        first_year=academic_year(f"{first}"),
        last_year=academic_year(f"{max(first, last)}"),
        **where,
    )


def fill_passport(plan: Plan, parsed: ParsedDocument) -> None:
    plan.approval_text = fit(parsed.approval_text, 500)
    for name in PASSPORT_FIELDS:
        setattr(plan, name, parsed.passport.get(name, ""))


def check_editable(plan: Plan, actor: Any) -> None:
    """Let the territory rule decide: only who may change the plan may import into it."""
    if actor is not None and not Plan.objects.editable_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied("Импортировать в этот план может только тот, кто его ведёт.")


def refuse_repeated_report(digest: str, target: ImportTarget) -> None:
    """Refuse a report file loaded before for the same territory (another may load it too)."""
    earlier = ImportRecord.objects.filter(
        file_hash=digest,
        mode=ImportRecord.Mode.REPORT,
        plan__region=target.region,
        plan__municipality=target.municipality,
        plan__school=target.school,
    ).first()
    if digest and earlier is not None:
        raise ImportProblem(
            f"Этот отчёт ({earlier.file_name}) уже загружен {earlier.created_at:%d.%m.%Y} "
            f"в план № {earlier.plan_id}: повторная загрузка ничего не добавит."
        )


def check_import(*, target: ImportTarget, parsed: ParsedDocument, actor: Any, digest: str) -> None:
    """Refuse, before anything is written, an import into a plan that does not allow it.

    Raises PermissionDenied when it is not the user's plan, ImportProblem for a report loaded
    before or a plan whose state keeps its content (see `refuse_locked`).
    """
    if parsed.kind == "report":
        refuse_repeated_report(digest, target)
    if target.plan is not None:
        check_editable(target.plan, actor)
        refuse_locked(target.plan, parsed)


def refuse_locked(plan: Plan, parsed: ParsedDocument) -> None:
    """Refuse to change the content of a plan under review, approved or archived.

    A plan document rewrites the content, so it is refused outright. A report only adds
    executions, which are reported in every state but the archive; its rows that match no
    activity wait for the user's choice (`reports.py` refuses them unassigned).
    """
    reason = plan.content_lock
    if reason and (parsed.kind != "report" or plan.state == Plan.State.ARCHIVED):
        raise ImportProblem(f"{reason} Импорт ничего не изменил.")


def years_ended(parsed: ParsedDocument) -> bool:
    """Whether every academic year of the document is before the current one."""
    if not parsed.academic_years or parsed.kind == "report":
        return False
    return years_of(parsed)[1] < current_start_year(today())


def check_historical(parsed: ParsedDocument) -> None:
    """A historical record is a plan document of years that have all ended."""
    if parsed.kind == "report":
        raise ImportProblem("Как архивный документ прошлых лет загружается план, не отчёт.")
    if not years_ended(parsed):
        years = ", ".join(parsed.academic_years) or "не определены"
        raise ImportProblem(
            f"Учебные годы документа ({years}) ещё не закончились: как архивный документ "
            "прошлых лет его загрузить нельзя."
        )


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedDocument,
    actor: Any,
    region: Region,
    municipality: Municipality | None,
    organisation: Organisation | None = None,
    file_name: str = "",
    digest: str = "",
    actor_label: str = "",
    plan_id: int | None = None,
    assignments: Mapping[int, str] | None = None,
    historical: bool = False,
) -> ImportResult:
    """Import `parsed` for `region`/`municipality` (and the school `organisation`), whole.

    Raises ImportProblem for a document that does not fit the territory, PermissionDenied
    when `actor` may not change the plan; either way nothing is written. `actor_label`
    names who imported when `actor` is None (a command run without `--actor`). A report
    goes into the plan `plan_id` when given, its unmatched rows where `assignments` say
    (see `reports.write_report`). `historical`: a plan of past years, stored in the archive
    (`check_historical`): never overdue, out of the current year's figures and
    notifications, kept for the record.
    """
    if historical:
        check_historical(parsed)
    target = import_target(
        parsed=parsed,
        region=region,
        municipality=municipality,
        organisation=organisation,
        digest=digest,
        plan_id=plan_id,
    )
    check_import(target=target, parsed=parsed, actor=actor, digest=digest)
    if parsed.kind == "report":
        result = import_report(parsed, actor, target, assignments or {})
    else:
        result = import_plan(parsed, actor, target)
    if historical:
        result.plan.state = Plan.State.ARCHIVED
        result.plan.save(update_fields=["state", "updated_at"])
    ImportRecord.objects.create(
        plan=result.plan,
        file_name=fit(file_name, 500),
        file_hash=digest,
        kind=parsed.kind,
        title=fit(parsed.title, 1000),
        mode=result.mode,
        changes=result.changes.as_json(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    changes = {"file": file_name, "kind": parsed.kind, **result.changes.as_json()}
    changes["activities"] = len(parsed.activities)
    if historical:
        changes["historical"] = True
    record(
        actor=actor,
        action=f"import.{result.mode}",
        obj=result.plan,
        changes=changes,
        actor_label=actor_label,
    )
    return result


def import_plan(parsed: ParsedDocument, actor: Any, target: ImportTarget) -> ImportResult:
    """Create the plan, or update the one of the same territory and year imported before."""
    plan = target.plan
    mode = ImportRecord.Mode.UPDATED if plan else ImportRecord.Mode.CREATED
    if plan is None:
        owner = owner_for(target.kind, target.region, target.municipality, target.school)
        plan = new_plan(parsed, target.kind, target.region, owner, target.where)
    fill_passport(plan, parsed)
    plan.save()
    if mode == ImportRecord.Mode.CREATED:
        check_editable(plan, actor)  # the rule is asked of the stored plan; all rolls back
    changes = Changes()
    sections = write_sections(plan, parsed)
    write_activities(plan, parsed, sections, changes)
    write_indicators(plan, parsed.indicators)
    return ImportResult(plan, mode, changes)


def import_report(
    parsed: ParsedDocument, actor: Any, target: ImportTarget, assignments: Mapping[int, str]
) -> ImportResult:
    """Add a report's rows to the plan it reports on, creating that plan when there is none."""
    plan = target.plan
    created = plan is None
    if plan is None:
        owner = owner_for(target.kind, target.region, target.municipality, target.school)
        plan = new_plan(parsed, target.kind, target.region, owner, target.where)
        plan.save()
        check_editable(plan, actor)  # the rule is asked of the stored plan; all rolls back
    changes = Changes()
    warnings = write_report(plan, parsed, actor, changes, assignments=assignments)
    if created:
        changes.added, warnings = [], []
    return ImportResult(plan, ImportRecord.Mode.REPORT, changes, warnings)


def region_of(option: str | None, parsed: ParsedDocument) -> Region:
    """Return the region an option names, else the document's region code, else the only one."""
    if option or not parsed.region_code:
        return find_region(option)
    try:
        return find_region(parsed.region_code)
    except ImportProblem:
        return find_region(None)


def import_from_command(
    parsed: ParsedDocument,
    *,
    region: str | None,
    municipality: str | None,
    school: str | None = None,
    file_name: str = "",
    digest: str = "",
    actor: Any = None,
    actor_label: str = "",
    assignments: Mapping[int, str] | None = None,
    historical: bool = False,
) -> ImportResult:
    """Import for `orientir import`: the territory is named by the options or the document.

    `actor` is the user of `--actor` (whose territory rule then applies), else None with
    `actor_label` naming the OS user; `assignments` are `--assign ROW=NUMBER` choices.
    """
    found_region = region_of(region, parsed)
    found_municipality = find_municipality(found_region, municipality or parsed.municipality)
    found_school = None
    if parsed.kind == "school_programme" or school:
        found_school = find_school(found_region, found_municipality, school)
        found_municipality = found_school.municipality
    return plan_import(
        parsed=parsed,
        actor=actor,
        actor_label=actor_label,
        region=found_region,
        municipality=found_municipality,
        organisation=found_school,
        file_name=file_name,
        digest=digest,
        assignments=assignments,
        historical=historical,
    )
