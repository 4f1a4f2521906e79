"""Random bytes and random grids give a clean ImportProblem or a document, never a crash."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientir.imports.errors import ImportProblem
from orientir.imports.readers import read_bytes
from orientir.imports.readers.grid import Cell, Grid, Row
from orientir.imports.samples import roadmap_sample, to_docx, to_xlsx
from orientir.imports.understanding.document import understand

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = st.sampled_from([".txt", ".md", ".docx", ".xlsx", ".pdf"])
PREFIXES = st.sampled_from(
    [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf"]
)
WORDS = st.sampled_from(
    [
        "№",
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Результат",
        "Отметка",
        "Дата проведения",
        "Целевая аудитория",
        "Документы",
        "1.",
        "1.1.",
        "2.3.1",
        "Раздел 2",
        "<b>1.</b>",
        "Август 2018 года",
        "до 1 ноября",
        "Карпенко Н.В.",
        "Приказ от 25.02.2021 №161",
        "2018/2019",
        "Показатель",
        "Единица измерения",
        "ДОРОЖНАЯ КАРТА на 2018-2020 годы",
        "",
        " ",
        "<i>подсказка</i>",
        "ре-",
        "сурсы",
    ]
)


def read_and_understand(data: bytes, name: str) -> None:
    try:
        understand(read_bytes(data, name))
    except ImportProblem as problem:
        assert str(problem).strip()


@FUZZ
@given(prefix=PREFIXES, body=st.binary(max_size=2000), suffix=SUFFIXES)
def test_it_turns_random_bytes_into_clean_errors(prefix: bytes, body: bytes, suffix: str) -> None:
    read_and_understand(prefix + body, f"fuzz{suffix}")


def damaged(data: bytes, position: int, junk: bytes) -> bytes:
    position %= len(data)
    return data[:position] + junk + data[position + len(junk) :]


@FUZZ
@given(position=st.integers(min_value=0), junk=st.binary(min_size=1, max_size=64))
def test_it_survives_damaged_word_and_excel_files(position: int, junk: bytes) -> None:
    sample = roadmap_sample(3)
    read_and_understand(damaged(to_docx(sample), position, junk), "plan.docx")
    read_and_understand(damaged(to_xlsx(sample), position, junk), "plan.xlsx")


@FUZZ
@given(
    name=st.sampled_from(["word/document.xml", "xl/workbook.xml", "[Content_Types].xml"]),
    text=st.text(max_size=300),
)
def test_it_survives_archives_with_broken_parts(name: str, text: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    read_and_understand(out.getvalue(), "plan.docx")
    read_and_understand(out.getvalue(), "plan.xlsx")


rows = st.lists(
    st.tuples(
        st.booleans(),
        st.lists(st.tuples(WORDS, st.booleans(), st.integers(1, 3)), min_size=1, max_size=7),
    ),
    max_size=25,
)


@FUZZ
@given(rows=rows)
def test_it_understands_random_grids_or_says_why_not(rows: list) -> None:
    grid = Grid(source="fuzz.docx")
    for line, (is_paragraph, cells) in enumerate(rows, start=1):
        made = tuple(
            Cell(text, i, bold=bold, span=span) for i, (text, bold, span) in enumerate(cells)
        )
        grid.rows.append(
            Row(made[:1] if is_paragraph else made, line, table=None if is_paragraph else 1)
        )
    try:
        document = understand(grid)
    except ImportProblem:
        return
    document.as_json()
