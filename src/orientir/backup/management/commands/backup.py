"""`orientir backup PATH` — the database and the uploaded files in one tar file, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.backup.archive import BackupProblem, backup_make
from orientir.lib.cli import fail, print_json
from orientir.lib.russian import plural


class Command(BaseCommand):
    help = "Сделать резервную копию: база данных и загруженные файлы в одном tar-файле"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="новый файл копии, например orientir-2026-12-05.tar")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_make(Path(options["path"]))
        except BackupProblem as problem:
            fail(str(problem))
        if options["format"] == "json":
            print_json({"path": options["path"], **manifest.as_json()})
            return
        rows, files = sum(manifest.counts.values()), manifest.files
        self.stdout.write(
            f"Копия записана в {options['path']}: "
            f"{rows} {plural(rows, 'строка', 'строки', 'строк')}, "
            f"{files} {plural(files, 'файл', 'файла', 'файлов')}."
        )
