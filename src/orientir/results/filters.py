"""The results list's filter: schools' results by territory, year, procedure and subject."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, NullIf

from orientir.accounts.access import visible
from orientir.accounts.models import User
from orientir.results.models import AssessmentKind, AssessmentResult


class ResultFilter(filters.FilterSet):
    municipality = filters.NumberFilter(field_name="school__municipality")
    school = filters.NumberFilter(field_name="school")
    year = filters.NumberFilter(field_name="academic_year__start_year", label="Учебный год")
    kind = filters.ChoiceFilter(
        choices=AssessmentKind.choices, label="Процедура", empty_label="все процедуры"
    )
    subject = filters.CharFilter(lookup_expr="icontains", label="Предмет")
    grade = filters.NumberFilter(label="Класс")
    failing = filters.BooleanFilter(method="filter_failing", label="Есть не преодолевшие порог")
    q = filters.CharFilter(method="filter_q", label="Поиск")

    class Meta:
        model = AssessmentResult
        fields: list[str] = []

    def filter_failing(self, queryset: QuerySet[AssessmentResult], name: str, value: bool) -> Any:
        return queryset.filter(failed__gt=0) if value else queryset.filter(failed=0)

    def filter_q(self, queryset: QuerySet[AssessmentResult], name: str, value: str) -> Any:
        """Words of the school's name or number, or of the subject."""
        words = Q(school__short_name__icontains=value) | Q(school__name__icontains=value)
        return queryset.filter(words | Q(subject__icontains=value))


def result_filter(user: User, data: Any) -> ResultFilter:
    """Results the user sees, each with the share that did not pass (for sorting by it)."""
    share = Cast(F("failed"), FloatField()) / NullIf(F("participants"), 0)
    results = visible(AssessmentResult, user).annotate(failed_ratio=share)
    return ResultFilter(data, results)
