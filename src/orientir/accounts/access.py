"""The one helper views use to fetch what a user may see or change.

Views never filter by territory themselves: they pass a model or a queryset here, and the
territory rule of `scope.py` (`visible_to` / `editable_by`) decides. Something the user may
not see does not exist for them (404); something they may see but not change is refused
(403), so that a municipality cannot even learn which ids another municipality uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, overload

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from orientir.accounts.models import User
from orientir.accounts.scope import TerritoryQuerySet

M = TypeVar("M", bound=models.Model)
# The same answer for what does not exist and what the user may not see: nothing leaks.
NOT_FOUND = "Такой страницы нет, или она вам не видна."
TERRITORY = "Изменять это может только тот, кто ведёт план или его раздел."
Source = type[M] | models.QuerySet[M]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind `@login_required` receives: its user is logged in.

    Only an annotation for the type checker (the pattern django-stubs documents): Django still
    passes a plain `HttpRequest`, but `login_required` has already turned an anonymous user away,
    so `request.user` is our `User`, never `AnonymousUser`.
    """

    user: User


def _territory_queryset[M: models.Model](source: Source[M]) -> TerritoryQuerySet[M]:
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    if not isinstance(queryset, TerritoryQuerySet):
        raise TypeError(f"{queryset.model.__name__}: у модели нет правила видимости")
    return queryset


@overload
def visible[Q: TerritoryQuerySet[Any]](source: Q, user: User) -> Q: ...
@overload
def visible[M: models.Model](source: Source[M], user: User) -> TerritoryQuerySet[M]: ...
def visible[M: models.Model](source: Source[M], user: User) -> TerritoryQuerySet[M]:
    """Return what `user` may see of a model or a queryset (a queryset keeps its own class)."""
    return _territory_queryset(source).visible_to(user)


@overload
def editable[Q: TerritoryQuerySet[Any]](source: Q, user: User) -> Q: ...
@overload
def editable[M: models.Model](source: Source[M], user: User) -> TerritoryQuerySet[M]: ...
def editable[M: models.Model](source: Source[M], user: User) -> TerritoryQuerySet[M]:
    """Return what `user` may change of a model or a queryset (a queryset keeps its class)."""
    return _territory_queryset(source).editable_by(user)


def get_visible_or_404[M: models.Model](source: Source[M], user: User, **lookup: Any) -> M:
    """Return the one object matching `lookup` that `user` may see, or raise 404."""
    queryset = visible(source, user)
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(NOT_FOUND) from None


def get_editable_or_403[M: models.Model](source: Source[M], user: User, **lookup: Any) -> M:
    """Return the object if `user` may change it: 404 if unseen, 403 if only seen."""
    obj = get_visible_or_404(source, user, **lookup)
    if not _territory_queryset(source).editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(TERRITORY)
    return obj


def visible_or_none[M: models.Model](source: Source[M], user: User, pk: Any) -> M | None:
    """Return the object with `pk` if `user` may see it; None for no pk or an unseen one."""
    if pk is None:
        return None
    return visible(source, user).filter(pk=pk).first()


def visible_ids[M: models.Model](source: Source[M], user: User, ids: Iterable[Any]) -> set[Any]:
    """Return those of `ids` that `user` may see, in one query (to decide what to link)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    return set(visible(source, user).filter(pk__in=wanted).values_list("pk", flat=True))
