"""What `orientir results import` and `orientir context import` share (CONTRACTS.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.audit.actors import UnknownActor, command_actor
from orientir.lib.cli import FAILURE, fail, print_json
from orientir.lib.tables import TableError
from orientir.results.services import ImportRefused, ImportSummary

Importer = Callable[..., ImportSummary]


class ImportCommand(BaseCommand):
    """A command whose one subcommand, `import PATH`, loads a file all or nothing."""

    what = ""

    def importer(self) -> Importer:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import")
        load = actions.add_parser("import", help=f"загрузить {self.what} из CSV или XLSX")
        load.add_argument("path", help="файл .csv или .xlsx")
        load.add_argument(
            "--create-schools",
            action="store_true",
            help="добавить в реестр школы (и их муниципалитеты и регионы), которых в нём нет",
        )
        load.add_argument("--format", choices=["json", "text"], default="text")
        load.add_argument(
            "--actor",
            metavar="LOGIN",
            help="пользователь Ориентира, от имени которого записать загрузку в журнал; "
            "без него записывается пользователь ОС",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            fail(f"Файл {path}: не удалось прочитать ({error.strerror}).")
        try:
            actor = command_actor(options["actor"])
        except UnknownActor as error:
            fail(str(error))
        try:
            summary = self.importer()(
                data=data,
                source=path.name,
                create_schools=options["create_schools"],
                actor=actor.user,
                actor_label=actor.label,
            )
        except ImportRefused as refused:
            fail(refused.one_line())
        except TableError as error:
            fail(str(error))
        except Exception as error:
            fail(f"Внутренняя ошибка загрузки файла {path.name}: {error}", FAILURE)
        if options["format"] == "json":
            print_json(summary.as_json())
            if actor.note:  # stdout holds the JSON document and nothing else
                sys.stderr.write(actor.note + "\n")
        else:
            self.stdout.write(describe(summary) + (f"\n{actor.note}" if actor.note else ""))


def describe(summary: ImportSummary) -> str:
    """A short Russian summary for people reading the terminal."""
    lines = [
        f"{summary.source}: строк {summary.rows}, добавлено {summary.created}, "
        f"обновлено {summary.updated}; школ {summary.schools}; годы: {', '.join(summary.years)}"
    ]
    if summary.schools_created:
        lines.append("добавлены в реестр школы: " + ", ".join(summary.schools_created))
    return "\n".join(lines)
