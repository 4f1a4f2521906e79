"""Column layouts a territory's users named, remembered for its next documents of that form."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from orientir.audit.models import record
from orientir.imports.models import SavedColumnLayout
from orientir.imports.readers.grid import Grid
from orientir.imports.understanding.layout import (
    PREVIEW_ROWS,
    ColumnLayout,
    LayoutProblem,
    fingerprint,
    header_labels,
    table_rows,
    width,
)
from orientir.registry.models import Municipality, Organisation, Region


def _same_territory(
    region: Region, municipality: Municipality | None, organisation: Organisation | None
) -> Any:
    return SavedColumnLayout.objects.filter(
        region=region, municipality=municipality, school=organisation
    )


def remembered_layout(
    grid: Grid,
    *,
    region: Region,
    municipality: Municipality | None,
    organisation: Organisation | None = None,
) -> SavedColumnLayout | None:
    """Return the layout saved for documents of `grid`'s form from this territory, if any."""
    saved = _same_territory(region, municipality, organisation)
    counts = set(saved.values_list("header_rows", flat=True).distinct())
    prints = {fingerprint(grid, count) for count in counts}
    if not prints:
        return None
    return saved.filter(fingerprint__in=prints).select_related("saved_by").first()


def layout_of(saved: SavedColumnLayout) -> ColumnLayout | None:
    """Return a saved layout as a ColumnLayout; None for one no longer valid."""
    try:
        columns = {name: int(number) - 1 for name, number in saved.columns.items()}
        return ColumnLayout.of(columns, saved.header_rows)
    except (LayoutProblem, TypeError, ValueError, AttributeError):
        return None


@transaction.atomic
def remember_layout(
    grid: Grid,
    layout: ColumnLayout,
    *,
    actor: Any,
    region: Region,
    municipality: Municipality | None,
    organisation: Organisation | None = None,
) -> SavedColumnLayout:
    """Save `layout` for documents of `grid`'s form from this territory, with an audit row.

    A layout saved before for the same form is replaced; the same choice again writes nothing.
    """
    print_ = fingerprint(grid, layout.header_rows)
    columns = {name: column + 1 for name, column in layout.columns}
    saved = _same_territory(region, municipality, organisation).filter(fingerprint=print_).first()
    if saved is not None and (saved.columns, saved.header_rows) == (columns, layout.header_rows):
        return saved
    shown = [row for _, row in table_rows(grid, PREVIEW_ROWS)]
    saved = saved or SavedColumnLayout(
        region=region, municipality=municipality, school=organisation, fingerprint=print_
    )
    saved.columns, saved.header_rows = columns, layout.header_rows
    saved.labels = header_labels(shown[: layout.header_rows], width(shown))
    saved.saved_by = actor if getattr(actor, "is_authenticated", False) else None
    saved.save()
    record(
        actor=actor,
        action="import.layout_saved",
        obj=saved,
        changes={"columns": columns, "header_rows": layout.header_rows, "labels": saved.labels},
    )
    return saved
