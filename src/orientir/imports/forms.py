"""The upload form and the options a user may correct on the preview."""

from __future__ import annotations

from typing import Any

from django import forms

from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import check_year
from orientir.imports.readers import max_bytes
from orientir.imports.understanding.layout import (
    LABELS as LAYOUT_LABELS,
)
from orientir.imports.understanding.layout import (
    MAX_HEADER_ROWS,
    ColumnLayout,
    LayoutProblem,
)

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
    file = forms.FileField(
        label="Документ (.docx, .doc, .rtf, .odt, .xlsx, .xls, .ods, .pdf — и скан, .txt, .md)"
    )

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


class LayoutForm(forms.Form):
    """What each column of a table is and how many rows at its top are its header.

    Its fields are `column_1` … `column_N` (one per column of the table, 1-based as the
    grid shows them) and `header_rows`; `layout` holds the checked choice once valid.
    """

    header_rows = forms.IntegerField(
        label="Строк заголовка вверху таблицы",
        min_value=0,
        max_value=MAX_HEADER_ROWS,
        initial=1,
        error_messages={
            "required": "Укажите, сколько строк вверху таблицы занимает заголовок "
            "(0, если их нет).",
            "invalid": "Число строк заголовка — целое число, например 1.",
            "min_value": "Строк заголовка не может быть меньше 0.",
            "max_value": f"Строк заголовка может быть не больше {MAX_HEADER_ROWS}.",
        },
    )

    def __init__(self, *args: Any, width: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.width = width
        self.layout: ColumnLayout | None = None
        choices = [("", "не использовать"), *LAYOUT_LABELS.items()]
        for number in range(1, width + 1):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=f"Столбец {number}", choices=choices, required=False
            )

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{number}"] for number in range(1, self.width + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        columns: dict[str, int] = {}
        for number in range(1, self.width + 1):
            name = data.get(f"column_{number}")
            if not name:
                continue
            if name in columns:
                raise forms.ValidationError(
                    f"«{LAYOUT_LABELS[name]}» выбрано для столбцов {columns[name] + 1} и "
                    f"{number}: оставьте один из них."
                )
            columns[name] = number - 1
        if "title" not in columns and "description" not in columns:
            raise forms.ValidationError(
                "Выберите столбец «мероприятие»: без названий мероприятий план не прочитать."
            )
        if "header_rows" in data:
            try:
                self.layout = ColumnLayout.of(columns, data["header_rows"])
            except LayoutProblem as problem:
                raise forms.ValidationError(str(problem)) from problem
        return data


def layout_initial(layout: ColumnLayout) -> dict[str, Any]:
    """Return a LayoutForm's initial values for `layout`."""
    initial: dict[str, Any] = {"header_rows": layout.header_rows}
    initial.update({f"column_{column + 1}": name for name, column in layout.columns})
    return initial


class ConfirmForm(forms.Form):
    """The choice of the confirm step: a document of past years kept as an archived record."""

    historical = forms.BooleanField(
        label="Загрузить как архивный документ прошлых лет", required=False
    )
