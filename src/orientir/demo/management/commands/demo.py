"""`orientir demo [--reset]` — load the demo region and print who can log in to see it."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from orientir.demo import texts
from orientir.demo.builder import (
    DEMO_PASSWORD,
    DemoError,
    build_demo,
    delete_demo_region,
    demo_counts,
    demo_region,
    format_logins,
)
from orientir.lib.cli import FAILURE, fail
from orientir.lib.russian import plural
from orientir.plans.models import today as local_today

SUMMARY = (
    ("municipalities", "муниципалитет", "муниципалитета", "муниципалитетов"),
    ("schools", "школа", "школы", "школ"),
    ("plans", "план", "плана", "планов"),
    ("activities", "мероприятие", "мероприятия", "мероприятий"),
    ("executions", "проведение", "проведения", "проведений"),
    ("documents", "документ", "документа", "документов"),
    ("indicators", "показатель", "показателя", "показателей"),
    (
        "results",
        "результат оценочных процедур",
        "результата оценочных процедур",
        "результатов оценочных процедур",
    ),
)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: ожидается дата ГГГГ-ММ-ДД") from None


class Command(BaseCommand):
    help = (
        "Создать демонстрационный регион «Южно-Кубанский край»: муниципалитеты, школы, планы, "
        "проведения с документами, показатели и пользователей для каждой роли. Если регион "
        "уже есть, команда ничего не меняет и завершается с кодом 1; с --reset она удаляет "
        "его вместе с его пользователями и создаёт заново. Всё в одной транзакции."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="удалить прежний демо-регион и создать заново"
        )
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"пароль всех демо-пользователей (по умолчанию {DEMO_PASSWORD})",
        )
        parser.add_argument(
            "--today",
            type=_day,
            help="дата, на которую строится регион, ГГГГ-ММ-ДД (по умолчанию сегодня)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or local_today()
        if not options["password"]:
            fail("--password: пароль не может быть пустым")
        started = time.monotonic()
        try:
            with transaction.atomic():
                if demo_region() is not None and not options["reset"]:
                    fail(
                        f"Демонстрационный регион «{texts.REGION_NAME}» уже есть, ничего не "
                        "изменено. Чтобы создать его заново, запустите orientir demo --reset",
                        FAILURE,
                    )
                delete_demo_region()
                demo = build_demo(today, password=options["password"])
        except DemoError as error:
            fail(str(error), FAILURE)
        assert demo.region is not None
        seconds = time.monotonic() - started
        self.stdout.write(self.summary(demo_counts(demo.region, today), today, seconds))
        self.stdout.write("")
        self.stdout.write(format_logins(demo.logins))

    @staticmethod
    def summary(counts: dict[str, int], today: dt.date, seconds: float) -> str:
        parts = [f"{counts[key]} {plural(counts[key], *forms)}" for key, *forms in SUMMARY]
        when = f"{today:%d.%m.%Y}"
        took = f"{seconds:.1f}".replace(".", ",")
        return (
            f"Демонстрационный регион «{texts.REGION_NAME}» создан на {when} за {took} с: "
            + ", ".join(parts)
            + "."
        )
