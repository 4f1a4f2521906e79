"""Pages and sorting of every list page: one way to cut a list, keep its query, order it.

A list view filters with django-filter, then asks here for its page (`page_of`), the query
string its pager and column headers keep (`kept_query`), and a whitelisted ordering
(`Sorting`): the sort key of the URL is looked up, never passed to `order_by` as written.
Templates show them with `web/includes/pager.html` and `web/includes/sort_header.html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PER_PAGE = 50


def page_of(
    rows: Any,
    params: Mapping[str, Any],
    name: str = "page",
    size: int = PER_PAGE,
    *,
    related: Sequence[str] = (),
) -> Page:
    """The page `params[name]` of `rows` (the first for a missing number, the last for a
    number past the end): a count and one slice of rows, whatever the rows' number.

    With `related` (a queryset's relations to show), the page is cut from `rows` alone and
    only its rows are then read with those relations: sorting thousands of rows by a
    computed column no longer joins every one of them to what only fifty rows show."""
    page = Paginator(rows, size).get_page(params.get(name))
    if related:
        ids = list(cast(Any, page.object_list).values_list("pk", flat=True))
        chosen = {row.pk: row for row in rows.filter(pk__in=ids).select_related(*related)}
        page.object_list = [chosen[pk] for pk in ids]
    return page


def kept_query(params: QueryDict, *dropped: str) -> str:
    """The query string without the page numbers (and `dropped`), for links that keep it."""
    query = params.copy()
    for name in ("page", *dropped):
        query.pop(name, None)
    return query.urlencode()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    ordering: tuple[str, ...]  # the model fields, ascending; descending reverses each


@dataclass(frozen=True)
class Header:
    """One column heading: its label, the link that sorts by it, and whether it does now."""

    label: str
    query: str
    direction: str  # "asc", "desc" or ""


class Sorting:
    """The sortable columns of one list and the default order (a key, "-key" for reverse)."""

    def __init__(self, columns: Sequence[Column], default: str, tiebreak: str = "pk"):
        self.columns = {column.key: column for column in columns}
        self.default, self.tiebreak = default, tiebreak

    def current(self, params: Mapping[str, Any]) -> str:
        wanted = str(params.get("sort") or "")
        return wanted if wanted.lstrip("-") in self.columns else self.default

    def order(self, rows: Any, params: Mapping[str, Any]) -> Any:
        sort = self.current(params)
        column = self.columns[sort.lstrip("-")]
        fields = [f"-{f}" if sort.startswith("-") else f for f in column.ordering]
        return rows.order_by(*fields, self.tiebreak)

    def headers(self, params: QueryDict) -> list[Header]:
        """A heading per column; a click sorts by it, a second click the other way."""
        sort, base = self.current(params), params.copy()
        base.pop("page", None)
        found = []
        for key, column in self.columns.items():
            direction = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
            base["sort"] = f"-{key}" if direction == "asc" else key
            found.append(Header(column.label, base.urlencode(), direction))
        return found
