"""The upload form and the options a user may correct on the preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse

from orientir.imports.errors import ImportProblem
from orientir.imports.parsing import check_year
from orientir.imports.readers import max_bytes
from orientir.imports.territory import TERRITORY_KINDS, resolve_territory, territory_label
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
    """What the document is and where it belongs; empty means «as detected» or «mine».

    Each territory is a search field the user types into (`municipality_name`) and the id
    that its suggestions (imports/territory.js) fill in (`municipality`); without script
    the typed text is resolved here.
    """

    kind = forms.ChoiceField(label="Вид документа", choices=KIND_CHOICES, required=False)
    year = forms.CharField(
        label="Учебный год",
        required=False,
        max_length=9,
        help_text="например, 2018/2019; пусто — по документу",
    )
    municipality_name = forms.CharField(label="Муниципалитет", required=False, max_length=300)
    municipality = forms.IntegerField(required=False, widget=forms.HiddenInput)
    school_name = forms.CharField(label="Школа", required=False, max_length=300)
    school = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, territories: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.territories = territories or {}
        search = reverse("import-territories")
        for name in TERRITORY_KINDS:
            self.fields[f"{name}_name"].widget.attrs.update(
                {
                    "data-territory-search": f"{search}?kind={name}",
                    "data-territory-id": f"id_{name}",
                    "autocomplete": "off",
                    "placeholder": "начните вводить название или код",
                }
            )
        self.fields["municipality_name"].help_text = "пусто — ваш муниципалитет или регион"
        self.fields["school_name"].help_text = "пусто — ваша школа или никакая"
        if self.is_bound:
            self._name_chosen_ids()

    def _name_chosen_ids(self) -> None:
        """Fill in the name of a territory given by id alone (an address from before the
        search field, or a program's request), so the form shows what was chosen."""
        missing = [
            name
            for name in TERRITORY_KINDS
            if self.data.get(name)
            and f"{name}_name" not in self.data
            and str(self.data.get(name)).isdigit()
            and name in self.territories
        ]
        for name in missing:
            found = self.territories[name].filter(pk=self.data[name]).first()
            if found is not None:
                self._replace({f"{name}_name": territory_label(found)})

    def _replace(self, values: dict[str, str]) -> None:
        """Change submitted values (a copy: the request's own data cannot change)."""
        data: Any = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        for key, value in values.items():
            data[key] = value  # item assignment: a QueryDict's update() would append
        self.data = data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in TERRITORY_KINDS:
            if f"{name}_name" not in data or name not in data:
                continue  # the field itself is invalid and says so
            try:
                data[name], data[f"{name}_name"] = self._territory(name, data)
            except ImportProblem as problem:
                self.add_error(f"{name}_name", str(problem))
                continue
            self._show(name, data[name], data[f"{name}_name"])
        return data

    def _show(self, name: str, pk: int | None, label: str) -> None:
        """Show (and pass on to the next step) the territory as resolved, not as typed."""
        if f"{name}_name" not in self.data:
            return
        self._replace({name: "" if pk is None else str(pk), f"{name}_name": label})

    def _territory(self, name: str, data: dict[str, Any]) -> tuple[int | None, str]:
        """The id and label of the territory chosen in `name`: the suggestion picked, or
        what the typed text names; none when the text was emptied."""
        text, pk = " ".join(data[f"{name}_name"].split()), data[name]
        rows = self.territories.get(name)
        if not text:  # an id alone stays (a check of the territory refuses it if it must)
            return (None, "") if f"{name}_name" in self.data else (pk, "")
        if rows is None:
            return pk, text
        if pk is not None:
            picked = rows.filter(pk=pk).first()
            if picked is not None and territory_label(picked) == text:
                return pk, text
        found = resolve_territory(rows, name, text)
        return found.pk, territory_label(found)

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

    field_order = [
        "file",
        "kind",
        "year",
        "municipality_name",
        "municipality",
        "school_name",
        "school",
    ]

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
