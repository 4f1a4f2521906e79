"""The geometry of a scanned page: its table's ruling lines, and the recognised words in cells.

Ink is told from paper by Otsu's threshold of each page. Horizontal ruling lines are straight
dark runs far longer than any letter's stroke (a centimetre, three in all), looked for at
100 dpi; a page scanned askew is first turned level by its longest one. A band between two
horizontal lines is a table row when at least two borders cross it (the frame), a border
being ink over the row's whole height, which no letter fills; its cells are the spaces
between the borders, so a merged cell spans several columns.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orientir.imports.readers.grid import Cell, Row

DARK = 160  # grey levels below this are ink, where a page's own level cannot be found
LINE_DPI = 100  # ruling lines are looked for at this coarser resolution: nine times faster
GAP = 2  # coarse pixels a ruling line may break for (a worn scan) and still be one line
INK = 40  # dark pixels a cell needs to be worth reading again (dust is fewer)
BORDER = 0.9  # a cell's border is ink over this share of its row's height
_RESIDUE = re.compile(r"^[|¦_—–\-.,:;'`]+$")  # a line's remains, a speck of dust
_NUMBER_DOTS = re.compile(r"^(\d+(?:\.\d+)*)\.{2,}$")


def runs(dark: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Mark the pixels lying in a straight dark run at least `length` long along `axis`."""
    moved = np.moveaxis(dark, axis, -1)
    size = moved.shape[-1]
    if size < length:
        return np.zeros_like(dark)
    zero = np.zeros((*moved.shape[:-1], 1), dtype=np.int32)
    total = np.concatenate([zero, np.cumsum(moved, axis=-1, dtype=np.int32)], axis=-1)
    full = (total[..., length:] - total[..., :-length]) == length  # a run starts here
    # a pixel lies in a run when a full window starts at most `length - 1` before it
    pad = np.zeros((*moved.shape[:-1], length - 1), dtype=bool)
    starts = np.concatenate(
        [zero, np.cumsum(np.concatenate([pad, full, pad], axis=-1), axis=-1, dtype=np.int32)],
        axis=-1,
    )
    covered = (starts[..., length : length + size] - starts[..., :size]) > 0
    return np.moveaxis(covered, -1, axis)


def ink_level(grey: np.ndarray) -> int:
    """Otsu's threshold of a grey picture: the level that best parts ink from paper.

    A fixed level fails on grey paper or a pale print; Otsu's adapts to each page.
    """
    counts = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    below = np.cumsum(counts)
    above = below[-1] - below
    sums = np.cumsum(counts * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        dark_mean = sums / below
        light_mean = (sums[-1] - sums) / above
        spread = below * above * (dark_mean - light_mean) ** 2
    level = int(np.nanargmax(spread)) if np.isfinite(spread).any() else DARK
    return min(max(level, 60), 220)  # a blank page has no ink to part


def coarse(dark: np.ndarray, step: int) -> np.ndarray:
    """Shrink an ink mask `step` times each way; a coarse pixel is ink if any of its pixels is."""
    height, width = dark.shape[0] // step, dark.shape[1] // step
    blocks = dark[: height * step, : width * step].reshape(height, step, width, step)
    return blocks.any(axis=(1, 3))


def fine(mask: np.ndarray, step: int, shape: tuple[int, ...]) -> np.ndarray:
    """Grow a coarse mask back to the picture's `shape`."""
    grown = np.repeat(np.repeat(mask, step, axis=0), step, axis=1)
    result = np.zeros(shape, dtype=bool)
    result[: grown.shape[0], : grown.shape[1]] = grown
    return result


def bands(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Group the true places of a 1-D profile into (first, last) bands, allowing small gaps."""
    found: list[tuple[int, int]] = []
    for place in np.flatnonzero(profile).tolist():
        if found and place - found[-1][1] <= gap:
            found[-1] = (found[-1][0], place)
        else:
            found.append((place, place))
    return found


@dataclass
class Line:
    """One ruling line: where it lies across (first, last pixel) and which pixels it covers."""

    first: int
    last: int
    cover: np.ndarray  # along the line: True where ink of the line is

    @property
    def middle(self) -> int:
        return (self.first + self.last) // 2


def lines(mask: np.ndarray, axis: int, least: int, step: int, size: int) -> list[Line]:
    """Find the ruling lines in a coarse mask of long runs (axis 1: horizontal, 0: vertical).

    Their places are given in the picture's pixels (`step` of them a coarse one, `size`
    along the line).
    """
    found = []
    for first, last in bands(mask.any(axis=axis), GAP):
        part = mask[first : last + 1, :] if axis == 1 else mask[:, first : last + 1]
        cover = part.any(axis=1 - axis)
        if int(cover.sum()) >= least:
            along = np.zeros(size, dtype=bool)
            stretched = np.repeat(cover, step)[:size]
            along[: stretched.size] = stretched
            found.append(Line(first * step, last * step + step - 1, along))
    return found


def skew(horizontal: np.ndarray) -> float:
    """The angle in degrees (counter-clockwise) that makes the longest ruling line level."""
    best: tuple[int, int] | None = None
    for first, last in bands(horizontal.any(axis=1), GAP):
        length = int(horizontal[first : last + 1].any(axis=0).sum())
        if best is None or length > best[1] - best[0]:
            best, longest = (first, last), length
    if best is None or longest < horizontal.shape[1] // 4:
        return 0.0
    part = horizontal[best[0] : best[1] + 1]
    columns = np.flatnonzero(part.any(axis=0))
    rows = np.arange(part.shape[0])[:, None]
    middles = (part[:, columns] * rows).sum(axis=0) / part[:, columns].sum(axis=0)
    slope = float(np.polyfit(columns, middles, 1)[0])
    return float(np.degrees(np.arctan(slope)))


@dataclass
class Page:
    """A page's picture, its ruling lines and the words Tesseract read on it."""

    picture: Any  # a grey PIL image
    dpi: int
    across: list[Line]  # horizontal lines, top to bottom
    rows: list[Band]  # the table rows between the horizontal lines, with their borders
    erase: np.ndarray
    words: list[dict[str, str]] = field(default_factory=list)
    clean: Any = None
    dark: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    @classmethod
    def from_picture(cls, picture: Any, dpi: int) -> Page:
        """Find the lines of a page's picture, turned straight first if it was scanned askew."""
        grey = np.asarray(picture)
        level = ink_level(grey)
        dark = grey < level
        step = max(dpi // LINE_DPI, 1)
        small, low = coarse(dark, step), dpi / step
        horizontal = runs(small, int(low * 10 / 25.4), axis=1)  # a centimetre
        angle = skew(horizontal)
        if abs(angle) > 0.05:  # degrees; a crooked line's rows would lose the ends of words
            from PIL import Image

            straight = picture.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            return cls.from_picture(straight, dpi)
        width = dark.shape[1]
        across = lines(horizontal, 1, int(low * 30 / 25.4), step, width)  # 3 cm at least
        erase = horizontal | runs(small, int(low * 6 / 25.4), axis=0)  # six millimetres down
        rows = row_bands(small, across, step, erase)
        # grown by a coarse pixel each way: the grey edge of a line is read as «|» or «1»
        erase[1:] |= erase[:-1].copy()
        erase[:-1] |= erase[1:].copy()
        erase[:, 1:] |= erase[:, :-1].copy()
        erase[:, :-1] |= erase[:, 1:].copy()
        # letters are kept a little fuller than the lines are found: a full stop stays one
        letters = grey < (3 * level + 255) // 4
        return cls(picture, dpi, across, rows, fine(erase, step, dark.shape), dark=letters)

    def cleaned(self) -> Any:
        """The picture with its ruling lines painted white, so they are not read as letters."""
        from PIL import Image

        if self.clean is None:
            # black on white: Tesseract's own thresholding misreads «1.1.» on a noisy scan
            pixels = np.where(self.dark & ~self.erase, 0, 255).astype(np.uint8)
            self.clean = Image.fromarray(pixels)
        return self.clean

    def unread_cells(self) -> list[tuple[int, int, int, int]]:
        """The boxes (left, top, right, bottom) of table cells with ink but no word read.

        Tesseract reading a whole page drops short lone marks («3.», «+»); such a cell is
        read again on its own.
        """
        ink = np.asarray(self.cleaned()) < DARK
        words = [Word.from_tsv(row) for row in self.words]
        margin = max(self.dpi // 50, 2)
        found = []
        for band in table_bands(self):
            for left, right in zip(band.borders, band.borders[1:], strict=False):
                box = (left + margin, band.top + margin, right - margin, band.bottom - margin)
                if box[2] <= box[0] or box[3] <= box[1]:
                    continue
                if any(box[0] <= w.x <= box[2] and box[1] <= w.y <= box[3] for w in words):
                    continue
                if int(ink[box[1] : box[3], box[0] : box[2]].sum()) >= INK:
                    found.append(box)
        return found


@dataclass
class Word:
    text: str
    x: float  # the middle of the word
    y: float
    height: int
    key: tuple[str, str, str]  # Tesseract's block, paragraph and line

    @classmethod
    def from_tsv(cls, row: dict[str, str]) -> Word:
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        key = (row["block_num"], row["par_num"], row["line_num"])
        return cls(row["text"].strip(), left + width / 2, top + height / 2, height, key)


@dataclass
class Band:
    """A table row found on the page: its top and bottom and the x of its cells' borders."""

    top: int
    bottom: int
    borders: list[int]
    words: list[Word] = field(default_factory=list)


def page_rows(page: Page, place: str, first_table: int) -> tuple[list[Row], int]:
    """Return the page's rows in reading order, and the index the next table will get."""
    tables = group_tables(table_bands(page), page.dpi // 10)
    loose: list[Word] = []
    for word in (Word.from_tsv(row) for row in page.words):
        band = next((b for bands in tables for b in bands if inside(word, b)), None)
        (band.words if band else loose).append(word)
    items: list[tuple[float, Row]] = []
    for index, bands_of_table in enumerate(tables, start=first_table):
        borders = table_borders(bands_of_table)
        for number, band in enumerate(bands_of_table, start=1):
            items.append((band.top, band_row(band, borders, index, place, number)))
    items.extend(paragraphs(loose, place))
    items.sort(key=lambda item: item[0])
    return [row for _, row in items], first_table + len(tables)


def table_bands(page: Page) -> list[Band]:
    return page.rows


def row_bands(small: np.ndarray, across: list[Line], step: int, erase: np.ndarray) -> list[Band]:
    """The table rows: bands between neighbouring horizontal lines crossed by two borders or more.

    A border is a column of ink from one line to the next: a letter never fills a row's
    whole height, so a cell's left edge of text is not taken for one, and a short header
    row keeps its borders. The borders found are marked in `erase` (coarse pixels).
    """
    found = []
    for upper, lower in itertools.pairwise(across):
        top, bottom = upper.last // step + 1, lower.first // step
        if bottom - top < 2:  # a double line, not a row
            continue
        columns = bands(small[top:bottom].mean(axis=0) >= BORDER, GAP)
        if len(columns) >= 2:
            middles = [(first + last) // 2 * step + step // 2 for first, last in columns]
            found.append(Band(top * step, bottom * step, middles))
            for first, last in columns:
                erase[top - 1 : bottom + 1, first : last + 1] = True
    return found


def group_tables(found: list[Band], gap: int) -> list[list[Band]]:
    """Split the bands into tables where text or space stands between them."""
    tables: list[list[Band]] = []
    for band in found:
        if tables and band.top - tables[-1][-1].bottom <= gap:
            tables[-1].append(band)
        else:
            tables.append([band])
    return tables


def table_borders(found: list[Band]) -> list[int]:
    """Every column border of a table, one for the lines of all its rows that meet."""
    merged: list[int] = []
    for border in sorted(b for band in found for b in band.borders):
        if merged and border - merged[-1] <= 12:  # a millimetre at 300 dpi
            continue
        merged.append(border)
    return merged


def column_of(x: int, borders: list[int]) -> int:
    """The table column whose left border is nearest to `x`."""
    return min(range(len(borders)), key=lambda index: abs(borders[index] - x))


def inside(word: Word, band: Band) -> bool:
    return band.top <= word.y <= band.bottom and band.borders[0] <= word.x <= band.borders[-1]


def band_row(band: Band, borders: list[int], table: int, place: str, line: int) -> Row:
    """Build a table row: a merged cell spans the columns it covers, which stay empty."""
    cells: list[Cell] = []
    edges = [column_of(x, borders) for x in band.borders]
    for text, first, last in zip(cell_texts(band), edges, edges[1:], strict=False):
        cells.extend(Cell("", column) for column in range(len(cells), first))
        cells.append(Cell(text, first, span=max(last - first, 1)))
        cells.extend(Cell("", column) for column in range(first + 1, last))
    return Row(tuple(cells), line, table=table, place=place)


def cell_texts(band: Band) -> list[str]:
    """The text of each cell of a band, its words in lines as they were written."""
    cells: list[list[Word]] = [[] for _ in band.borders[1:]]
    for word in band.words:
        column = sum(1 for border in band.borders[1:-1] if border < word.x)
        cells[column].append(word)
    return [written(words) for words in cells]


def tidy(words: list[Word]) -> list[Word]:
    """Drop the dashes and bars a ruling line leaves beside real words; mend «2..» to «2.»."""
    kept = [w for w in words if not _RESIDUE.match(w.text)] or words
    for word in kept:
        word.text = _NUMBER_DOTS.sub(r"\1.", word.text)
    return kept


def written(words: list[Word]) -> str:
    """Join a cell's words line by line as Tesseract saw the lines, top to bottom."""
    lines_of: dict[tuple[str, str, str], list[Word]] = {}
    for word in tidy(words):
        lines_of.setdefault(word.key, []).append(word)
    ordered = sorted(lines_of.values(), key=lambda line: sum(w.y for w in line) / len(line))
    return "\n".join(" ".join(w.text for w in sorted(line, key=lambda w: w.x)) for line in ordered)


def paragraphs(words: list[Word], place: str) -> list[tuple[float, Row]]:
    """Each line Tesseract read outside tables becomes a paragraph."""
    grouped: dict[tuple[str, str, str], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.key, []).append(word)
    found = []
    for number, line in enumerate(sorted(grouped.values(), key=lambda ws: ws[0].y), start=1):
        text = " ".join(word.text for word in sorted(line, key=lambda w: w.x))
        found.append((min(w.y for w in line), Row((Cell(text, 0),), number, place=place)))
    return found
