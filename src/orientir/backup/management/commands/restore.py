"""`orientir restore PATH [--replace]` — put a backup of `orientir backup` in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.backup.archive import BackupProblem, backup_restore
from orientir.lib.cli import fail, print_json
from orientir.lib.russian import plural


class Command(BaseCommand):
    help = "Восстановить базу данных и загруженные файлы из резервной копии"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="файл копии, сделанный orientir backup")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="заменить данные, которые уже есть в базе (без этого — только в пустую базу)",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest, aside = backup_restore(Path(options["path"]), replace=options["replace"])
        except BackupProblem as problem:
            fail(str(problem))
        if options["format"] == "json":
            print_json(
                {
                    "path": options["path"],
                    "media_kept_aside": aside and str(aside),
                    **manifest.as_json(),
                }
            )
            return
        rows, files = sum(manifest.counts.values()), manifest.files
        self.stdout.write(
            f"Восстановлено из копии от {manifest.created}: {rows} "
            f"{plural(rows, 'строка', 'строки', 'строк')}, {files} "
            f"{plural(files, 'файл', 'файла', 'файлов')}."
        )
        if aside:
            self.stdout.write(f"Прежние файлы сохранены в {aside}.")
