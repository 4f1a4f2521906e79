"""Forms of the reporting calendar: a duty the region defines, and a document handed in."""

from __future__ import annotations

from typing import Any

from django import forms

from orientir.execution.evidence import ACCEPT
from orientir.registry.models import AcademicYear
from orientir.reports.models import ReportingDuty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = ("academic_year", "title", "contents", "due_date", "owed_by", "export")
        widgets = {"due_date": DATE, "contents": forms.Textarea(attrs={"rows": 4})}
        labels = {"academic_year": "Учебный год"}

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field: Any = self.fields["academic_year"]
        field.queryset = AcademicYear.objects.order_by("-start_year")
        field.empty_label = None


class HandInForm(forms.Form):
    file = forms.FileField(
        label="Файл документа",
        help_text="PDF, DOCX, XLSX, JPG или PNG (скан подписанного документа).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
