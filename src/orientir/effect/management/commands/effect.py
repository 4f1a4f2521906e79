"""`orientir effect [--year Y] [--region R] [--outcome mean_z|failed_share] --format json`.

With `--results FILE… [--context FILE…] --statuses FILE` it works straight from files, as
`orientir identify` does, without the database (`orientir.effect.files`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.effect.compute import Measurement, measure
from orientir.effect.data import region_panel
from orientir.effect.files import files_panel
from orientir.effect.method import OUTCOMES, RANGES, EffectSettings, EffectSettingsError
from orientir.effect.report import document
from orientir.identification.explain import year_name
from orientir.identification.files import FilesRefused, RegionUnknown
from orientir.lib.cli import FAILURE, fail, print_json
from orientir.lib.tables import TableError
from orientir.registry.regions import regions_option
from orientir.results.parsing import parse_year, year_problem

SETTINGS = {"k": int, "caliper": float, "bootstrap": int, "seed": int, "min_schools": int}


class Command(BaseCommand):
    help = "Эффект программы: когорты ШНОР/ШНСУ против похожих школ вне программы (EFFECT.md)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", help="когорта: учебный год входа в программу, 2019/2020")
        parser.add_argument(
            "--region",
            help="название или код региона (с --results — как записан в файлах); без него — все",
        )
        parser.add_argument("--outcome", default="mean_z", help=" или ".join(OUTCOMES))
        parser.add_argument("--format", choices=["json", "text"], default="text")
        for name, kind in SETTINGS.items():
            low, high = RANGES[name]
            parser.add_argument(
                "--" + name.replace("_", "-"),
                dest=name,
                help=f"{'целое ' if kind is int else ''}от {low:g} до {high:g}",
            )
        parser.add_argument(
            "--target-statuses",
            default="low_results,adverse_conditions",
            help="какие статусы считать программой: low_results, adverse_conditions через запятую",
        )
        parser.add_argument("--results", action="append", metavar="PATH", help="файл результатов")
        parser.add_argument("--context", action="append", metavar="PATH", help="файл контекста")
        parser.add_argument(
            "--statuses", metavar="PATH", help="файл статусов: school_id,year,status"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = None
        if options["year"]:
            year = parse_year(options["year"])
            if year is None:
                fail(f"--year: {year_problem(options['year'])}.")
        settings = _settings(options)
        started = time.perf_counter()
        if options["results"] or options["context"] or options["statuses"]:
            measurement = _from_files(settings, options, year)
        else:
            regions = regions_option(options["region"])
            try:
                panel, _ = region_panel(regions, settings)
                measurement = measure(panel, settings, year)
            except Exception as error:
                fail(f"Внутренняя ошибка расчёта: {error}", FAILURE)
        if options["format"] == "json":
            print_json(document(measurement))
        else:
            self.stdout.write(_summary(measurement))
        if options["verbosity"] >= 2:
            sys.stderr.write(f"всего {time.perf_counter() - started:.2f} с\n")


def _settings(options: dict[str, Any]) -> EffectSettings:
    values: dict[str, Any] = {}
    for name, kind in SETTINGS.items():
        raw = options.get(name)
        if raw is None:
            continue
        try:
            values[name] = kind(str(raw).replace(",", ".") if kind is float else raw)
        except ValueError:
            word = "целым числом" if kind is int else "числом"
            fail(f"--{name.replace('_', '-')}: должно быть {word}, а задано «{raw}».")
    kinds = tuple(s.strip() for s in options["target_statuses"].split(",") if s.strip())
    try:
        return EffectSettings(outcome=options["outcome"], statuses=kinds, **values)
    except EffectSettingsError as error:
        fail(f"{error}.")


def _from_files(settings: EffectSettings, options: dict[str, Any], year: int | None) -> Measurement:
    if not options["results"]:
        fail("--context и --statuses: укажите и файлы результатов (--results).")
    if not options["statuses"]:
        fail("--results: укажите и файл статусов школ (--statuses).")
    try:
        panel = files_panel(
            [Path(p) for p in options["results"]],
            [Path(p) for p in options["context"] or []],
            Path(options["statuses"]),
            settings,
            options["region"],
        )
        return measure(panel, settings, year)
    except (FilesRefused, TableError, RegionUnknown) as error:
        fail(str(error))
    except Exception as error:
        fail(f"Внутренняя ошибка расчёта: {error}", FAILURE)


def _summary(measurement: Measurement) -> str:
    lines = []
    for cohort in measurement.cohorts:
        lines.append(
            f"Когорта {year_name(cohort.year)}: школ {len(cohort.schools)}, "
            f"с парами {cohort.matched}"
        )
        for f in cohort.effect:
            if f.estimate is None:
                lines.append(f"  t={f.t}: слишком мало школ, чтобы судить (n={f.n})")
            else:
                lines.append(f"  t={f.t}: {f.estimate:+.3f} [{f.low:+.3f}; {f.high:+.3f}], n={f.n}")
    return "\n".join(lines) or "Когорт нет: статусы школ не загружены."
