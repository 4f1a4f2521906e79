"""`orientir deadline TEXT [--year YYYY/YYYY] --format json` — how Ориентир reads one "сроки" cell.

People and scripts use it to check a deadline before importing a plan, so it prints exactly
what the importer would store (CONTRACTS.md, `orientir deadline`).
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from orientir.lib.cli import fail, print_json
from orientir.plans.deadlines import parse_academic_year, parse_deadline


class Command(BaseCommand):
    help = "Понять текст срока из графы «сроки»: вид срока и его даты"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Report wrong arguments as every error of ours: one Russian line, exit code 2."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = usage_error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="+", help="текст срока, как он записан в плане")
        parser.add_argument("--year", help="учебный год плана, например 2018/2019")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        text = " ".join(options["text"])
        if not text.strip():
            fail("TEXT: пустой текст срока — понимать нечего")
        year = None
        if options["year"] is not None:
            try:
                year = parse_academic_year(options["year"])
            except ValueError as error:
                fail(f"--year: «{options['year']}» — {error}")
        deadline = parse_deadline(text, year)
        if options["format"] == "json":
            print_json(deadline.as_json())
        else:
            self.stdout.write(deadline.describe())


_USAGE_ERRORS = [
    (re.compile(r"the following arguments are required: text"), "TEXT: не указан текст срока"),
    (
        re.compile(r"argument --format: invalid choice: '?([^'\s]*)'?"),
        r"--format: «\1» — допустимы json и text",
    ),
    (re.compile(r"argument (--\w+): expected one argument"), r"\1: не указано значение"),
    (re.compile(r"unrecognized arguments: (.*)"), r"неизвестные аргументы: \1"),
]


def usage_error(message: str) -> NoReturn:
    """Say in Russian what argparse says in English, keeping the field it names."""
    for pattern, russian in _USAGE_ERRORS:
        match = pattern.search(message)
        if match:
            fail(match.expand(russian))
    fail(f"неверные аргументы команды: {message}")
