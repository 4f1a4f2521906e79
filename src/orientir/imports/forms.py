"""The upload form and the options a user may correct on the preview."""

from __future__ import annotations

from typing import Any

from django import forms

from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import check_year
from orientir.imports.readers import max_bytes

KIND_CHOICES = [
    ("", "определить по документу"),
    ("regional_plan", "региональный план мероприятий"),
    ("roadmap", "муниципальная дорожная карта"),
    ("school_programme", "программа перехода школы"),
    ("report", "отчёт о выполнении"),
]


class OptionsForm(forms.Form):
    """What the document is and where it belongs; empty means «as detected» or «mine»."""

    kind = forms.ChoiceField(label="Вид документа", choices=KIND_CHOICES, required=False)
    year = forms.CharField(
        label="Учебный год",
        required=False,
        max_length=9,
        help_text="например, 2018/2019; пусто — по документу",
    )
    municipality = forms.IntegerField(label="Муниципалитет", required=False)
    school = forms.IntegerField(label="Школа", required=False)

    def __init__(self, *args: Any, territories: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        territories = territories or {}
        for name in ("municipality", "school"):
            choices = [("", "—")] + [(item.pk, str(item)) for item in territories.get(name, [])]
            self.fields[name].widget = forms.Select(choices=choices)

    def clean_year(self) -> str | None:
        try:
            return check_year(self.cleaned_data["year"] or None)
        except ImportProblem as problem:
            raise forms.ValidationError(str(problem)) from problem

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": data["kind"] or None, "year": data["year"]}


class UploadForm(OptionsForm):
    file = forms.FileField(label="Документ (.docx, .xlsx, .pdf, .txt, .md)")

    field_order = ["file", "kind", "year", "municipality", "school"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"Файл {upload.name} слишком велик ({upload.size / 1024 / 1024:.1f} МБ); "
                f"предел — {limit / 1024 / 1024:g} МБ."
            )
        return upload


class ConfirmForm(forms.Form):
    """The choice of the confirm step: a document of past years kept as an archived record."""

    historical = forms.BooleanField(
        label="Загрузить как архивный документ прошлых лет", required=False
    )
