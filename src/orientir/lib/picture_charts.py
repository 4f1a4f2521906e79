"""Charts as PNG pictures for documents (Word, and PDF through it); nothing of the domain.

Drawn with Pillow, which Ориентир has already (pdfplumber needs it): a grouped bar chart is a
few rectangles and labels, not worth matplotlib and its weight. The pages' charts stay SVG
(`orientir.lib.charts`); a Word document takes a picture. Text is set in Liberation Sans
(or DejaVu Sans) from Debian's fonts, which have Cyrillic; without them Pillow's own font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

FONTS = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
# Greys and one blue, told apart in black and white print too (the series are also labelled).
COLOURS = ("#9aa5b1", "#5b6b7d", "#1f5aa6", "#0b2e59", "#c3cbd4", "#3c4a5a")


@dataclass(frozen=True)
class Series:
    name: str  # e.g. the academic year
    values: Sequence[float | None]  # one per category; None: no value


def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _lines(text: str, fits: int) -> list[str]:
    """Up to three lines of at most `fits` characters, broken at spaces, the last cut short."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= fits:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + "…"]
    return [line if len(line) <= fits else line[: fits - 1] + "…" for line in lines]


def grouped_bars(
    title: str, categories: Sequence[str], series: Sequence[Series], *, width: int = 1600
) -> bytes:
    """Return a PNG: for each category a group of vertical bars, one per series, labelled."""
    height, top, bottom, left = 700, 80, 150, 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    tiny, small, normal = _font(14), _font(18), _font(24)
    draw.text((left, 20), title, fill="black", font=normal)
    values = [v for s in series for v in s.values if v is not None]
    scale = (max(values) if values else 0) or 1
    plot_h = height - top - bottom
    group_w = (width - left * 2) / max(len(categories), 1)
    bar_w = min(60.0, group_w * 0.8 / max(len(series), 1))
    base = top + plot_h
    draw.line((left, base, width - left, base), fill="black", width=2)
    for c, category in enumerate(categories):
        x0 = left + c * group_w + (group_w - bar_w * len(series)) / 2
        for s, one in enumerate(series):
            value = one.values[c] if c < len(one.values) else None
            if value is None:
                continue
            x = x0 + s * bar_w
            y = base - plot_h * value / scale
            draw.rectangle((x, y, x + bar_w - 4, base), fill=COLOURS[s % len(COLOURS)])
            draw.text((x, y - 22), _number(value), fill="black", font=small if bar_w > 44 else tiny)
        fits = max(6, int(group_w / 10))  # characters of the small font a group's width holds
        for n, part in enumerate(_lines(category, fits)):
            draw.text((left + c * group_w + 4, base + 10 + n * 22), part, fill="black", font=small)
    for s, one in enumerate(series):  # the legend, below
        x = left + s * 220
        draw.rectangle((x, height - 40, x + 24, height - 16), fill=COLOURS[s % len(COLOURS)])
        draw.text((x + 32, height - 42), one.name, fill="black", font=small)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
