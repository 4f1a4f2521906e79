"""The choice of where an indicator's actual value comes from: typed in, or computed.

The form lives in the pages layer because the computed sources are registered above the
indicators app (`dashboards.computed`): the code a keeper picks is checked against that
registry here, for the level of the plan's territory, before the indicators app stores it.
"""

from __future__ import annotations

from typing import Any

from django import forms

from orientir.dashboards import computed
from orientir.dashboards.computed import ComputedSource, Level

MANUAL = ("", "Вводить вручную — значение, источник и дата за каждый год")


class SourceForm(forms.Form):
    source = forms.ChoiceField(
        label="Откуда берётся фактическое значение",
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Такого способа вычисления нет для плана этого уровня; "
            "выберите из списка."
        },
    )

    def __init__(self, *args: Any, level: Level, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.sources = computed.for_level(level)
        field: Any = self.fields["source"]
        field.choices = [MANUAL, *((s.code, s.name) for s in self.sources)]

    def chosen(self) -> ComputedSource | None:
        code = self.cleaned_data["source"]
        return computed.get(code) if code else None
