"""`orientir import PATH` — read a plan or report document and import it all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser

from orientir.audit.actors import CommandActor, UnknownActor, command_actor
from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import parse_document
from orientir.imports.schema import ParsedDocument
from orientir.imports.understanding.document import KINDS
from orientir.lib.cli import FAILURE, fail, print_json


class Command(BaseCommand):
    help = "Импортировать план, дорожную карту, программу или отчёт из .docx/.xlsx/.pdf/.txt/.md"

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
            parsed = parse_document(
                path,
                kind=options["kind"],
                year=options["year"],
                glossary_path=Path(options["glossary"]) if options["glossary"] else None,
            )
            document = parsed.as_json()
            if not options["dry_run"]:
                actor = command_actor(options["actor"])
                document["id"], changes = write(parsed, path, options, actor)
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


def write(
    parsed: ParsedDocument, path: Path, options: dict[str, Any], actor: CommandActor
) -> tuple[int, dict[str, Any]]:
    """Import for real, as `actor`; return the plan's id and what changed."""
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
        historical=options["historical"],
    )
    return result.plan.pk, {"mode": result.mode, **result.changes.as_json()}


_CHANGE_LABELS = {
    "added": "добавлено",
    "changed": "изменено",
    "removed": "удалено",
    "kept": "оставлено (есть проведения)",
    "skipped": "уже были в плане",
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
    lines.extend(f"предупреждение: {warning}" for warning in document["warnings"])
    return "\n".join(lines)
