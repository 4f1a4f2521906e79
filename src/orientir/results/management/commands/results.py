"""`orientir results import PATH [--create-schools]` — load school results (CONTRACTS.md)."""

from orientir.results.commands import ImportCommand, Importer
from orientir.results.services import results_import


class Command(ImportCommand):
    help = "Результаты оценочных процедур по школам: orientir results import ФАЙЛ"
    what = "результаты оценочных процедур"

    def importer(self) -> Importer:
        return results_import
