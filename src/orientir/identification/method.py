"""The settings of the identification method (IDENTIFICATION.md), every threshold named.

Defaults are the method's; a JSON file given to `orientir identify --config` overrides any
of them. Unknown names and wrong types are refused, so a typo never silently falls back
to a default.
"""

from __future__ import annotations

import json
import math
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
        """Refuse a value outside its range (RANGES), naming the setting in Russian."""
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "core_subjects":
                _check_subjects(value)
                continue
            low, high = RANGES[item.name]
            if item.name == "low_years":
                high = min(high, self.window_years)
            if not low <= value <= high or value in EXCLUSIVE.get(item.name, ()):
                raise SettingsError(_range_message(item.name, value, low, high))


# The ranges a person may set; beyond them the method means nothing or the arrays grow huge
# (a window of a million years would allocate tens of gigabytes).
RANGES: dict[str, tuple[float, float]] = {
    "min_n": (1, 10_000),
    "shrinkage_k": (0, 1_000),
    "p_low": (0, 1),
    "fail_share": (0, 1),
    "wilson_confidence": (0, 1),
    "window_years": (1, 10),
    "low_years": (1, 10),
    "min_indicators": (1, 100),
    "p_adverse": (0, 1),
    "r_low": (-10, 10),
    "jump_sd": (0, 100),
    "p_high": (0, 1),
    "r_high": (-10, 10),
}
EXCLUSIVE: dict[str, tuple[float, ...]] = {"wilson_confidence": (0, 1), "jump_sd": (0,)}
MAX_SUBJECTS = 50
MAX_SUBJECT_LENGTH = 200


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _range_message(name: str, value: float, low: float, high: float) -> str:
    ends = EXCLUSIVE.get(name, ())
    kind = "целым числом" if isinstance(getattr(Settings(), name), int) else "числом"
    left = "больше" if low in ends else "от"
    right = "меньше" if high in ends else "до"
    return (
        f"настройка «{name}» должна быть {kind} {left} {_number(low)} {right} "
        f"{_number(high)}, а задано {_number(value)}"
    )


def _check_subjects(subjects: tuple[str, ...]) -> None:
    if not 1 <= len(subjects) <= MAX_SUBJECTS:
        raise SettingsError(f"настройка «core_subjects» — от 1 до {MAX_SUBJECTS} предметов")
    if any(not s.strip() or len(s) > MAX_SUBJECT_LENGTH for s in subjects):
        raise SettingsError(
            f"настройка «core_subjects»: название предмета — от 1 до {MAX_SUBJECT_LENGTH} знаков"
        )


def _checked(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"настройка «{name}» — список названий предметов")
        return tuple(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"настройка «{name}» должна быть числом")
    if abs(value) > 1e9 or not math.isfinite(value):  # 10**400 cannot become a float
        low, high = RANGES[name]
        raise SettingsError(
            f"настройка «{name}» должна быть числом от {_number(low)} до {_number(high)}"
        )
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
        raise SettingsError(
            f"это не JSON: ошибка в строке {error.lineno}, столбце {error.colno}"
        ) from error
    except RecursionError as error:
        raise SettingsError("это не объект настроек: слишком глубокая вложенность") from error
    return Settings.from_json(data)
