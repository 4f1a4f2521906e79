"""The form of an indicator's actual value for a year: the number, its source and date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from orientir.indicators.models import IndicatorValue
from orientir.lib.numbers import parse_decimal

MAX_DIGITS_BEFORE_POINT = 11  # the field keeps 14 digits, 3 of them after the point


class ActualValueForm(forms.Form):
    actual = forms.CharField(
        label="Фактическое значение",
        required=False,
        max_length=40,
        help_text="Число, например 74,4. Пустое поле стирает факт.",
        widget=forms.TextInput(attrs={"class": "input--short", "inputmode": "decimal"}),
    )
    source = forms.CharField(
        label="Источник",
        required=False,
        max_length=IndicatorValue._meta.get_field("actual_source").max_length,
        help_text="Откуда взято значение: отчёт, мониторинг, приказ.",
    )
    date = forms.DateField(
        label="Дата измерения",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["source"].error_messages["max_length"] = (
            "Источник слишком длинный: не больше %(limit_value)d знаков (сейчас %(show_value)d)."
        )
        self.fields["actual"].error_messages["max_length"] = "Слишком длинное число."
        self.fields["date"].error_messages["invalid"] = "Введите дату, например 15.05.2026."

    def clean_actual(self) -> Decimal | None:
        text = self.cleaned_data["actual"].strip()
        if not text:
            return None
        value = parse_decimal(text)
        if value is None:
            raise forms.ValidationError("Введите число, например 74,4 или 74.4.")
        if value.adjusted() + 1 > MAX_DIGITS_BEFORE_POINT:
            raise forms.ValidationError("Слишком большое число.")
        return value.quantize(Decimal("0.001"))

    def clean_date(self) -> dt.date | None:
        date: dt.date | None = self.cleaned_data["date"]
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError("Дата измерения не может быть в будущем.")
        return date

    def clean_source(self) -> str:
        return str(self.cleaned_data["source"]).strip()
