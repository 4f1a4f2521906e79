"""The chart of one indicator over the years: the plan and the fact of each year side by side.

Inline SVG with classes only (the Content-Security-Policy allows no style attribute): the
plan is a pale bar, the fact a bar coloured by its achievement, and each fact carries its
mark (✓ достигнуто, ≈ близко, ✗ не достигнуто) so the chart reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orientir.indicators.models import ACHIEVEMENT_LABELS, CLOSE, MET, NOT_MET
from orientir.lib.numbers import written

MARKS = {MET: "✓", CLOSE: "≈", NOT_MET: "✗"}
YEAR_WIDTH, BAR, LEFT, TOP, PLOT, BOTTOM = 96, 30, 8, 18, 96, 34


@dataclass(frozen=True)
class Point:
    year: str  # «2019/2020»
    planned: Decimal | None
    actual: Decimal | None
    achievement: str | None  # MET, CLOSE, NOT_MET or None


def _bar(x: float, value: Decimal, scale: float, css: str, tip: str, label: str) -> str:
    height = max(float(value), 0.0) * scale
    y = TOP + PLOT - height
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BAR}" height="{height:.1f}" class="{css}">'
        f"<title>{escape(tip)}</title></rect>"
        f'<text x="{x + BAR / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
        f'class="ind-chart__value">{escape(label)}</text>'
    )


def _year(i: int, point: Point, scale: float, unit: str) -> list[str]:
    x = LEFT + i * YEAR_WIDTH + (YEAR_WIDTH - 2 * BAR - 4) / 2
    suffix = f" {unit}" if unit else ""
    parts = []
    if point.planned is not None:
        tip = f"{point.year}, план: {written(point.planned)}{suffix}"
        parts.append(_bar(x, point.planned, scale, "ind-chart__plan", tip, written(point.planned)))
    if point.actual is not None:
        state = point.achievement or "none"
        mark = MARKS.get(point.achievement or "", "")
        tip = f"{point.year}, факт: {written(point.actual)}{suffix}"
        if point.achievement:
            tip += f" — {ACHIEVEMENT_LABELS[point.achievement]}"
        label = f"{written(point.actual)} {mark}".strip()
        css = f"ind-chart__fact ind-chart__fact--{state}"
        parts.append(_bar(x + BAR + 4, point.actual, scale, css, tip, label))
    parts.append(
        f'<text x="{LEFT + i * YEAR_WIDTH + YEAR_WIDTH / 2:.1f}" y="{TOP + PLOT + 16}" '
        f'text-anchor="middle" class="ind-chart__year">{escape(point.year)}</text>'
    )
    return parts


def indicator_chart(title: str, unit: str, points: list[Point]) -> SafeString:
    """Planned and actual bars per year on one scale from zero; empty if nothing is planned."""
    values = [v for p in points for v in (p.planned, p.actual) if v is not None]
    if not values:
        return mark_safe("")
    top = max(max(float(v) for v in values), 0.0) or 1.0
    scale = PLOT / (top * 1.15)
    width = LEFT * 2 + YEAR_WIDTH * len(points)
    height = TOP + PLOT + BOTTOM
    summary = "; ".join(
        f"{p.year}: план {written(p.planned) or 'не задан'}, факт {written(p.actual) or 'нет'}"
        + (f" ({ACHIEVEMENT_LABELS[p.achievement]})" if p.achievement else "")
        for p in points
    )
    parts = [
        f'<svg class="ind-chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-label="{escape(title)}: {escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{LEFT}" y1="{TOP + PLOT}" x2="{width - LEFT}" y2="{TOP + PLOT}" '
        f'class="ind-chart__axis"/>',
    ]
    for i, point in enumerate(points):
        parts.extend(_year(i, point, scale, unit))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
