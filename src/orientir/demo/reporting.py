"""The demo's reporting calendar: seed 000's «Отчетные документы и сроки», around today."""

from __future__ import annotations

import datetime as dt

from orientir.registry.models import AcademicYear, Region
from orientir.reports.models import ReportingDuty

Owers = ReportingDuty.Owers
Export = ReportingDuty.Export
# (title, what it must contain, days from today, who owes it, the one-click export)
DUTIES = (
    (
        "Муниципальная дорожная карта",
        "Подписывается руководителем управления образования муниципалитета и сдаётся "
        "в печатном и электронном (сканированном) виде.",
        -10,
        Owers.MUNICIPALITIES,
        Export.PLAN,
    ),
    (
        "Программа перехода школы в эффективный режим функционирования",
        "Утверждается директором школы и согласовывается с управлением образования муниципалитета.",
        -10,
        Owers.TARGET_SCHOOLS,
        Export.PLAN,
    ),
    (
        "Отчёт о выполнении мероприятий дорожной карты за полугодие",
        "По образцу отчёта муниципалитета: мероприятия, даты, ответственные, аудитория, "
        "подтверждающие документы.",
        10,
        Owers.MUNICIPALITIES,
        Export.EXECUTION_REPORT,
    ),
    (
        "Материалы муниципального семинара",
        "Письмо о проведении семинара, программа, пресс-релиз, не менее 5 фотографий, "
        "материалы (презентации, доклады), листы регистрации.",
        30,
        Owers.MUNICIPALITIES,
        Export.NONE,
    ),
)


def make_reporting(region: Region, year: AcademicYear, today: dt.date) -> None:
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            region=region,
            academic_year=year,
            title=title,
            contents=contents,
            due_date=today + dt.timedelta(days=days),
            owed_by=owed_by,
            export=export,
        )
        for title, contents, days, owed_by, export in DUTIES
    )
