"""`orientir identify --year YYYY/YYYY [--region NAME] [--config FILE] --format json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.cli import FAILURE, fail, print_json
from orientir.registry.models import Region
from orientir.results.method import FLAGS, Settings, SettingsError, load_settings
from orientir.results.parsing import parse_year
from orientir.results.runs import compute, identification_run, report


class Command(BaseCommand):
    help = "Выявить ШНОР и ШНСУ по методике IDENTIFICATION.md за учебный год"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="учебный год расчёта, 2019/2020")
        parser.add_argument("--region", help="название или код региона; без него — все регионы")
        parser.add_argument("--config", help="файл JSON с настройками методики")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--no-save", action="store_true", help="не сохранять расчёт, только напечатать"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        if year is None:
            fail(f"--year {options['year']}: учебный год пишется как 2019/2020.")
        settings = _settings(options["config"])
        regions = _regions(options["region"])
        try:
            computation = compute(year, regions, settings)
            document = report(computation)
            runs = []
            if not options["no_save"]:
                for region in regions:
                    if any(s.region_id == region.pk for s in computation.schools):
                        runs.append(
                            identification_run(computation=computation, region=region, actor=None)
                        )
        except Exception as error:
            fail(f"Внутренняя ошибка расчёта: {error}", FAILURE)
        if options["format"] == "json":
            print_json(document)
        else:
            self.stdout.write(_summary(document, runs))


def _settings(path: str | None) -> Settings:
    if path is None:
        return Settings()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"Файл настроек {path}: не удалось прочитать ({error}).")
    try:
        return load_settings(text)
    except SettingsError as error:
        fail(f"Файл настроек {path}: {error}.")


def _regions(name: str | None) -> list[Region]:
    if name is None:
        return list(Region.objects.order_by("name"))
    wanted = " ".join(name.split())
    found = Region.objects.filter(name__iexact=wanted) | Region.objects.filter(code=wanted)
    region = found.first()
    if region is None:
        fail(f"--region {name}: такого региона нет в реестре.")
    return [region]


def _summary(document: dict[str, Any], runs: list[Any]) -> str:
    schools = document["schools"]
    lines = [f"Идентификация за {document['year']}: школ с данными {len(schools)}"]
    for flag in FLAGS:
        count = sum(1 for school in schools if flag in school["flags"])
        lines.append(f"  {flag}: {count}")
    lines.extend(f"сохранён расчёт № {run.pk} ({run.region})" for run in runs)
    return "\n".join(lines)
