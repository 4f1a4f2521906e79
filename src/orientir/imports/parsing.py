"""Read and understand a document file in one call (pure: never touches the database)."""

from __future__ import annotations

import re
from pathlib import Path

from orientir.imports.errors import ImportProblem
from orientir.imports.readers import read_bytes, read_path
from orientir.imports.readers.grid import Grid
from orientir.imports.schema import ParsedDocument
from orientir.imports.understanding.document import KINDS, understand
from orientir.imports.understanding.glossary import Glossary, read_glossary_file
from orientir.imports.understanding.guidance import skip_guidance
from orientir.imports.understanding.layout import ColumnLayout, understand_with_layout
from orientir.lib import years

_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


def check_year(year: str | None) -> str | None:
    """Validate a `YYYY/YYYY` academic year."""
    if year is None:
        return None
    match = _YEAR.match(year.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ImportProblem(f"Учебный год «{year}» записан неверно: нужен вид 2018/2019.")
    problem = years.range_problem(int(match[1]))
    if problem:
        raise ImportProblem(f"Учебный год: {problem}.")
    return year.strip()


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise ImportProblem(f"Вид документа «{kind}» неизвестен: допустимы {', '.join(KINDS)}.")
    return kind


def make_glossary(path: Path | None) -> Glossary:
    glossary = Glossary()
    if path is not None:
        try:
            glossary.extend(read_glossary_file(path))
        except (OSError, UnicodeDecodeError) as error:
            raise ImportProblem(f"Файл сокращений {path}: не удалось прочитать.") from error
    return glossary


def understand_grid(
    grid: Grid,
    *,
    kind: str | None = None,
    year: str | None = None,
    layout: ColumnLayout | None = None,
    glossary: Glossary | None = None,
) -> ParsedDocument:
    """Understand a read document: by its header, or by the columns a person named."""
    kind, year = check_kind(kind), check_year(year)
    if layout is None:
        parsed = understand(grid, kind=kind, year=year, glossary=glossary)
    else:
        parsed = understand_with_layout(grid, layout, kind=kind, year=year, glossary=glossary)
    skip_guidance(parsed)  # rows of fill-in hints, whichever way the columns were found
    parsed.warnings[:0] = grid.warnings  # what the reader asks to check first (a recognised scan)
    return parsed


def parse_document(
    path: Path,
    *,
    kind: str | None = None,
    year: str | None = None,
    glossary_path: Path | None = None,
    layout: ColumnLayout | None = None,
) -> ParsedDocument:
    """Read the file at `path` and understand it."""
    return understand_grid(
        read_path(path),
        kind=kind,
        year=year,
        layout=layout,
        glossary=make_glossary(glossary_path),
    )


def parse_upload(
    data: bytes,
    name: str,
    *,
    kind: str | None = None,
    year: str | None = None,
    layout: ColumnLayout | None = None,
) -> ParsedDocument:
    """Understand uploaded bytes (the web form's entry point)."""
    return understand_grid(read_bytes(data, name), kind=kind, year=year, layout=layout)
