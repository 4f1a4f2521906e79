"""The academic year as people write it in commands: "2018/2019", "2018-2019", "2018/19"."""

from __future__ import annotations

import re

FIRST_YEAR, LAST_YEAR = 1900, 2100
_ACADEMIC_YEAR = re.compile(r"(\d{4})\s*[/\-‐‑‒–—―−]\s*(\d{4}|\d{2})")


def parse_academic_year(text: str) -> int:
    """Return Y for the academic year "Y/Y+1" ("2018/2019", "2018-2019", "2018/19").

    Commands take the academic year as people write it; a second year that does not
    follow the first is a typo we must not silently "fix".
    """
    match = _ACADEMIC_YEAR.fullmatch(text.strip())
    if not match:
        raise ValueError("учебный год пишется как 2018/2019")
    first, second = int(match[1]), match[2]
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise ValueError(f"год должен быть от {FIRST_YEAR} до {LAST_YEAR}")
    expected = first + 1 if len(second) == 4 else (first + 1) % 100
    if int(second) != expected:
        raise ValueError(f"второй год должен следовать за первым: {first}/{first + 1}")
    return first
