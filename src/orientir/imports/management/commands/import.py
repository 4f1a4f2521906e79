"""`orientir import PATH` — read a plan or report document and import it all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

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
        parser.add_argument("--glossary", help="файл известных сокращений, по одному в строке")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        changes: dict[str, Any] = {}
        try:
            parsed = parse_document(
                path,
                kind=options["kind"],
                year=options["year"],
                glossary_path=Path(options["glossary"]) if options["glossary"] else None,
            )
            document = parsed.as_json()
            if not options["dry_run"]:
                document["id"], changes = write(parsed, path, options)
        except ImportProblem as problem:
            fail(str(problem))
        except Exception as error:
            fail(f"Внутренняя ошибка импорта: {error}", FAILURE)
        if options["format"] == "json":
            print_json(document)
        else:
            self.stdout.write(summary(document, changes))


def write(
    parsed: ParsedDocument, path: Path, options: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Import for real; return the plan's id and what changed."""
    from orientir.imports.services import file_hash, import_from_command

    result = import_from_command(
        parsed,
        region=options["region"],
        municipality=options["municipality"],
        school=options["school"],
        file_name=path.name,
        digest=file_hash(path.read_bytes()),
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
