"""A document's title, academic years and approval line, from the paragraphs before its tables."""

from __future__ import annotations

import re

from orientir.imports.readers.grid import Grid, Row
from orientir.lib.russian import parse_month
from orientir.lib.textclean import clean

_TITLE_START = re.compile(
    r"^(план\b|план-график|дорожная карта|отч[её]т|программа|выполнение плана)", re.I
)
_SPAN = re.compile(r"(?<!\d)(20\d{2})\s*[-–—/]\s*(20\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_DATE = re.compile(r"(?<!\d)\d{1,2}(?:\.(\d{1,2})\.|\s+([а-я]+)\s+)(20\d{2})", re.I)
_APPROVAL = re.compile(r"от\s+\d{1,2}\.\d{1,2}\.\d{4}\s*(?:г\.?)?\s*№\s*\S+")


def leading_paragraphs(grid: Grid, header: Row | None = None) -> list[str]:
    """Return the paragraphs before the first table (or all, if there is none).

    A table of approval blocks («СОГЛАСОВАНО» | «УТВЕРЖДАЮ») may stand above the title:
    when the first table is not the plan's and holds one row, the paragraphs after it count.
    """
    found = []
    tables: set[int | None] = set()
    for row in grid.rows:
        if row is header:
            break
        if not row.is_paragraph:
            tables.add(row.table)
            if len(tables) > 1 or sum(1 for r in grid.rows if r.table == row.table) > 1:
                break
            continue
        found.append(row.values[0] if row.values else "")
    return [text for text in found if text]


def find_title(paragraphs: list[str]) -> str:
    """Return the title: the paragraph naming the document, with its continuation."""
    for index, text in enumerate(paragraphs):
        if _TITLE_START.match(text):
            if len(text.split()) <= 3 and index + 1 < len(paragraphs):
                index += 1
                text = f"{text} {paragraphs[index]}"
            # A PDF gives each line of a title apart: a line in small letters goes on.
            for following in paragraphs[index + 1 :]:
                if not following[:1].islower():
                    break
                text = f"{text} {following}"
            return text
    return paragraphs[0] if paragraphs else ""


def academic_years(title: str, paragraphs: list[str]) -> list[str]:
    """Derive the plan's academic years from its title, else from a date near the top."""
    span = _SPAN.search(title)
    if span:
        first, last = int(span[1]), int(span[2])
        single = last == first + 1 and ("учебн" in title.lower() or span[0].count("/"))
        if last <= first or single:
            return [f"{first}/{first + 1}"]
        return [f"{year}/{year + 1}" for year in range(first, last)]
    year = _YEAR.search(title)
    if year:
        return [f"{year[1]}/{int(year[1]) + 1}"]
    for text in paragraphs:  # «МБОУ «СОШ № 7» на 2025/2026 учебный год» under the title
        span = _SPAN.search(text)
        if span and int(span[2]) == int(span[1]) + 1 and "учебн" in text.lower():
            return [f"{span[1]}/{span[2]}"]
    for text in paragraphs:
        start = _year_of_date(text)
        if start is not None:
            return [f"{start}/{start + 1}"]
    return []


def _year_of_date(text: str) -> int | None:
    """Return the academic year that contains the first date written in `text`."""
    match = _DATE.search(text)
    if not match:
        return None
    year = int(match[3])
    if match[1]:
        month = int(match[1])
    else:
        month = parse_month(match[2]) or 0
        if not month:
            return None
    return year if month >= 9 else year - 1


def approval_text(paragraphs: list[str]) -> str:
    """Return «приказом … от 26.09.2016 № 4537» when the document says how it was approved."""
    for text in paragraphs:
        match = _APPROVAL.search(text)
        if match and "утвержд" in text.lower():
            return match[0]
    return ""


# Who issues or approves a document, by level. A school is named by its kind (МБОУ «СОШ
# № 7», гимназия); a region by its ministry, or a department or committee of a region
# (области, края, республики); a municipality by its authority within an administration.
_SCHOOL = re.compile(
    r"\b(мбоу|маоу|мкоу|моу|моау|мобу|гбоу\s+сош|сош|оош|гимнази\w*|лице[йя]\w*)\b"
    r"|\bшкол[аы]\s*№|директор\w*\s+школ"
)
_REGION_WORDS = r"(област|кра[йяюе]\b|республик|автономн|москв|санкт-петербург|севастопол)"
_REGIONAL = re.compile(
    rf"министерств|правительств|(департамент|комитет)\w*\s+(?!.*администрац).*{_REGION_WORDS}"
)
_MUNICIPAL = re.compile(
    r"(управлени|отдел|комитет|департамент)\w*\s+(по\s+)?образовани|администрац\w*\s.*"
    r"(район|округ|город|муниципальн)"
)
_APPROVED = re.compile(r"^[«\"]?\s*утвержд", re.I)
_AGREED = re.compile(r"^[«\"]?\s*(согласован|рассмотрен|принят)", re.I)
_LEVEL_KINDS = {"regional": "regional_plan", "municipal": "roadmap", "school": "school_programme"}


def front_lines(grid: Grid, header: Row | None) -> list[str]:
    """The lines before the activity table: paragraphs and the cells of tables above it."""
    lines: list[str] = []
    for row in grid.rows:
        if row is header:
            break
        for cell in row.cells:
            lines.extend(clean(line) for line in cell.text.splitlines() if clean(line))
    return lines


def level_of(text: str) -> str | None:
    """Say whose words `text` are: a school's, a region's or a municipality's."""
    lowered = text.lower().replace("ё", "е")
    if _SCHOOL.search(lowered):
        return "school"
    if _REGIONAL.search(lowered):
        return "regional"
    if _MUNICIPAL.search(lowered):
        return "municipal"
    return None


def issuer_level(lines: list[str]) -> str | None:
    """Who issued the document: the approval block first, else the lines above the title.

    «УТВЕРЖДЕН приказом министерства…» or «УТВЕРЖДАЮ Директор МБОУ…» decides; a
    «СОГЛАСОВАНО» block names someone else and is left out.
    """
    approval: list[str] = []
    issuer: list[str] = []
    block: list[str] | None = issuer
    left = 0
    for line in lines:
        if _TITLE_START.match(line):
            break
        if _APPROVED.match(line) or _AGREED.match(line):
            block, left = (approval if _APPROVED.match(line) else None), 4
        elif left == 0:
            block = issuer
        left = max(0, left - 1)
        if block is not None:
            block.append(line)
    for texts in (approval, issuer):
        level = level_of(" ".join(texts)) if texts else None
        if level:
            return level
    return None


def guess_kind(
    title: str, is_report: bool, has_passport: bool, front: list[str] | None = None
) -> str:
    """Detect the kind of plan: who issued or approved it, else the title's words."""
    lowered = title.lower()
    if is_report:
        return "report"
    level = issuer_level(front or [])
    if level:
        return _LEVEL_KINDS[level]
    if "программа перехода" in lowered or "программа повышения" in lowered:
        return "school_programme"
    if "дорожная карта" in lowered or has_passport:
        return "roadmap"
    return "regional_plan"
