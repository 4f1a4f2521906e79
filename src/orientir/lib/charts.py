"""Server-rendered inline SVG charts: no scripts, no CDN, readable without colour."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from orientir.lib.numbers import signed


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def bar_chart(title: str, bars: list[Bar], *, unit: str = "", width: int = 640) -> SafeString:
    """A horizontal bar chart with the value written at each bar's end."""
    row, label_width, top = 22, 240, 28
    height = top + row * len(bars) + 8
    scale = max((b.value for b in bars), default=0) or 1
    plot = width - label_width - 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="chart__title">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        length = max(0.0, plot * bar.value / scale)
        value = f"{bar.value:.1f}".replace(".", ",") + (f" {unit}" if unit else "")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" class="chart__label">'
            f"{escape(bar.label[:40])}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'class="chart__bar"><title>{escape(bar.label)}: {value}</title></rect>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 14}" class="chart__value">'
            f"{value}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar: its value, the CSS class that colours it, where it leads."""

    label: str
    value: int
    css: str
    href: str = ""


@dataclass(frozen=True)
class Stack:
    label: str
    segments: list[Segment]
    href: str = ""


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _stack_parts(stack: Stack, y: int, x0: int, plot: int, scale: int, row: int) -> list[str]:
    parts = [
        _link(
            stack.href,
            f'<text x="{x0 - 6}" y="{y + 14}" text-anchor="end" class="chart__label">'
            f"{escape(stack.label[:38])}</text>",
        )
    ]
    x = float(x0)
    for segment in stack.segments:
        if not segment.value:
            continue
        length = plot * segment.value / scale
        rect = (
            f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'class="chart__bar {escape(segment.css)}"><title>{escape(stack.label)} — '
            f"{escape(segment.label)}: {segment.value}</title></rect>"
        )
        if length >= 18:
            rect += (
                f'<text x="{x + length / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                f'class="chart__inside">{segment.value}</text>'
            )
        parts.append(_link(segment.href, rect))
        x += length
    total = sum(s.value for s in stack.segments)
    parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" class="chart__value">{total}</text>')
    return parts


def stacked_bar_chart(
    title: str, stacks: list[Stack], legend: list[Segment], *, width: int = 720
) -> SafeString:
    """Horizontal stacked bars whose every label and segment is a link to what it counts.

    `legend` names the segments' classes in order; a segment too narrow for its number
    keeps it in its tooltip.
    """
    row, label_width, top = 24, 250, 46
    height = top + row * len(stacks) + 8
    scale = max((sum(s.value for s in st.segments) for st in stacks), default=0) or 1
    plot = width - label_width - 50
    parts = [
        f'<svg class="chart chart--stacked" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="chart__title">{escape(title)}</text>',
    ]
    x = 0
    for item in legend:
        parts.append(
            f'<rect x="{x}" y="24" width="12" height="12" class="chart__bar {escape(item.css)}"/>'
            f'<text x="{x + 16}" y="34" class="chart__label">{escape(item.label)}</text>'
        )
        x += 30 + 8 * len(item.label)
    for i, stack in enumerate(stacks):
        parts.extend(_stack_parts(stack, top + i * row, label_width, plot, scale, row))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


@dataclass(frozen=True)
class Interval:
    """A point estimate with its interval; None where there is nothing to show."""

    label: str
    estimate: float | None
    low: float | None
    high: float | None


def interval_chart(title: str, points: list[Interval], *, width: int = 640) -> SafeString:
    """Estimates as dots with their intervals as whiskers around a zero line; a point
    without an estimate is written as a dash, so a gap is never read as zero."""
    height, top, left, bottom = 220, 30, 56, 30
    values = [0.0] + [v for p in points for v in (p.estimate, p.low, p.high) if v is not None]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    lo, hi = lo - 0.1 * span, hi + 0.1 * span
    plot_h = height - top - bottom
    step = (width - left - 20) / max(1, len(points))

    def y(value: float) -> float:
        return top + plot_h * (hi - value) / (hi - lo)

    parts = [
        f'<svg class="chart chart--interval" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" class="chart__title">{escape(title)}</text>',
        f'<line x1="{left}" x2="{width - 10}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        'class="chart__zero"/>',
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end" class="chart__label">0</text>',
    ]
    for i, point in enumerate(points):
        x = left + step * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="chart__label">'
            f"{escape(point.label)}</text>"
        )
        if point.estimate is None:
            parts.append(
                f'<text x="{x:.1f}" y="{y(0) - 6:.1f}" text-anchor="middle" '
                f'class="chart__value">—</text>'
            )
            continue
        if point.low is not None and point.high is not None:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y(point.low):.1f}" '
                f'y2="{y(point.high):.1f}" class="chart__whisker"/>'
                f'<line x1="{x - 8:.1f}" x2="{x + 8:.1f}" y1="{y(point.low):.1f}" '
                f'y2="{y(point.low):.1f}" class="chart__whisker"/>'
                f'<line x1="{x - 8:.1f}" x2="{x + 8:.1f}" y1="{y(point.high):.1f}" '
                f'y2="{y(point.high):.1f}" class="chart__whisker"/>'
            )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(point.estimate):.1f}" r="5" class="chart__dot">'
            f"<title>{escape(point.label)}: {signed(point.estimate)}</title></circle>"
            f'<text x="{x + 10:.1f}" y="{y(point.estimate) + 4:.1f}" class="chart__value">'
            f"{signed(point.estimate)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
