"""Conventions shared by our commands (CONTRACTS.md): JSON on stdout, Russian errors, exit codes."""

import json
import sys
from typing import Any, NoReturn

BAD_INPUT = 2
FAILURE = 1


def fail(message: str, code: int = BAD_INPUT) -> NoReturn:
    """Write a one-line Russian message to stderr and exit with `code`."""
    sys.stderr.write(" ".join(message.split()) + "\n")
    sys.stderr.flush()
    raise SystemExit(code)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout and nothing else."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()
