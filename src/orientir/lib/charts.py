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
