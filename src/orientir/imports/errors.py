"""The one error an import raises for bad input, with a Russian message naming the place."""

from __future__ import annotations


class ImportProblem(Exception):
    """Bad input: the message is one Russian line naming the file, sheet, row and cell."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class HeaderNotFound(ImportProblem):
    """No activity table header was recognised: the user may name the columns instead."""


# The database failed mid-import (a restart, a lost connection): the transaction rolled back,
# the uploaded file is kept, so confirming again is the way on.
DATABASE_LOST = (
    "Связь с базой данных прервалась, и импорт не выполнен: ничего не записано. "
    "Файл сохранён — нажмите «Импортировать» ещё раз через минуту."
)
