"""`orientir uploads sweep [--older-than HOURS]` — delete uploads nobody confirmed.

Both kinds wait for their uploader's confirmation: documents for import and results or context
files. Each is deleted on confirmation or cancel; this sweeps what was left, e.g. from a cron job.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from orientir.imports.uploads import STORE as DOCUMENTS
from orientir.lib.cli import fail, print_json
from orientir.lib.russian import plural
from orientir.lib.uploads import LIFETIME
from orientir.results.uploads import STORE as TABLES

# Before the shared store, results files waited here under bare tokens and were never deleted.
LEGACY_RESULTS_DIR = "results-uploads"


def _legacy_sweep(lifetime: dt.timedelta) -> int:
    folder = Path(settings.DATA_DIR) / LEGACY_RESULTS_DIR
    if not folder.is_dir():
        return 0
    limit = (timezone.now() - lifetime).timestamp()
    old = [path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < limit]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


class Command(BaseCommand):
    help = "Загрузки, ожидающие подтверждения: orientir uploads sweep [--older-than ЧАСОВ]"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="sweep")
        sweep = actions.add_parser("sweep", help="удалить неподтверждённые загрузки старше срока")
        sweep.add_argument(
            "--older-than",
            default=str(int(LIFETIME.total_seconds() // 3600)),
            metavar="ЧАСОВ",
            help="удалить загрузки старше стольких часов (по умолчанию 24; 0 — все)",
        )
        sweep.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["older_than"]).strip()
        if not raw.isdigit() or int(raw) > 24 * 365:
            fail(f"--older-than «{raw}»: нужно целое число часов от 0 до {24 * 365}.")
        lifetime = dt.timedelta(hours=int(raw))
        documents = DOCUMENTS.sweep(lifetime)
        tables = TABLES.sweep(lifetime) + _legacy_sweep(lifetime)
        if options["format"] == "json":
            print_json({"documents": documents, "tables": tables})
            return
        total = documents + tables
        self.stdout.write(
            f"Удалено {total} {plural(total, 'загрузка', 'загрузки', 'загрузок')}: "
            f"документов {documents}, таблиц результатов и контекста {tables}."
        )
