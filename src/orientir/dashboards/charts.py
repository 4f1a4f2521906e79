"""The dashboard's pictures: stacked bars of progress, each part a link to its list."""

from __future__ import annotations

from django.utils.safestring import SafeString

from orientir.dashboards.figures import PROGRESS_SHOWN, Dashboard, Row
from orientir.lib.charts import Segment, Stack, stacked_bar_chart

LEGEND = [Segment(str(p.label), 0, f"seg-{p.value}") for p in PROGRESS_SHOWN]


def _stack(label: str, row: Row, href: str = "") -> Stack:
    segments = [Segment(f.label, f.value, f"seg-{f.key}", f.url) for f in row.figures]
    return Stack(label, segments, href)


def _by_year(d: Dashboard) -> SafeString:
    stacks = []
    for column, name in enumerate(d.year_names):
        segments = [
            Segment(
                row.label,
                row.figures[column].value,
                f"seg-{row.figures[column].key}",
                row.figures[column].url,
            )
            for row in d.progress
        ]
        stacks.append(Stack(f"{name} учебный год", segments))
    return stacked_bar_chart("Мероприятия по выполнению", stacks, LEGEND)


def for_dashboard(d: Dashboard) -> dict[str, SafeString]:
    found = {"by_year": _by_year(d)}
    if d.by_municipality:
        stacks = [_stack(row.label, row, row.url) for row in d.by_municipality]
        found["by_municipality"] = stacked_bar_chart(
            f"Мероприятия {d.year_names[0]} учебного года по муниципалитетам", stacks, LEGEND
        )
    return found
