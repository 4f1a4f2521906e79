"""The runs list's filter: by academic year and by whether the list was approved."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet

from orientir.identification.models import IdentificationRun

APPROVAL = (("approved", "утверждён"), ("pending", "не утверждён"))


class RunFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="academic_year__start_year", label="Учебный год")
    approval = filters.ChoiceFilter(choices=APPROVAL, method="filter_approval", label="Утверждение")

    class Meta:
        model = IdentificationRun
        fields: list[str] = []

    def filter_approval(self, queryset: QuerySet[IdentificationRun], name: str, value: str) -> Any:
        return queryset.filter(approved_at__isnull=value != "approved")
