"""The simple markup of a municipality's model description: headings, paragraphs, lists.

    ## Заголовок раздела
    Абзац текста, можно в несколько строк.

    - пункт списка
    - ещё пункт

Pure functions: text to blocks, and a .docx's text to the same markup (so an uploaded
Word file becomes text one can still edit on the page).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import docx

Kind = Literal["heading", "paragraph", "item"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


def parse(text: str) -> list[Block]:
    """Return the blocks of `text`: «## » a heading, «- » an item, a blank line a paragraph."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("paragraph", " ".join(lines)))
            lines.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("#"):
            flush()
            heading = line.lstrip("#").strip()
            if heading:
                blocks.append(Block("heading", heading))
        elif line[:2] in ("- ", "* ", "• "):
            flush()
            blocks.append(Block("item", line[2:].strip()))
        elif not line:
            flush()
        else:
            lines.append(line)
    flush()
    return blocks


def grouped(blocks: list[Block]) -> list[tuple[Kind, list[str]]]:
    """Join consecutive items into one list, for a page: (kind, its texts)."""
    out: list[tuple[Kind, list[str]]] = []
    for block in blocks:
        if block.kind == "item" and out and out[-1][0] == "item":
            out[-1][1].append(block.text)
        else:
            out.append((block.kind, [block.text]))
    return out


def pages(count: int) -> str:
    """About how many A4 pages of 14-point text `count` words fill (some 350 a page)."""
    if count < 300:
        return "меньше страницы"
    n = round(count / 350) or 1
    return f"около {n} страниц" if n > 1 else "около страницы"  # «около» takes the genitive


def words(text: str) -> int:
    return sum(len(block.text.split()) for block in parse(text))


def docx_markup(data: bytes) -> str:
    """Return a Word document's text as markup: its headings, list items and paragraphs."""
    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        if style.startswith(("heading", "заголовок", "title")):
            out.append(f"\n## {text}\n")
        elif "list" in style or "спис" in style:
            out.append(f"- {text}")
        else:
            out.append(f"\n{text}\n")
    return "\n".join(out).replace("\n\n\n", "\n\n").strip() + "\n"
