"""The `orientir` console script: Django's management commands under our own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, `orientir migrate` as well as our own ones."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["orientir", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
