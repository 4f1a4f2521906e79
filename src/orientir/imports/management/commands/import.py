"""`orientir import PATH` — read a plan or report document and import it all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser

from orientir.audit.actors import CommandActor, UnknownActor, command_actor
from orientir.imports.errors import HeaderNotFound, ImportProblem
from orientir.imports.parsing import make_glossary, understand_grid
from orientir.imports.readers import read_path
from orientir.imports.schema import ParsedDocument
from orientir.imports.summary import summarise
from orientir.imports.understanding.document import KINDS
from orientir.imports.understanding.layout import (
    MAX_HEADER_ROWS,
    ColumnLayout,
    LayoutProblem,
)
from orientir.lib.cli import FAILURE, fail, print_json


class Command(BaseCommand):
    help = (
        "Импортировать план, дорожную карту, программу или отчёт из .docx/.xlsx/.pdf/.txt/.md "
        "или .doc/.rtf/.odt/.xls/.ods (через LibreOffice); скан PDF распознаётся"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--kind", choices=KINDS)
        parser.add_argument("--year", help="учебный год плана, 2018/2019")
        parser.add_argument("--dry-run", action="store_true", help="только показать, не записывать")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--region", help="код или название региона")
        parser.add_argument("--municipality", help="название муниципалитета")
        parser.add_argument("--school", help="код или название школы (для программы перехода)")
        parser.add_argument(
            "--historical",
            action="store_true",
            help="архивный документ прошлых лет: план сохраняется в архиве и не просрочен",
        )
        parser.add_argument("--glossary", help="файл известных сокращений, по одному в строке")
        parser.add_argument(
            "--columns",
            metavar="ПОЛЕ=N,…",
            help="что в каком столбце (с 1), когда заголовок не распознан: "
            '"number=1,title=2,deadline=3,responsible=4,planned_result=5"',
        )
        parser.add_argument(
            "--header-rows",
            metavar="N",
            help="сколько строк вверху таблицы занимает заголовок (с --columns; по умолчанию 1)",
        )
        parser.add_argument(
            "--assign",
            action="append",
            default=[],
            metavar="ROW=ACTIVITY",
            help="для отчёта: строку отчёта ROW (по порядку, с 1) записать к мероприятию плана "
            "с номером ACTIVITY, или new — новым мероприятием (только в черновике), "
            "или skip — не загружать; можно повторять",
        )
        parser.add_argument(
            "--actor",
            metavar="LOGIN",
            help="от имени какого пользователя Ориентира импортировать (для журнала и прав); "
            "без него в журнал записывается пользователь ОС",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        changes: dict[str, Any] = {}
        actor: CommandActor | None = None
        try:
            layout = layout_option(options["columns"], options["header_rows"])
            grid = read_path(path)
            parsed = understand_grid(
                grid,
                kind=options["kind"],
                year=options["year"],
                layout=layout,
                glossary=make_glossary(Path(options["glossary"]) if options["glossary"] else None),
            )
            document = parsed.as_json()
            document["summary"] = summarise(grid, parsed, layout).as_json()
            assignments = parse_assignments(options["assign"])
            if not options["dry_run"]:
                actor = command_actor(options["actor"])
                document["id"], changes, warnings = write(parsed, path, options, actor, assignments)
                document["warnings"].extend(warnings)
        except HeaderNotFound as problem:
            fail(
                f"{problem} Укажите столбцы сами: --columns "
                '"number=1,title=2,deadline=3,responsible=4" --header-rows 1.'
            )
        except (ImportProblem, UnknownActor, PermissionDenied) as problem:
            fail(str(problem))
        except Exception as error:
            fail(f"Внутренняя ошибка импорта: {error}", FAILURE)
        note = actor.note if actor is not None else ""
        if options["format"] == "json":
            print_json(document)
            if note:  # stdout holds the JSON document and nothing else
                sys.stderr.write(note + "\n")
        else:
            self.stdout.write(summary(document, changes) + (f"\n{note}" if note else ""))


def layout_option(columns: str | None, header_rows: str | None) -> ColumnLayout | None:
    """Read `--columns` and `--header-rows`; ImportProblem names the option that is wrong."""
    if columns is None:
        if header_rows is not None:
            raise ImportProblem("--header-rows: укажите его вместе с --columns.")
        return None
    rows = 1
    if header_rows is not None:
        if not header_rows.strip().isdigit():
            raise ImportProblem(
                f"--header-rows: «{header_rows}» — не число строк; нужно целое от 0 до "
                f"{MAX_HEADER_ROWS}."
            )
        rows = int(header_rows)
        if rows > MAX_HEADER_ROWS:
            raise ImportProblem(
                f"--header-rows: строк заголовка может быть от 0 до {MAX_HEADER_ROWS}."
            )
    try:
        return ColumnLayout.from_text(columns, rows)
    except LayoutProblem as problem:
        raise ImportProblem(f"--columns: {problem}") from problem


def parse_assignments(values: list[str]) -> dict[int, str]:
    """Read `--assign 3=2.1` options: a report row (from 1) and where it goes."""
    assignments = {}
    for value in values:
        row, _, choice = value.partition("=")
        if not row.strip().isdigit() or int(row) < 1 or not choice.strip():
            raise ImportProblem(
                f"--assign «{value}»: нужен вид СТРОКА=НОМЕР_МЕРОПРИЯТИЯ, например 3=2.1, "
                "3=new или 3=skip"
            )
        assignments[int(row)] = choice.strip()
    return assignments


def write(
    parsed: ParsedDocument,
    path: Path,
    options: dict[str, Any],
    actor: CommandActor,
    assignments: dict[int, str],
) -> tuple[int, dict[str, Any], list[str]]:
    """Import for real, as `actor`; return the plan's id, what changed and the warnings."""
    from orientir.imports.services import file_hash, import_from_command

    result = import_from_command(
        parsed,
        region=options["region"],
        municipality=options["municipality"],
        school=options["school"],
        file_name=path.name,
        digest=file_hash(path.read_bytes()),
        actor=actor.user,
        actor_label=actor.label,
        assignments=assignments,
        historical=options["historical"],
    )
    return result.plan.pk, {"mode": result.mode, **result.changes.as_json()}, result.warnings


_CHANGE_LABELS = {
    "added": "добавлено",
    "changed": "изменено",
    "removed": "удалено",
    "kept": "оставлено (есть проведения)",
    "skipped": "уже были в плане",
    "unassigned": "не загружены по выбору",
}


def summary(document: dict[str, Any], changes: dict[str, Any]) -> str:
    """A short Russian summary for people reading the terminal."""
    lines = [
        f"{document['title']} ({document['kind']}, {', '.join(document['academic_years'])})",
        f"разделов: {len(document['sections'])}, мероприятий: {len(document['activities'])}, "
        f"показателей: {len(document['indicators'])}",
    ]
    if "id" in document:
        verb = {"created": "создан", "updated": "обновлён"}.get(changes.get("mode", ""), "дополнен")
        lines.append(f"{verb} план № {document['id']}")
    for key, word in _CHANGE_LABELS.items():
        lines.extend(f"{word}: {item}" for item in changes.get(key, []))
    if changes.get("executions"):
        lines.append(f"проведений: {changes['executions']}, документов: {changes['documents']}")
    if "summary" in document:
        lines.append(understood(document["summary"]))
    lines.extend(f"предупреждение: {warning}" for warning in document["warnings"])
    return "\n".join(lines)


def understood(summary: dict[str, Any]) -> str:
    """One line of what was understood: rows, deadlines, responsible, rows skipped."""
    deadlines = summary["deadlines"]
    skipped = sum(summary["skipped"].values())
    return (
        f"строк таблиц: {summary['rows']}, сроки поняты: {deadlines['understood']} из "
        f"{summary['activities']}, ответственные указаны: {summary['responsible']} из "
        f"{summary['activities']}, строк пропущено: {skipped}"
    )
