"""Numbers as people type them in Russian documents and forms: 74,4 · 1 234,5 · 12 %."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Spaces (also no-break and thin ones) group thousands; a percent sign may follow.
_IGNORED = re.compile(r"[\s\u00a0\u202f%]")
# Digits with an optional fraction, the exponent a spreadsheet writes for tiny cells (1e-05).
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def parse_decimal(text: str) -> Decimal | None:
    """Read 74,4 or 74.4 or 1 234,5 or 12 %; None if it is no finite number."""
    cleaned = _IGNORED.sub("", text).replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def written(value: object) -> str:
    """0.680 → 0,68; 100.000 → 100; 1e-05 → 0,00001: a decimal comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    try:
        text = format(Decimal(str(value)), "f")
    except InvalidOperation:
        return str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def signed(value: float, digits: int = 2) -> str:
    """0.126 → +0,13; −0.05 → −0,05; −0.001 → 0,00: a sign but for zero, a decimal comma and a
    true minus."""
    if round(value, digits) == 0:
        return f"{0:.{digits}f}".replace(".", ",")
    return f"{value:+.{digits}f}".replace(".", ",").replace("-", "−")
