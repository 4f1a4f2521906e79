"""`orientir export` — the documents of Ориентир as files: reports, plans, the region's workbook.

    orientir export report --municipality M --year 2020/2021 --format xlsx|docx|pdf [-o FILE]
    orientir export plan ID --format xlsx|docx|pdf [-o FILE]
    orientir export region-report --year 2020/2021 [--region R] [-o FILE]
    orientir export collection --year 2020/2021 [--region R] [--format docx|pdf] [-o FILE]

Bad input (an unknown municipality, a malformed year) is a one-line Russian message on
stderr and exit status 2 (CONTRACTS.md); the path written is printed on stdout.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.lib.cli import FAILURE, fail
from orientir.plans.models import Plan, today
from orientir.registry.models import AcademicYear, Municipality, Region
from orientir.reports import services
from orientir.reports.plan_selectors import PLAN_RELATIONS

_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


def academic_year(text: str) -> AcademicYear:
    match = _YEAR.match(text.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        fail(f"Учебный год «{text}» записан неверно: нужен вид 2020/2021.")
    found = AcademicYear.objects.filter(start_year=int(match[1])).first()
    if found is None:
        fail(f"Учебного года {text} нет в реестре: планов на него нет.")
    return found


def region(text: str | None) -> Region:
    if text:
        found = Region.objects.filter(code=text.strip()).first() or (
            Region.objects.filter(name__iexact=text.strip()).first()
        )
        if found is None:
            fail(f"Регион «{text}» не найден (укажите код или название).")
        return found
    regions = list(Region.objects.all()[:2])
    if len(regions) != 1:
        fail("Укажите регион: --region с кодом или названием." if regions else "Регионов нет.")
    return regions[0]


def municipality(text: str, region_text: str | None) -> Municipality:
    found = Municipality.objects.select_related("region")
    if region_text:
        found = found.filter(region=region(region_text))
    matches = list(found.filter(name__iexact=text.strip())[:2])
    if not matches and text.strip().isdigit():
        matches = list(found.filter(pk=int(text))[:1])
    if not matches:
        matches = list(found.filter(name__icontains=text.strip())[:2])
    if len(matches) != 1:
        reason = "не найден" if not matches else "назван неоднозначно (уточните --region)"
        fail(f"Муниципалитет «{text}» {reason}.")
    return matches[0]


class Command(BaseCommand):
    help = "Выгрузить документ: отчёт об исполнении, план, сводный отчёт региона"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(
            dest="what", required=True, metavar="report|plan|region-report|collection"
        )
        report = kinds.add_parser("report", help="отчёт о выполнении дорожной карты (образец 002)")
        report.add_argument("--municipality", required=True, help="название муниципалитета")
        report.add_argument("--region", help="код или название региона")
        report.add_argument("--year", required=True, help="учебный год, 2020/2021")
        report.add_argument("--format", default="xlsx", help="xlsx, docx или pdf")
        report.add_argument("-o", "--output", help="файл, куда записать")
        plan = kinds.add_parser("plan", help="план, дорожная карта или программа перехода")
        plan.add_argument("id", help="номер плана (как в адресе его страницы)")
        plan.add_argument("--format", default="docx", help="xlsx, docx или pdf")
        plan.add_argument("-o", "--output", help="файл, куда записать")
        whole = kinds.add_parser("region-report", help="сводный отчёт региона (xlsx)")
        whole.add_argument("--year", required=True, help="учебный год, 2020/2021")
        whole.add_argument("--region", help="код или название региона")
        whole.add_argument("-o", "--output", help="файл, куда записать")
        book = kinds.add_parser("collection", help="методический сборник (docx или pdf)")
        book.add_argument("--year", required=True, help="учебный год, 2020/2021")
        book.add_argument("--region", help="код или название региона")
        book.add_argument("--format", default="docx", help="docx или pdf")
        book.add_argument("-o", "--output", help="файл, куда записать")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = self.export(options)
        except services.ExportProblem as problem:
            fail(str(problem))
        except Exception as error:
            fail(f"Внутренняя ошибка выгрузки: {error}", FAILURE)
        path = Path(options["output"] or found.name)
        try:
            path.write_bytes(found.data)
        except OSError as error:
            fail(f"Файл {path}: не удалось записать ({error.strerror}).")
        self.stdout.write(str(path))

    def export(self, options: dict[str, Any]) -> services.ExportFile:
        what = options["what"]
        if what == "report":
            services.check_format(options["format"])
            return services.report_export(
                actor=None,
                municipality=municipality(options["municipality"], options["region"]),
                year=academic_year(options["year"]),
                fmt=options["format"],
            )
        if what == "plan":
            services.check_format(options["format"])
            return services.plan_export(actor=None, plan=plan(options["id"]), fmt=options["format"])
        if what == "collection":
            services.check_format(options["format"], ("docx", "pdf"))
            return services.collection_export(
                actor=None,
                region=region(options["region"]),
                year=academic_year(options["year"]),
                fmt=options["format"],
                today=today(),
            )
        return services.region_report_export(
            actor=None,
            region=region(options["region"]),
            year=academic_year(options["year"]),
            today=today(),
        )


def plan(text: str) -> Plan:
    found = (
        Plan.objects.select_related(*PLAN_RELATIONS).filter(pk=int(text)).first()
        if text.isdigit()
        else None
    )
    if found is None:
        fail(f"План № {text} не найден.")
    return found
