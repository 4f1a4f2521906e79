"""Where the programme's real documents are: `../shared/seeds/` beside the checkout.

`ORIENTIR_SEEDS_DIR` points elsewhere (a clone made outside the workplace, say). Tests
that read the seeds skip when they are absent: the project's own fixtures cover the same
layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(
    os.environ.get("ORIENTIR_SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
)


def seed_path(prefix: str) -> Path:
    """Return the seed whose name starts with `prefix`, or skip the test."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"нет документа {prefix}_*.txt в {SEEDS}")
    return found[0]
