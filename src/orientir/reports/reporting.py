"""The reporting calendar (seed 000, «Отчетные документы и сроки»): reads and writes.

The regional coordinator defines what is owed (`duty_create`); each municipality or target
school hands it in (`submission_upload`, or `submission_attach` for one of Ориентир's own
documents in one click); everyone reads the duties of the region, each for the territories
they see (`calendar_rows`, `duty_rows`): a region sees every municipality, a municipality
itself and its target schools, a school itself. A later hand-in never replaces an earlier
one: the duty is handed in on time if the first hand-in came by its due date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from orientir.accounts import rules
from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.execution.evidence import evidence_problem
from orientir.lib.filenames import original_name
from orientir.plans.models import Plan
from orientir.registry.models import Municipality, Organisation, Region, SchoolStatus
from orientir.reports import services
from orientir.reports.models import TARGET_STATUSES, ReportingDuty, Submission
from orientir.reports.plan_selectors import PLAN_RELATIONS

SOON_DAYS = 14
STANDINGS = {
    "handed_in": "сдан",
    "late": "сдан с опозданием",
    "missing": "не сдан, срок прошёл",
    "due": "ожидается",
}


@dataclass
class Owed:
    """One territory's part of a duty: who owes it and what they handed in."""

    duty: ReportingDuty
    municipality: Municipality
    school: Organisation | None
    today: dt.date
    submissions: list[Submission] = field(default_factory=list)  # newest first

    @property
    def owner_name(self) -> str:
        return self.school.short_name if self.school else self.municipality.name

    @property
    def latest(self) -> Submission | None:
        return self.submissions[0] if self.submissions else None

    @property
    def standing(self) -> str:
        if self.submissions:
            return "handed_in" if self.submissions[-1].on_time else "late"
        return "missing" if self.today > self.duty.due_date else "due"

    @property
    def standing_label(self) -> str:
        return STANDINGS[self.standing]


@dataclass
class CalendarRow:
    duty: ReportingDuty
    owed: list[Owed]

    @property
    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(STANDINGS, 0)
        for one in self.owed:
            counted[one.standing] += 1
        return counted


def _target_schools(user: User, region_ids: Iterable[int]) -> dict[int, list[Organisation]]:
    """The target schools the user sees, by academic year (one query)."""
    statuses = (
        visible(SchoolStatus, user)
        .filter(school__region__in=list(region_ids), status__in=TARGET_STATUSES)
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__short_name", "school__pk")
    )
    found: dict[int, dict[int, Organisation]] = defaultdict(dict)
    for status in statuses:
        found[status.academic_year_id].setdefault(status.school_id, status.school)
    return {year: list(schools.values()) for year, schools in found.items()}


def _owed(user: User, duties: list[ReportingDuty], today: dt.date) -> dict[int, list[Owed]]:
    """Each duty's parts that `user` sees, with their hand-ins: three queries for any number."""
    regions = {d.region_id for d in duties}
    municipalities = list(
        visible(Municipality, user).filter(region__in=regions).order_by("name", "pk")
    )
    schools = _target_schools(user, regions)
    handed: dict[tuple[int, int, int | None], list[Submission]] = defaultdict(list)
    for submission in (
        visible(Submission, user).filter(duty__in=duties).select_related("duty", "submitted_by")
    ):
        key = (submission.duty_id, submission.municipality_id, submission.school_id)
        handed[key].append(submission)
    owed: dict[int, list[Owed]] = {}
    for duty in duties:
        pairs: list[tuple[Municipality | None, Organisation | None]]
        if duty.owed_by == ReportingDuty.Owers.MUNICIPALITIES:
            pairs = [(m, None) for m in municipalities if m.region_id == duty.region_id]
        else:
            in_year = schools.get(duty.academic_year_id, [])
            pairs = [(s.municipality, s) for s in in_year if s.region_id == duty.region_id]
        owed[duty.pk] = [
            Owed(duty, m, s, today, handed.get((duty.pk, m.pk, s.pk if s else None), []))
            for m, s in pairs
            if m is not None
        ]
    return owed


def calendar_rows(user: User, today: dt.date) -> list[CalendarRow]:
    """Return the duties of the user's region, newest year first, each with its parts."""
    duties = list(
        visible(ReportingDuty, user)
        .select_related("academic_year", "region")
        .order_by("-academic_year__start_year", "due_date", "title", "pk")
    )
    owed = _owed(user, duties, today)
    return [CalendarRow(duty, owed[duty.pk]) for duty in duties]


def duty_rows(user: User, duty: ReportingDuty, today: dt.date) -> list[Owed]:
    return _owed(user, [duty], today)[duty.pk]


def own_part(user: User, duty: ReportingDuty) -> tuple[Municipality, Organisation | None]:
    """Return the territory the user hands `duty` in for, or raise ValidationError."""
    rules.check("hand_in_report", user, duty)  # the rule makes sure the user has the territory
    if duty.owed_by == ReportingDuty.Owers.MUNICIPALITIES:
        return Municipality.objects.get(pk=int(user.municipality_id or 0)), None
    school = Organisation.objects.select_related("municipality").get(
        pk=int(user.organisation_id or 0)
    )
    target = SchoolStatus.objects.filter(
        school=school, academic_year=duty.academic_year_id, status__in=TARGET_STATUSES
    )
    if not target.exists() or school.municipality is None:
        raise ValidationError(
            f"Ваша школа не входит в число целевых в {duty.academic_year.name} учебном году: "
            "этот документ она не сдаёт."
        )
    return school.municipality, school


# ---------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------

DUTY_FIELDS = ("academic_year", "title", "contents", "due_date", "owed_by", "export")


def duty_create(*, actor: User, region: Region, values: Mapping[str, Any]) -> ReportingDuty:
    """Ask every municipality or target school of `region` for a document; audit it."""
    rules.check("define_reporting_duties", actor, region)
    with transaction.atomic():
        duty = ReportingDuty.objects.create(
            region=region, created_by=actor, **{k: values[k] for k in DUTY_FIELDS}
        )
        changes = {k: str(getattr(duty, k)) for k in DUTY_FIELDS}
        record(actor=actor, action="reporting_duty.create", obj=duty, changes=changes)
    return duty


def _hand_in(actor: User, duty: ReportingDuty, name: str, content: Any, source: str) -> Submission:
    municipality, school = own_part(actor, duty)
    with transaction.atomic():
        submission = Submission(
            duty=duty,
            municipality=municipality,
            school=school,
            original_name=original_name(name),
            source=source,
            submitted_by=actor,
        )
        submission.file.save(name, content, save=False)
        submission.save()
        changes = {"duty": duty.title, "file": submission.original_name, "source": source}
        record(actor=actor, action="submission.create", obj=submission, changes=changes)
    return submission


def submission_upload(*, actor: User, duty: ReportingDuty, upload: UploadedFile) -> Submission:
    """Hand in `duty` as a file, checked as evidence is (its content, its size)."""
    own_part(actor, duty)  # who may, before the file is read
    name = upload.name or "документ"
    stream: Any = upload
    problem = evidence_problem(name, upload.size or 0, stream, settings.ORIENTIR_EVIDENCE_MAX_BYTES)
    if problem:
        raise ValidationError(problem)
    return _hand_in(actor, duty, name, upload, Submission.Source.UPLOAD)


def submission_attach(*, actor: User, duty: ReportingDuty, fmt: str, url: str) -> Submission:
    """Hand in `duty` as Ориентир's own document (the duty says which) in format `fmt`."""
    municipality, school = own_part(actor, duty)
    try:
        if duty.export == ReportingDuty.Export.EXECUTION_REPORT and school is None:
            found = services.report_export(
                actor=actor,
                municipality=municipality,
                year=duty.academic_year,
                fmt=fmt,
                url=url,
            )
        elif duty.export == ReportingDuty.Export.PLAN:
            found = services.plan_export(
                actor=actor, plan=_own_plan(duty, municipality, school), fmt=fmt
            )
        else:
            raise ValidationError("Этот документ сдаётся файлом.")
    except services.ExportProblem as problem:
        raise ValidationError(str(problem)) from problem
    return _hand_in(actor, duty, found.name, ContentFile(found.data), Submission.Source.EXPORT)


def _own_plan(duty: ReportingDuty, municipality: Municipality, school: Organisation | None) -> Plan:
    """The road map of the municipality, or the school's programme, of the duty's year."""
    start = duty.academic_year.start_year
    plan = (
        Plan.objects.select_related(*PLAN_RELATIONS)
        .filter(municipality=municipality, school=school)
        .filter(kind=Plan.Kind.SCHOOL_PROGRAMME if school else Plan.Kind.ROADMAP)
        .filter(first_year__start_year__lte=start, last_year__start_year__gte=start)
        .exclude(state=Plan.State.ARCHIVED)
        .order_by("-first_year__start_year", "-pk")
        .first()
    )
    if plan is None:
        what = "программы перехода школы" if school else "дорожной карты муниципалитета"
        raise ValidationError(f"В Ориентире нет {what} на {duty.academic_year.name} учебный год.")
    return plan


# ---------------------------------------------------------------------------------------
# For the notifications: what a user still owes, due soon or late
# ---------------------------------------------------------------------------------------


def owed_by(user: User, today: dt.date) -> models.QuerySet[ReportingDuty]:
    """Return the duties `user` hands in, not yet handed in, due within two weeks or late."""
    level = rules.reporting_level(user)
    if level is None or not user.region_id:
        return ReportingDuty.objects.none()
    mine = Submission.objects.filter(duty=OuterRef("pk"))
    if level == ReportingDuty.Owers.MUNICIPALITIES:
        mine = mine.filter(municipality=user.municipality_id, school__isnull=True)
        owes = Q()
    else:
        mine = mine.filter(school=user.organisation_id)
        target = SchoolStatus.objects.filter(
            school=user.organisation_id,
            academic_year=OuterRef("academic_year"),
            status__in=TARGET_STATUSES,
        )
        owes = Q(Exists(target))
    return (
        ReportingDuty.objects.filter(region=user.region_id, owed_by=level)
        .filter(owes, due_date__lte=today + dt.timedelta(days=SOON_DAYS))
        .exclude(Exists(mine))
    )
