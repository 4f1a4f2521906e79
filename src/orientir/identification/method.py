"""The settings of the identification method (IDENTIFICATION.md), every threshold named.

Defaults are the method's; a JSON file given to `orientir identify --config` overrides any
of them. Unknown names and wrong types are refused, so a typo never silently falls back
to a default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

FLAGS = (
    "low_results",
    "adverse_conditions",
    "resilient",
    "underperforming_for_context",
    "needs_verification",
)

FLAG_NAMES = {
    "low_results": "ШНОР — низкие результаты",
    "adverse_conditions": "ШНСУ — неблагоприятные социальные условия",
    "resilient": "резильентная школа (кандидат в школы-лидеры)",
    "underperforming_for_context": "результаты ниже ожидаемых при её контексте",
    "needs_verification": "требует проверки объективности результатов",
}


class SettingsError(ValueError):
    """A configuration that cannot be used; the message is Russian and names the setting."""


@dataclass(frozen=True)
class Settings:
    min_n: int = 10  # step 1: participants a cell needs to count
    core_subjects: tuple[str, ...] = ("Русский язык", "Математика")
    shrinkage_k: float = 10.0  # step 2: z · n / (n + k)
    p_low: float = 0.10  # step 4: lowest share of schools by R
    fail_share: float = 0.25  # step 4: failed/n of a cell
    wilson_confidence: float = 0.95  # step 4: the Wilson lower bound's level
    window_years: int = 3  # "the last three years"
    low_years: int = 2  # steps 5, 7, 9: years of the window a condition must hold
    min_indicators: int = 3  # step 6: indicators the adversity index needs
    p_adverse: float = 0.25  # step 6: most adverse share of schools by A
    r_low: float = -0.5  # step 7: standardised residual at or below which a year counts
    jump_sd: float = 2.0  # step 8: a rise beyond this many sd of the region's changes
    p_high: float = 0.25  # step 9: best share of schools by R
    r_high: float = 1.0  # step 9: standardised residual at or above which a year counts

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["core_subjects"] = list(self.core_subjects)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        """Build settings from a JSON object of overrides, checking names, types and ranges."""
        if not isinstance(data, dict):
            raise SettingsError('настройки должны быть объектом JSON: {"p_low": 0.1, …}')
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise SettingsError(f"неизвестная настройка «{name}»")
            values[name] = _checked(name, value, getattr(cls(), name))
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        shares = ("p_low", "fail_share", "p_adverse", "p_high")
        for name in shares:
            if not 0 <= getattr(self, name) <= 1:
                raise SettingsError(f"настройка «{name}» должна быть от 0 до 1")
        if not 0 < self.wilson_confidence < 1:
            raise SettingsError("настройка «wilson_confidence» должна быть между 0 и 1")
        if self.window_years < 1 or not 1 <= self.low_years <= self.window_years:
            raise SettingsError("нужно 1 ≤ low_years ≤ window_years")
        if self.min_n < 1 or self.min_indicators < 1 or self.shrinkage_k < 0:
            raise SettingsError("min_n и min_indicators — не меньше 1, shrinkage_k — не меньше 0")


def _checked(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"настройка «{name}» — список названий предметов")
        return tuple(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"настройка «{name}» должна быть числом")
    if isinstance(default, int) and value != int(value):
        raise SettingsError(f"настройка «{name}» должна быть целым числом")
    return type(default)(value)


def load_settings(text: str | None) -> Settings:
    """Read settings from the text of a JSON file; the defaults when there is none."""
    if text is None:
        return Settings()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(f"не JSON: {error.msg}, строка {error.lineno}") from error
    return Settings.from_json(data)
