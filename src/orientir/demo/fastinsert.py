"""Insert many plain rows at once: COPY on PostgreSQL, one `executemany` elsewhere.

`bulk_create` builds a model instance and compiles its SQL value by value: for the country's
three million results and context values that alone takes most of a run. Rows here are
dicts of column values by attribute name (`school_id`, not `school`); fields left out get
their defaults, `auto_now_add` ones the time of the call. No ids come back: use it for rows
nothing else points to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Values the database driver cannot take as they are: Django prepares them.
PREPARED = (models.DateTimeField, models.DateField, models.JSONField, models.DecimalField)


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Insert `rows` into `model`'s table; return how many."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else f.get_default()
        for f in fields
    }  # fmt: skip
    prepared = [f for f in fields if isinstance(f, PREPARED)]
    values = []
    for row in rows:
        full = {**defaults, **row}
        for f in prepared:
            full[f.attname] = f.get_db_prep_save(full[f.attname], connection)
        values.append(tuple(full[f.attname] for f in fields))
    if values:
        _write(model._meta.db_table, [str(f.column) for f in fields], values)
    return len(values)


def _write(table: str, columns: list[str], values: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
