"""Make the layout corpus: plans, road maps and programmes of invented regions and districts.

Run: `.venv/bin/python tests/documents/make.py` (PDFs need LibreOffice's `soffice`).

Every document is written from the specifications below, and so is its `.expected.json`:
the expected deadlines are written here by hand (DEADLINES), never taken from the parser.
The files are committed; this script only says how they were made.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# What each deadline says, for the academic year 2025/2026: (kind, start, end), by hand.
DEADLINES: dict[str, tuple[str, str | None, str | None]] = {
    "сентябрь 2025 г.": ("period", "2025-09-01", "2025-09-30"),
    "октябрь 2025 года": ("period", "2025-10-01", "2025-10-31"),
    "до 15.10.2025": ("until", None, "2025-10-15"),
    "ноябрь – декабрь 2025 г.": ("period", "2025-11-01", "2025-12-31"),
    "в течение учебного года": ("continuous", "2025-09-01", "2026-08-31"),
    "ежеквартально": ("recurring", "2025-09-01", "2026-08-31"),
    "январь 2026 г.": ("period", "2026-01-01", "2026-01-31"),
    "февраль – март 2026 г.": ("period", "2026-02-01", "2026-03-31"),
    "до 1 апреля 2026 г.": ("until", None, "2026-04-01"),
    "май 2026 г.": ("period", "2026-05-01", "2026-05-31"),
    "20.03.2026": ("date", "2026-03-20", "2026-03-20"),
    "14.11.2025": ("date", "2025-11-14", "2025-11-14"),
    "23.01.2026": ("date", "2026-01-23", "2026-01-23"),
    "по графику": ("event", None, None),
    "III кв. 2025 г.": ("period", "2025-07-01", "2025-09-30"),
    "декабрь 2025 г.": ("period", "2025-12-01", "2025-12-31"),
    "апрель 2026 г.": ("period", "2026-04-01", "2026-04-30"),
    # Start and end columns, read together as «с X по Y».
    "с 01.10.2025 по 30.11.2025": ("period", "2025-10-01", "2025-11-30"),
    "с 01.09.2025 по 31.05.2026": ("period", "2025-09-01", "2026-05-31"),
    "с 12.01.2026 по 27.02.2026": ("period", "2026-01-12", "2026-02-27"),
    "с 02.03.2026 по 29.05.2026": ("period", "2026-03-02", "2026-05-29"),
    # Marks in a grid of quarters (3rd and 4th in 2025, 1st and 2nd in 2026) or months.
    "3 кв.": ("period", "2025-07-01", "2025-09-30"),
    "3, 4 кв.": ("period", "2025-07-01", "2025-12-31"),
    "4, 1 кв.": ("period", "2025-10-01", "2026-03-31"),
    "3, 1 кв.": ("period", "2025-07-01", "2026-03-31"),
    "1, 2 кв.": ("period", "2026-01-01", "2026-06-30"),
    "2 кв.": ("period", "2026-04-01", "2026-06-30"),
    "4 кв.": ("period", "2025-10-01", "2025-12-31"),
    "сентябрь": ("period", "2025-09-01", "2025-09-30"),
    "октябрь, ноябрь": ("period", "2025-10-01", "2025-11-30"),
    "ноябрь, февраль": ("period", "2025-11-01", "2026-02-28"),
    "январь, февраль, март": ("period", "2026-01-01", "2026-03-31"),
    "май": ("period", "2026-05-01", "2026-05-31"),
    "декабрь": ("period", "2025-12-01", "2025-12-31"),
}

QUARTERS = ("3", "4", "1", "2")  # as they fall in the academic year
MONTHS = ("сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль", "март", "апрель", "май")


@dataclass
class Act:
    title: str
    deadline: str
    responsible: list[str]
    result: str = ""


@dataclass
class Section:
    number: str
    title: str


# Activities of the kind authorities plan, written afresh for other regions.
POOL = [
    Act(
        "Анализ результатов ВПР и ОГЭ в школах с низкими образовательными результатами",
        "сентябрь 2025 г.",
        ["Отдел общего образования"],
        "Аналитическая справка",
    ),
    Act(
        "Формирование муниципальной команды кураторов школ",
        "до 15.10.2025",
        ["Сидоренко Л.П."],
        "Приказ о составе команды кураторов",
    ),
    Act(
        "Проведение выездных консультаций администрации школ по управлению качеством образования",
        "ноябрь – декабрь 2025 г.",
        ["Методический центр", "Кураторы школ"],
        "Проведено не менее 6 консультаций",
    ),
    Act(
        "Организация наставничества педагогов школ-партнёров",
        "в течение учебного года",
        ["Руководители школ-лидеров"],
        "Закреплены пары наставник – наставляемый",
    ),
    Act(
        "Мониторинг реализации программ перехода школ в эффективный режим работы",
        "ежеквартально",
        ["Мельникова О.Г.", "Тарасов В.И."],
        "Информация о ходе реализации программ",
    ),
    Act(
        "Курсы повышения квалификации учителей математики по формированию функциональной "
        "грамотности",
        "январь 2026 г.",
        ["Институт развития образования"],
        "Обучено 40 учителей",
    ),
    Act(
        "Семинар-практикум «Работа с обучающимися группы риска»",
        "февраль – март 2026 г.",
        ["Методический центр"],
        "Методические рекомендации для школ",
    ),
    Act(
        "Представление отчётов школ о выполнении программ повышения качества",
        "до 1 апреля 2026 г.",
        ["Директора школ"],
        "Отчёты школ",
    ),
    Act(
        "Итоговое совещание руководителей по результатам учебного года",
        "май 2026 г.",
        ["Начальник управления образования"],
        "Протокол совещания",
    ),
    Act(
        "Педагогический совет «Индивидуальные образовательные маршруты»",
        "20.03.2026",
        ["Заместитель директора по УВР"],
        "Решение педагогического совета",
    ),
    Act(
        "Родительское собрание по подготовке к итоговой аттестации",
        "14.11.2025",
        ["Классные руководители 9, 11 классов"],
        "Протокол собрания",
    ),
    Act(
        "Диагностика профессиональных дефицитов учителей",
        "по графику",
        ["Центр непрерывного повышения профессионального мастерства"],
        "Индивидуальные планы развития педагогов",
    ),
    Act(
        "Сетевое методическое объединение учителей русского языка",
        "декабрь 2025 г.",
        ["Руководитель методического объединения"],
        "План работы объединения",
    ),
    Act(
        "Открытые уроки учителей школ-лидеров для коллег школ-партнёров",
        "апрель 2026 г.",
        ["Школы-лидеры"],
        "Проведено 8 открытых уроков",
    ),
    Act(
        "Разработка программы антирисковых мер школы",
        "III кв. 2025 г.",
        ["Рабочая группа школы"],
        "Утверждённая программа",
    ),
    Act(
        "Межшкольный фестиваль проектных работ обучающихся",
        "23.01.2026",
        ["Дом детского творчества"],
        "Участие не менее 60 обучающихся",
    ),
]

FRONT = {
    "regional": [
        "УТВЕРЖДЕН",
        "приказом министерства образования {region}",
        "от 18.08.2025 № 01-21/1450",
    ],
    "regional_dept": [
        "Департамент образования и науки {region}",
        "УТВЕРЖДАЮ",
        "Директор департамента",
    ],
    "regional_committee": [
        "УТВЕРЖДЕН",
        "распоряжением комитета образования {region}",
        "от 01.09.2025 № 312-р",
    ],
    "municipal": [
        "УТВЕРЖДАЮ",
        "Начальник управления образования администрации {district}",
        "__________ И.К. Воронцова",
    ],
    "municipal_dept": [
        "Отдел образования администрации {district}",
        "ПРИКАЗ",
        "от 29.08.2025 № 214",
    ],
    "school": [
        "СОГЛАСОВАНО",
        "Начальник управления образования администрации {district}",
        "УТВЕРЖДАЮ",
        "Директор МБОУ «СОШ № 7» {district}",
        "__________ Р.Н. Гладких",
    ],
}
KIND_OF_FRONT = {
    "regional": "regional_plan",
    "regional_dept": "regional_plan",
    "regional_committee": "regional_plan",
    "municipal": "roadmap",
    "municipal_dept": "roadmap",
    "school": "school_programme",
}


@dataclass
class Doc:
    name: str
    fmt: str  # docx, xlsx, pdf, tab (tab-separated text), lines (a cell a line)
    layout: str  # plain, date, startend, grid_q, grid_m, numrow, threerow, nonumber, noheader…
    front: str
    title: str
    acts: list[Act | Section]
    labels: tuple[str, ...] = ("№ п/п", "Мероприятие", "Срок", "Ответственные", "Результат")
    region: str = "Северной области"
    district: str = "Озёрского муниципального округа"
    merged: list[int] = field(default_factory=list)  # rows holding two activities (lines)
    expect_kind: str | None = None
    no_deadline: bool = False
    repeat_header: bool = False  # Word repeats the header rows on every page
    front_table: bool = False  # the approval blocks in a table of two cells


@dataclass
class Spec:
    """A cell of the table model: its text and how far it spans."""

    text: str
    cols: int = 1
    rows: int = 1


Table = list[list[Spec | None]]  # None: covered by a span above or to the left


def header_rows(doc: Doc) -> Table:
    """The header as the document's layout writes it (one, two or three rows)."""
    if doc.layout == "plain":
        return [[Spec(label) for label in doc.labels]]
    n, t, d, r, p = doc.labels
    if doc.layout in ("grid_q", "grid_m"):
        names = quarter_labels(doc) if doc.layout == "grid_q" else [m.capitalize() for m in MONTHS]
        top: list[Spec | None] = [Spec(n, rows=2), Spec(t, rows=2), Spec(d, cols=len(names))]
        top += [None] * (len(names) - 1) + [Spec(r, rows=2), Spec(p, rows=2)]
        bottom: list[Spec | None] = [None, None, *[Spec(name) for name in names], None, None]
        return [top, bottom]
    if doc.layout == "startend2":
        return [
            [
                Spec(n, rows=2),
                Spec(t, rows=2),
                Spec(d, cols=2),
                None,
                Spec(r, rows=2),
                Spec(p, rows=2),
            ],
            [None, None, Spec("начало"), Spec("окончание"), None, None],
        ]
    if doc.layout == "startend":
        return [[Spec(n), Spec(t), Spec("Дата начала"), Spec("Дата окончания"), Spec(r), Spec(p)]]
    if doc.layout == "tworow":
        return [
            [Spec(n, rows=2), Spec(t, rows=2), Spec("Выполнение", cols=2), None, Spec(r, rows=2)],
            [None, None, Spec(d), Spec(p), None],
        ]
    if doc.layout == "threerow":
        return [
            [
                Spec(n, rows=3),
                Spec(t, rows=3),
                Spec("План реализации на 2025/2026 учебный год", cols=3),
                None,
                None,
            ],
            [None, None, Spec(d, rows=2), Spec("Исполнение", cols=2), None],
            [None, None, None, Spec(r), Spec(p)],
        ]
    return [[Spec(label) for label in doc.labels]]


def quarter_labels(doc: Doc) -> list[str]:
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    return [f"{roman[q]} квартал" if "roman" in doc.name else f"{q} кв." for q in QUARTERS]


def column_order(doc: Doc) -> list[str]:
    if doc.layout in ("tworow",):
        return ["number", "title", "deadline", "result", "responsible"]
    return ["number", "title", "deadline", "responsible", "result"]


def mark(doc: Doc) -> str:
    """The sign that marks a quarter or month, named by the document's name."""
    signs = {"plus": "+", "v": "V", "tick": "✓"}
    return signs.get(doc.name.rsplit("_", 1)[-1], "х")


def deadline_cells(doc: Doc, act: Act) -> list[str]:
    """The deadline as the layout writes it: one cell, start and end, or grid marks."""
    if doc.layout in ("startend", "startend2"):
        start, end = act.deadline.removeprefix("с ").split(" по ")
        return [start, end]
    if doc.layout == "grid_q":
        marked = act.deadline.removesuffix(" кв.").split(", ")
        return [mark(doc) if q in marked else "" for q in QUARTERS]
    if doc.layout == "grid_m":
        marked = act.deadline.split(", ")
        return [mark(doc) if m in marked else "" for m in MONTHS]
    if doc.no_deadline:
        return []
    return [act.deadline]


def numbered(doc: Doc) -> list[tuple[str, Act | Section]]:
    """Number the activities: «1.», «2.» or, inside sections, «1.1», «1.2»."""
    found: list[tuple[str, Act | Section]] = []
    section, count = "", 0
    for item in doc.acts:
        if isinstance(item, Section):
            if item.number:  # numbered sections number their activities afresh
                section, count = item.number.rstrip("."), 0
            found.append((item.number, item))
            continue
        count += 1
        found.append((f"{section}.{count}" if section else f"{count}.", item))
    return found


def body_rows(doc: Doc) -> list[list[str] | str]:
    """Body rows: a list of cell texts, or a str for a section row (one merged cell)."""
    rows: list[list[str] | str] = []
    items = numbered(doc)
    index = 0
    while index < len(items):
        number, item = items[index]
        if isinstance(item, Section):
            word = "Раздел " if "word" in doc.name else ""
            rows.append(f"{word}{item.number} {item.title}" if item.number else item.title)
            index += 1
            continue
        group = [(number, item)]
        if (
            len(rows) in doc.merged
            and index + 1 < len(items)
            and isinstance(items[index + 1][1], Act)
        ):
            group.append(items[index + 1])  # type: ignore[arg-type]
        columns = [row_values(doc, n, a) for n, a in group]  # type: ignore[arg-type]
        rows.append(["\n".join(values) for values in zip(*columns, strict=True)])
        index += len(group)
    return rows


def row_values(doc: Doc, number: str, act: Act) -> list[str]:
    values = {
        "number": [number],
        "title": [act.title],
        "deadline": deadline_cells(doc, act),
        "responsible": [", ".join(act.responsible)],
        "result": [act.result],
    }
    return [value for name in column_order(doc) for value in values[name]]


def width(doc: Doc) -> int:
    return len(header_rows(doc)[0])


def number_row(doc: Doc) -> list[str]:
    """The row of column numbers under a header («1 2 3 4 5»), where the layout has one."""
    if "numrow" not in doc.name and doc.layout != "threerow":
        return []
    return [str(column) for column in range(1, width(doc) + 1)]


def front_lines(doc: Doc) -> list[str]:
    lines = [line.format(region=doc.region, district=doc.district) for line in FRONT[doc.front]]
    return [*lines, *doc.title.split("\n")]


def set_widths(doc: Doc, table: object) -> None:
    """Columns as people set them: a narrow number, a wide title, the rest shared."""
    from docx.shared import Cm

    columns = width(doc)
    grid = {"grid_q": 4, "grid_m": len(MONTHS)}.get(doc.layout, 0)
    title = 8.0 if grid else 9.0
    rest = (25.0 - 1.2 - title - 1.3 * grid) / (columns - 2 - grid)
    sizes = [1.2, title] + [1.3] * grid + [rest] * (columns - 2 - grid)
    for index, column in enumerate(table.columns):  # type: ignore[attr-defined]
        column.width = Cm(sizes[index])
    for row in table.rows:  # type: ignore[attr-defined]
        for index, cell in enumerate(row.cells):
            cell.width = Cm(sizes[index])


def repeat_rows(table: object, count: int) -> None:
    """Mark the first rows as the header Word repeats at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for row in table.rows[:count]:  # type: ignore[attr-defined]
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(mark)


def write_docx(doc: Doc, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]  # plans are printed in landscape
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(10)
    lines = front_lines(doc)
    if doc.front_table:  # «СОГЛАСОВАНО» and «УТВЕРЖДАЮ» side by side in a table
        split, end = lines.index("УТВЕРЖДАЮ"), len(FRONT[doc.front])
        sides = document.add_table(rows=1, cols=2)
        sides.cell(0, 0).text = "\n".join(lines[:split])
        sides.cell(0, 1).text = "\n".join(lines[split:end])
        lines = lines[end:]
    for line in lines:
        document.add_paragraph(line)
    header = header_rows(doc)
    numbers = number_row(doc)
    body = body_rows(doc)
    table = document.add_table(rows=len(header) + bool(numbers) + len(body), cols=width(doc))
    table.style = "Table Grid"
    set_widths(doc, table)
    for r, row in enumerate(header):
        for c, spec in enumerate(row):
            if spec is None:
                continue
            cell = table.cell(r, c)
            if spec.cols > 1 or spec.rows > 1:
                cell = cell.merge(table.cell(r + spec.rows - 1, c + spec.cols - 1))
            cell.text = spec.text
    offset = len(header)
    if numbers:
        for c, text in enumerate(numbers):
            table.cell(offset, c).text = text
        offset += 1
    if doc.repeat_header:
        repeat_rows(table, offset)
    for r, values in enumerate(body, start=offset):
        if isinstance(values, str):
            cell = table.cell(r, 0).merge(table.cell(r, width(doc) - 1))
            cell.text = values
            continue
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.save(str(path))


def write_xlsx(doc: Doc, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "План"
    for line in front_lines(doc):
        sheet.append([line])
    first = sheet.max_row + 2
    for r, row in enumerate(header_rows(doc), start=first):
        for c, spec in enumerate(row, start=1):
            if spec is None:
                continue
            sheet.cell(r, c, spec.text)
            if spec.cols > 1 or spec.rows > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + spec.rows - 1,
                    end_column=c + spec.cols - 1,
                )
    r = first + len(header_rows(doc))
    numbers = number_row(doc)
    if numbers:
        for c, text in enumerate(numbers, start=1):
            sheet.cell(r, c, int(text))
        r += 1
    for values in body_rows(doc):
        if isinstance(values, str):
            sheet.cell(r, 1, values)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width(doc))
        else:
            for c, text in enumerate(values, start=1):
                if text:
                    sheet.cell(r, c, text)
        r += 1
    book.save(str(path))


def text_of_tab(doc: Doc) -> str:
    """Tab-separated rows as a copy from Word gives them; a section is one cell."""
    lines = [*front_lines(doc), ""]
    for row in header_rows(doc):
        lines.append("\t".join(spec.text if spec else "" for spec in row))
    numbers = number_row(doc)
    if numbers:
        lines.append("\t".join(numbers))
    for values in body_rows(doc):
        if isinstance(values, str):
            lines.append(values if "bare" in doc.name else values + "\t" * (width(doc) - 1))
        else:
            lines.append("\t".join(text.replace("\n", " ") for text in values))
    return "\n".join(lines) + "\n"


def text_of_lines(doc: Doc) -> str:
    """A Word table copied as a cell a line, each indented by a tab, rows between blank lines."""
    blocks = ["\n\n".join(front_lines(doc))]
    for row in header_rows(doc):
        blocks.append("\n".join(f"\t{spec.text}" for spec in row if spec))
    for values in body_rows(doc):
        if isinstance(values, str):
            blocks.append(f"\t{values}")
            continue
        blocks.append("\n".join(f"\t{line}" for text in values for line in text.split("\n")))
    return "\n\n".join(blocks) + "\n"


def expected(doc: Doc) -> dict[str, object]:
    """The fields the document says, by hand-written deadlines (DEADLINES)."""
    activities = []
    sections = []
    for number, item in numbered(doc):
        if isinstance(item, Section):
            sections.append({"number": item.number or None, "title": item.title})
            continue
        kind, start, end = DEADLINES[item.deadline]
        activities.append(
            {
                "number": number,
                "title": item.title,
                "deadline": None if doc.no_deadline else {"kind": kind, "start": start, "end": end},
                "responsible": item.responsible,
                "planned_result": item.result or None,
            }
        )
    found: dict[str, object] = {
        "kind": doc.expect_kind or KIND_OF_FRONT[doc.front],
        "sections": sections,
        "activities": activities,
    }
    if doc.no_deadline:
        found["warning"] = "не найден столбец сроков"
    return found


def write(doc: Doc, pdf_dir: Path) -> None:
    suffix = {"tab": "txt", "lines": "txt", "pdf": "docx"}.get(doc.fmt, doc.fmt)
    target = (pdf_dir if doc.fmt == "pdf" else HERE) / f"{doc.name}.{suffix}"
    if doc.fmt == "tab":
        target.write_text(text_of_tab(doc), encoding="utf-8")
    elif doc.fmt == "lines":
        target.write_text(text_of_lines(doc), encoding="utf-8")
    elif suffix == "docx":
        write_docx(doc, target)
    else:
        write_xlsx(doc, target)
    text = json.dumps(expected(doc), ensure_ascii=False, indent=1)
    (HERE / f"{doc.name}.expected.json").write_text(text + "\n", encoding="utf-8")


def acts(*indexes: int, **deadlines: str) -> list[Act | Section]:
    """Activities of the pool; `d3="3, 4 кв."` gives the 4th of them another deadline."""
    chosen: list[Act | Section] = []
    for position, index in enumerate(indexes):
        act = POOL[index]
        deadline = deadlines.get(f"d{position}", act.deadline)
        chosen.append(Act(act.title, deadline, act.responsible, act.result))
    return chosen


def grid(*pairs: tuple[int, str]) -> list[Act | Section]:
    return [Act(POOL[i].title, when, POOL[i].responsible, POOL[i].result) for i, when in pairs]


def with_sections(*parts: tuple[Section, list[Act | Section]]) -> list[Act | Section]:
    return [item for section, items in parts for item in (section, *items)]


ORGANISATION = Section("1.", "Организационно-управленческие меры")
STAFF = Section("2.", "Работа с педагогическими кадрами")
PUPILS = Section("3.", "Работа с обучающимися и родителями")
MANAGEMENT = Section("", "Управленческие меры")
TEACHERS = Section("", "Методическая поддержка учителей")

REGIONAL_TITLE = (
    "ПЛАН\nмероприятий по повышению качества образования в школах с низкими "
    "образовательными результатами {where} на 2025/2026 учебный год"
)
ROADMAP_TITLE = (
    "ДОРОЖНАЯ КАРТА\nпо поддержке школ с низкими результатами обучения {where} "
    "на 2025-2026 учебный год"
)
SCHEDULE_TITLE = (
    "План-график\nреализации мероприятий по повышению качества образования {where} "
    "в 2025/2026 учебном году"
)
PROGRAMME_TITLE = (
    "Программа перехода школы в эффективный режим работы\nМБОУ «СОШ № 7» на 2025/2026 учебный год"
)
SCHOOL_PLAN_TITLE = (
    "План мероприятий\nпо повышению качества образования МБОУ «СОШ № 7» на 2025/2026 учебный год"
)
DATE_LABELS = ("№", "Наименование мероприятия", "Дата проведения", "Ответственный", "Результат")
TERM_LABELS = (
    "№ п/п",
    "Содержание работы",
    "Срок проведения",
    "Исполнители",
    "Ожидаемый результат",
)
PERIOD_LABELS = ("№", "Мероприятия", "Период", "Ответственные", "Планируемый результат")
PLANNED_LABELS = (
    "№ п/п",
    "Наименование",
    "Планируемый срок",
    "Ответственный исполнитель",
    "Результат",
)
WORD_LABELS = (
    "№ п/п",
    "Наименование мероприятия",
    "Сроки исполнения",
    "Ответственные исполнители",
    "Ожидаемый результат",
)
GRID_LABELS = ("№ п/п", "Мероприятие", "Сроки исполнения", "Ответственные", "Результат")
MONTH_LABELS = ("№", "Мероприятие", "Месяц проведения", "Ответственный", "Результат")
BLANK_LABELS = ("", "Наименование мероприятия", "Срок", "Ответственные", "Результат")


def where(doc: Doc) -> str:
    return {
        "school": "",
        "municipal": "в {district}",
        "municipal_dept": "в {district}",
    }.get(doc.front, "в {region}")


def title(template: str, place: str) -> str:
    return template.replace("{where}", place).replace("  ", " ")


R1, R2, R3 = "Северной области", "Приозёрном крае", "Республике Светлогорье"
D1, D2, D3 = "Озёрском муниципальном округе", "Каменском районе", "городе Заречном"

DOCS: list[Doc] = [
    # 1. A Word table copied as text, a cell a line; two activities stacked in one row.
    Doc(
        "01_lines_region",
        "lines",
        "plain",
        "regional",
        title(REGIONAL_TITLE, f"в {R1}"),
        acts(0, 1, 2, 3, 4),
        labels=WORD_LABELS,
    ),
    Doc(
        "02_lines_merged",
        "lines",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D1}"),
        acts(0, 2, 3, 5, 6, 7, 8),
        merged=[1, 3],
    ),
    Doc(
        "03_lines_sections_word",
        "lines",
        "plain",
        "school",
        PROGRAMME_TITLE,
        with_sections((ORGANISATION, acts(14, 9)), (STAFF, acts(11, 12)), (PUPILS, acts(10))),
    ),
    Doc(
        "04_lines_merged_date",
        "lines",
        "plain",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D2}"),
        acts(9, 10, 15, 9, 10),
        labels=DATE_LABELS,
        merged=[0, 2],
    ),
    # 2. Other words for the deadline column; start and end columns; no deadline column.
    Doc(
        "05_date_docx",
        "docx",
        "plain",
        "regional_dept",
        title(REGIONAL_TITLE, f"в {R2}"),
        acts(9, 10, 15),
        labels=DATE_LABELS,
        region="Приозёрного края",
    ),
    Doc(
        "06_term_xlsx",
        "xlsx",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D2}"),
        acts(0, 1, 5, 6, 8),
        labels=TERM_LABELS,
        district="Каменского района",
    ),
    Doc(
        "07_period_pdf",
        "pdf",
        "plain",
        "regional",
        title(REGIONAL_TITLE, f"в {R3}"),
        acts(2, 3, 4, 7),
        labels=PERIOD_LABELS,
        region="Республики Светлогорье",
    ),
    Doc(
        "08_execution_tab",
        "tab",
        "plain",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D3}"),
        acts(1, 6, 12, 13),
        labels=WORD_LABELS,
        district="города Заречного",
    ),
    Doc(
        "09_planned_xlsx",
        "xlsx",
        "plain",
        "school",
        SCHOOL_PLAN_TITLE,
        acts(14, 9, 10, 12, 7),
        labels=PLANNED_LABELS,
    ),
    Doc(
        "10_startend2_docx",
        "docx",
        "startend2",
        "regional",
        title(REGIONAL_TITLE, f"в {R1}"),
        acts(
            0,
            2,
            5,
            6,
            d0="с 01.09.2025 по 31.05.2026",
            d1="с 01.10.2025 по 30.11.2025",
            d2="с 12.01.2026 по 27.02.2026",
            d3="с 02.03.2026 по 29.05.2026",
        ),
        labels=GRID_LABELS,
    ),
    Doc(
        "11_startend_xlsx",
        "xlsx",
        "startend",
        "municipal",
        title(ROADMAP_TITLE, f"в {D1}"),
        acts(
            3,
            11,
            13,
            d0="с 01.09.2025 по 31.05.2026",
            d1="с 01.10.2025 по 30.11.2025",
            d2="с 02.03.2026 по 29.05.2026",
        ),
    ),
    Doc(
        "12_startend2_pdf",
        "pdf",
        "startend2",
        "school",
        PROGRAMME_TITLE,
        acts(
            9,
            12,
            14,
            d0="с 12.01.2026 по 27.02.2026",
            d1="с 01.10.2025 по 30.11.2025",
            d2="с 01.09.2025 по 31.05.2026",
        ),
        labels=TERM_LABELS,
    ),
    Doc(
        "13_no_deadline_tab",
        "tab",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D2}"),
        acts(1, 2, 3),
        labels=("№ п/п", "Мероприятие", "Ответственные", "Результат"),
        district="Каменского района",
        no_deadline=True,
    ),
    # 3. Headers over two or three rows; the row of column numbers.
    Doc(
        "14_tworow_docx",
        "docx",
        "tworow",
        "municipal",
        title(ROADMAP_TITLE, f"в {D3}"),
        acts(0, 4, 6, 8),
        district="города Заречного",
    ),
    Doc(
        "15_tworow_xlsx",
        "xlsx",
        "tworow",
        "regional",
        title(REGIONAL_TITLE, f"в {R2}"),
        acts(1, 5, 7, 11),
        region="Приозёрного края",
    ),
    Doc(
        "16_threerow_docx",
        "docx",
        "threerow",
        "regional_committee",
        title(SCHEDULE_TITLE, f"в {R3}"),
        acts(2, 3, 12, 13),
        region="Республики Светлогорье",
    ),
    Doc(
        "17_threerow_xlsx",
        "xlsx",
        "threerow",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D1}"),
        acts(0, 6, 7, 8),
    ),
    Doc(
        "18_numrow_tab",
        "tab",
        "plain",
        "school",
        SCHOOL_PLAN_TITLE,
        acts(14, 10, 9, 11),
        labels=TERM_LABELS,
    ),
    Doc(
        "19_numrow_pdf",
        "pdf",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D2}"),
        acts(1, 3, 5, 8),
        labels=WORD_LABELS,
        district="Каменского района",
    ),
    Doc(
        "20_threerow_pdf",
        "pdf",
        "threerow",
        "regional",
        title(REGIONAL_TITLE, f"в {R1}"),
        acts(0, 2, 4, 6),
    ),
    # 4. Grids of quarters or months marked with «х», «+», «V», «✓».
    Doc(
        "21_grid_q_docx_x",
        "docx",
        "grid_q",
        "regional",
        title(REGIONAL_TITLE, f"в {R2}"),
        grid((0, "3 кв."), (2, "3, 4 кв."), (5, "4, 1 кв."), (7, "1, 2 кв.")),
        labels=GRID_LABELS,
        region="Приозёрного края",
    ),
    Doc(
        "22_grid_q_roman_xlsx_plus",
        "xlsx",
        "grid_q",
        "municipal",
        title(ROADMAP_TITLE, f"в {D1}"),
        grid((1, "3, 1 кв."), (3, "2 кв."), (4, "4 кв."), (6, "3, 4 кв.")),
        labels=GRID_LABELS,
    ),
    Doc(
        "23_grid_q_pdf_v",
        "pdf",
        "grid_q",
        "school",
        PROGRAMME_TITLE,
        grid((14, "3 кв."), (11, "4, 1 кв."), (10, "2 кв.")),
        labels=GRID_LABELS,
    ),
    Doc(
        "24_grid_m_xlsx_tick",
        "xlsx",
        "grid_m",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D3}"),
        grid((0, "сентябрь"), (2, "октябрь, ноябрь"), (5, "январь, февраль, март"), (8, "май")),
        labels=MONTH_LABELS,
        district="города Заречного",
    ),
    Doc(
        "25_grid_m_docx_x",
        "docx",
        "grid_m",
        "school",
        SCHOOL_PLAN_TITLE,
        grid((9, "ноябрь, февраль"), (12, "декабрь"), (10, "сентябрь")),
        labels=MONTH_LABELS,
    ),
    Doc(
        "26_grid_q_roman_tab_plus",
        "tab",
        "grid_q",
        "regional",
        title(REGIONAL_TITLE, f"в {R3}"),
        grid((1, "1, 2 кв."), (4, "3, 4 кв."), (6, "4 кв.")),
        labels=GRID_LABELS,
        region="Республики Светлогорье",
    ),
    # 5. A number column without a header; sections as one merged cell or one filled cell.
    Doc(
        "27_blank_number_docx",
        "docx",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D2}"),
        acts(0, 1, 2, 3),
        labels=BLANK_LABELS,
        district="Каменского района",
    ),
    Doc(
        "28_blank_number_sections_xlsx",
        "xlsx",
        "plain",
        "regional",
        title(REGIONAL_TITLE, f"в {R1}"),
        with_sections((ORGANISATION, acts(0, 4)), (STAFF, acts(5, 11))),
        labels=BLANK_LABELS,
    ),
    Doc(
        "29_blank_number_word_tab",
        "tab",
        "plain",
        "school",
        PROGRAMME_TITLE,
        with_sections((ORGANISATION, acts(14)), (STAFF, acts(11, 12)), (PUPILS, acts(10))),
        labels=BLANK_LABELS,
    ),
    Doc(
        "30_sections_merged_pdf",
        "pdf",
        "plain",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D1}"),
        with_sections((ORGANISATION, acts(1, 4)), (STAFF, acts(5, 6))),
        labels=TERM_LABELS,
    ),
    Doc(
        "31_sections_bare_tab",
        "tab",
        "plain",
        "regional_dept",
        title(REGIONAL_TITLE, f"в {R2}"),
        with_sections((ORGANISATION, acts(0, 1)), (PUPILS, acts(10, 15))),
        labels=PERIOD_LABELS,
        region="Приозёрного края",
    ),
    Doc(
        "32_sections_word_docx",
        "docx",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D3}"),
        with_sections((ORGANISATION, acts(1, 2)), (STAFF, acts(11, 13))),
        labels=WORD_LABELS,
        district="города Заречного",
    ),
    # 6. The kind by who issued and approved the document, not by title words alone.
    Doc(
        "33_kind_regional_roadmap_docx",
        "docx",
        "plain",
        "regional",
        title(ROADMAP_TITLE, f"в {R1}"),
        acts(0, 2, 4),
    ),
    Doc(
        "34_kind_committee_xlsx",
        "xlsx",
        "plain",
        "regional_committee",
        title(ROADMAP_TITLE, f"в {R3}"),
        acts(3, 5, 7),
        region="Республики Светлогорье",
    ),
    Doc(
        "35_kind_municipal_plan_tab",
        "tab",
        "plain",
        "municipal_dept",
        title(REGIONAL_TITLE, f"в {D2}"),
        acts(6, 8, 1),
        district="Каменского района",
    ),
    Doc("36_kind_school_plan_docx", "docx", "plain", "school", SCHOOL_PLAN_TITLE, acts(9, 10, 12)),
    Doc(
        "37_kind_school_department_pdf",
        "pdf",
        "plain",
        "school",
        PROGRAMME_TITLE,
        acts(14, 11, 13),
        district="Каменского района",
    ),
    # More of 1 and 5: stacked activities in Word and Excel; sections without numbers.
    Doc(
        "38_merged_rows_docx",
        "docx",
        "plain",
        "regional_dept",
        title(REGIONAL_TITLE, f"в {R3}"),
        acts(0, 1, 2, 3, 4),
        labels=WORD_LABELS,
        merged=[1],
        region="Республики Светлогорье",
    ),
    Doc(
        "39_merged_rows_xlsx",
        "xlsx",
        "plain",
        "municipal",
        title(ROADMAP_TITLE, f"в {D2}"),
        acts(5, 6, 7, 8),
        merged=[0],
        district="Каменского района",
    ),
    Doc(
        "40_sections_unnumbered_tab",
        "tab",
        "plain",
        "municipal_dept",
        title(SCHEDULE_TITLE, f"в {D1}"),
        with_sections((MANAGEMENT, acts(0, 1, 4)), (TEACHERS, acts(5, 11))),
        labels=TERM_LABELS,
    ),
    Doc(
        "41_sections_unnumbered_xlsx",
        "xlsx",
        "plain",
        "regional_committee",
        title(ROADMAP_TITLE, f"в {R3}"),
        with_sections((MANAGEMENT, acts(2, 3)), (TEACHERS, acts(6, 12))),
        labels=PERIOD_LABELS,
        region="Республики Светлогорье",
    ),
    # Pages: a long plan whose header of three rows and column numbers repeat on each page.
    Doc(
        "42_pages_threerow_pdf",
        "pdf",
        "threerow",
        "municipal",
        title(ROADMAP_TITLE, f"в {D3}"),
        acts(*range(16), *range(16)),
        district="города Заречного",
        repeat_header=True,
    ),
    Doc(
        "43_kind_school_approval_table_docx",
        "docx",
        "plain",
        "school",
        SCHOOL_PLAN_TITLE,
        acts(3, 4, 9, 13),
        labels=TERM_LABELS,
        front_table=True,
    ),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as pdf_dir:
        for doc in DOCS:
            write(doc, Path(pdf_dir))
        sources = sorted(Path(pdf_dir).glob("*.docx"))
        if sources and not shutil.which("soffice"):
            sys.exit("LibreOffice (soffice) is needed for the PDF documents")
        if sources:
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(HERE),
                    *map(str, sources),
                ],
                check=True,
                capture_output=True,
            )


if __name__ == "__main__":
    main()
