"""Server-rendered inline SVG charts: no scripts, no CDN, readable without colour."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


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
