"""`orientir context import PATH [--create-schools]` — load social context (CONTRACTS.md)."""

from orientir.results.commands import ImportCommand, Importer
from orientir.results.services import context_import


class Command(ImportCommand):
    help = "Показатели социального контекста школ: orientir context import ФАЙЛ"
    what = "показатели социального контекста"

    def importer(self) -> Importer:
        return context_import
