"""`orientir generate --regions N`: realistic data at a chosen scale, up to the country."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from orientir.demo.builder import DEMO_PASSWORD
from orientir.demo.generate import (
    MAX_REGIONS,
    SCHOOLS_PER_REGION,
    GenerateError,
    Scale,
    counts,
    generate_region,
    slots,
)
from orientir.demo.management.commands.demo import _day
from orientir.lib.cli import fail
from orientir.plans.models import today as local_today
from orientir.registry.models import Region


def _bounded(low: int, high: int, name: str) -> Any:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            fail(f"{name}: ожидается целое число, получено «{value}»")
        if not low <= number <= high:
            fail(f"{name}: допустимо от {low} до {high}, получено {number}")
        return number

    return parse


# The summary's words for the keys of `counts()` (which the tests read by key).
SUMMARY_LABELS = {
    "regions": "регионов",
    "municipalities": "муниципалитетов",
    "schools": "школ",
    "target_schools": "школ со статусом ШНОР или ШНСУ",
    "plans": "планов",
    "activities": "мероприятий",
    "executions": "проведений",
    "documents": "документов",
    "indicators": "целевых показателей",
    "results": "результатов оценочных процедур",
    "context_values": "значений социального контекста",
    "users": "пользователей",
    "comments": "комментариев",
    "audit": "записей журнала",
}


class Command(BaseCommand):
    help = (
        "Создать правдоподобные данные нужного объёма, вплоть до всей страны (85 регионов): "
        "муниципалитеты, школы, статусы ШНОР/ШНСУ, планы с мероприятиями, проведения с "
        "документами, показатели, результаты за три года, расчёты идентификации, "
        f"пользователей всех ролей с паролем «{DEMO_PASSWORD}». Один и тот же --seed даёт "
        "одни и те же данные. Каждый регион пишется в своей транзакции."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--regions", type=_bounded(1, MAX_REGIONS, "--regions"), required=True,
            help=f"сколько регионов создать, от 1 до {MAX_REGIONS}",
        )  # fmt: skip
        parser.add_argument("--seed", type=int, default=1, help="начальное значение (1)")
        parser.add_argument(
            "--schools-per-region", type=_bounded(5, 5000, "--schools-per-region"),
            default=SCHOOLS_PER_REGION, help=f"школ в регионе ({SCHOOLS_PER_REGION})",
        )  # fmt: skip
        parser.add_argument(
            "--years", type=_bounded(1, 5, "--years"), default=3,
            help="учебных лет статусов и результатов, до текущего включительно (3)",
        )  # fmt: skip
        parser.add_argument(
            "--append", action="store_true", help="добавить регионы в непустую базу"
        )
        parser.add_argument(
            "--today", type=_day, help="дата, на которую создаются данные, ГГГГ-ММ-ДД (сегодня)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        held = Region.objects.count()
        if held and not options["append"]:
            fail(
                f"В базе уже есть данные (регионов: {held}). Команда пишет только в пустую "
                "базу; чтобы добавить новые регионы к имеющимся, запустите её с --append."
            )
        scale = Scale(
            regions=options["regions"],
            schools=options["schools_per_region"],
            years=options["years"],
            seed=options["seed"],
        )
        started = time.monotonic()
        try:
            self._generate(scale, options["today"] or local_today(), options["verbosity"] == 0)
        except GenerateError as error:
            fail(str(error), code=1)
        if options["verbosity"]:
            self._summary(time.monotonic() - started)

    def _generate(self, scale: Scale, today: dt.date, quiet: bool) -> None:
        password = make_password(DEMO_PASSWORD)  # one hash for all: the password is public
        columns = (
            TextColumn("Регионы"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )  # fmt: skip
        with Progress(*columns, disable=quiet, transient=False) as progress:
            task = progress.add_task("", total=scale.regions)
            for slot in slots(scale.regions):
                progress.update(task, description=slot.name)
                with transaction.atomic():  # an interrupted run leaves whole regions
                    generate_region(slot, scale, today, password)
                progress.advance(task)
        # Fresh statistics: before autovacuum gets to the new rows PostgreSQL plans the plan
        # page's counts of documents as scans of the whole table (1.1 s instead of 11 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _summary(self, seconds: float) -> None:
        found = counts()
        lines = [f"Готово за {seconds:.0f} с. В базе:"]
        lines += [
            f"  {SUMMARY_LABELS[name]}: {count:,}".replace(",", "\u00a0")
            for name, count in found.items()
        ]
        lines.append(
            f"Пароль всех пользователей: {DEMO_PASSWORD}. Логины региона с кодом 01: "
            "r01-coordinator, r01-analyst, r01-curator, муниципальные r01-mo01…, "
            "школьные s01-0101… (код школы)."
        )
        self.stdout.write("\n".join(lines))
