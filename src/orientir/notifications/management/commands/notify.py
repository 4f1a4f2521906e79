"""`orientir notify [--date YYYY-MM-DD] [--dry-run] [--format json]` — the daily digest.

Run once a day (cron, systemd timer): every user with deadlines, overdue activities, new
comments or plans to review gets one Russian e-mail through the configured mailer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from orientir.lib.cli import fail, print_json
from orientir.lib.russian import plural
from orientir.notifications.digest import send_digest
from orientir.plans.models import today


class Command(BaseCommand):
    help = "Разослать ежедневную сводку уведомлений по электронной почте"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="на какую дату, ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--dry-run", action="store_true", help="показать, но не отправлять")
        parser.add_argument("--base-url", default=getattr(settings, "ORIENTIR_BASE_URL", ""))
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        day = today()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                fail(f"--date: «{options['date']}» — ожидается дата ГГГГ-ММ-ДД")
        result = send_digest(today=day, dry_run=options["dry_run"], base_url=options["base_url"])
        if options["format"] == "json":
            print_json(
                {
                    "date": day.isoformat(),
                    "dry_run": options["dry_run"],
                    "sent": result.sent,
                    "skipped": result.skipped,
                }
            )
            return
        verb = "будет отправлено" if options["dry_run"] else "отправлено"
        for row in result.sent:
            self.stdout.write(f"{row['user']} <{row['email']}>: {verb}")
        for note in result.skipped:
            self.stdout.write(f"{note['user']}: пропущен — {note['reason']}")
        n = len(result.sent)
        self.stdout.write(
            f"Сводка на {day:%d.%m.%Y}: {verb} {n} {plural(n, 'письмо', 'письма', 'писем')}."
        )
