"""The settings of the effect measurement (EFFECT.md), every number named with its default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OUTCOMES = ("mean_z", "failed_share")
STATUSES = ("low_results", "adverse_conditions")
STATUS_NAMES = {"low_results": "ШНОР", "adverse_conditions": "ШНСУ"}
HORIZON = 3  # t = 0..3: the programme's first year and the three after it
EXIT_WITHIN = (1, 2, 3)  # years in the group within which an exit is counted


class EffectSettingsError(ValueError):
    """A setting out of its range; the message is Russian and names the setting."""


# The ranges a person may set: beyond them the figures mean nothing or the arrays grow huge.
RANGES: dict[str, tuple[float, float]] = {
    "k": (1, 50),
    "caliper": (0.01, 100),
    "bootstrap": (100, 100_000),
    "seed": (0, 2**32 - 1),
    "min_schools": (2, 10_000),
}


@dataclass(frozen=True)
class EffectSettings:
    outcome: str = "mean_z"
    k: int = 3  # matches per target school
    caliper: float = 0.5  # farthest distance of a match
    bootstrap: int = 1000  # resamples of the interval
    seed: int = 1  # numpy.random.default_rng(seed), fresh for every figure
    min_schools: int = 10  # fewer schools with an effect: "too few schools to tell"
    statuses: tuple[str, ...] = STATUSES

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise EffectSettingsError(
                f"--outcome: «{self.outcome}» — допустимо {' или '.join(OUTCOMES)}"
            )
        if not self.statuses or any(s not in STATUSES for s in self.statuses):
            raise EffectSettingsError(
                "--statuses: перечислите через запятую low_results и/или adverse_conditions"
            )
        for name, (low, high) in RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise EffectSettingsError(
                    f"настройка «{name}» должна быть от {_number(low)} до {_number(high)}, "
                    f"а задано {_number(value)}"
                )

    def as_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "k": self.k,
            "caliper": self.caliper,
            "bootstrap": self.bootstrap,
            "seed": self.seed,
            "min_schools": self.min_schools,
            "statuses": list(self.statuses),
        }


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
