"""`orientir identify --year YYYY/YYYY [--region NAME] [--config FILE] --format json`.

With `--results FILE` (and `--context FILE`) the method runs straight from the files,
without the database and without keeping a run (`orientir.identification.files`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orientir.identification import runs as database
from orientir.identification.explain import year_name
from orientir.identification.files import (
    FilesRefused,
    RegionUnknown,
    compute_files,
    flag_counts,
    write_report,
)
from orientir.identification.method import FLAGS, Settings, SettingsError, load_settings
from orientir.identification.runs import Computation, compute, has_results, identification_run
from orientir.lib.cli import FAILURE, fail
from orientir.lib.tables import TableError
from orientir.registry.regions import regions_option
from orientir.results.parsing import parse_year, year_problem

FILES_HELP = (
    "Расчёт прямо по файлам, без базы данных (расчёт не сохраняется): столбцы — как в "
    "orientir results import / context import (COLUMNS.md). В выводе «school» — код школы "
    "(school_id) из файлов, «region» — регион из столбца region так, как он записан в файле "
    "(если у строки региона нет, берётся регион той же школы из других строк; школы без "
    "региона считаются одним регионом «»). Одна и та же ячейка в двух файлах берётся из "
    "более позднего файла. С -v 2 время этапов печатается в stderr."
)


CONFIG_MAX_BYTES = 64 * 1024  # settings are a dozen numbers; more is a wrong file


class Command(BaseCommand):
    help = "Выявить ШНОР и ШНСУ по методике IDENTIFICATION.md за учебный год"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="учебный год расчёта, 2019/2020")
        parser.add_argument(
            "--region",
            help="название или код региона; без него — все регионы (с --results — регион "
            "так, как он записан в файлах)",
        )
        parser.add_argument("--config", help="файл JSON с настройками методики")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--no-save", action="store_true", help="не сохранять расчёт, только напечатать"
        )
        parser.add_argument(
            "--results",
            action="append",
            metavar="PATH",
            help="файл результатов (CSV или XLSX; можно несколько раз). " + FILES_HELP,
        )
        parser.add_argument(
            "--context",
            action="append",
            metavar="PATH",
            help="файл показателей социального контекста (CSV или XLSX; можно несколько раз); "
            "только вместе с --results",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        if year is None:
            fail(f"--year: {year_problem(options['year'])}.")
        settings = _settings(options["config"])
        if options["results"] or options["context"]:
            self._from_files(year, settings, options)
            return
        regions = regions_option(options["region"])
        try:
            computation = compute(year, regions, settings)
            runs = []
            if not options["no_save"]:
                for region in regions:
                    if has_results(computation, region.pk):
                        runs.append(
                            identification_run(computation=computation, region=region, actor=None)
                        )
                    elif any(s.region_id == region.pk for s in computation.schools):
                        sys.stderr.write(
                            f"Расчёт по региону «{region.name}» не сохранён: нет результатов "
                            f"за {options['year']}.\n"
                        )
            # Written a school at a time: the country's document would not fit in memory twice.
            if options["format"] == "json":
                database.write_report(computation, sys.stdout)
            else:
                self.stdout.write(_summary(computation, runs))
        except Exception as error:
            fail(f"Внутренняя ошибка расчёта: {error}", FAILURE)

    def _from_files(self, year: int, settings: Settings, options: dict[str, Any]) -> None:
        """Run the method over the files given; print the report; keep nothing."""
        if not options["results"]:
            fail("--context: укажите и файлы результатов (--results).")
        started = time.perf_counter()
        try:
            computation = compute_files(
                year,
                settings,
                [Path(p) for p in options["results"]],
                [Path(p) for p in options["context"] or []],
                options["region"],
            )
        except (FilesRefused, TableError, RegionUnknown) as error:
            fail(str(error))
        except Exception as error:
            fail(f"Внутренняя ошибка расчёта: {error}", FAILURE)
        mark = time.perf_counter()
        if options["format"] == "json":
            listed = write_report(computation, sys.stdout)
        else:
            listed = len(computation.listed())
            lines = [f"Идентификация за {options['year']} по файлам: школ с данными {listed}"]
            counts = flag_counts(computation)
            lines.extend(f"  {flag}: {counts[flag]}" for flag in FLAGS)
            self.stdout.write("\n".join(lines))
        if options["verbosity"] >= 2:
            times = computation.timings | {"report": time.perf_counter() - mark}
            parts = ", ".join(f"{stage} {seconds:.2f} с" for stage, seconds in times.items())
            total = time.perf_counter() - started
            sys.stderr.write(
                f"строк в файлах {computation.rows}, школ {listed}; {parts}; всего {total:.2f} с\n"
            )


def _settings(path: str | None) -> Settings:
    if path is None:
        return Settings()
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(CONFIG_MAX_BYTES + 1)
    except FileNotFoundError:
        fail(f"--config {path}: файл не найден.")
    except IsADirectoryError:
        fail(f"--config {path}: это каталог, а не файл.")
    except PermissionError:
        fail(f"--config {path}: нет прав на чтение файла.")
    except OSError:
        fail(f"--config {path}: не удалось прочитать файл.")
    if len(raw) > CONFIG_MAX_BYTES:
        fail(f"--config {path}: файл настроек больше {CONFIG_MAX_BYTES // 1024} КБ.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"--config {path}: файл не в кодировке UTF-8.")
    try:
        return load_settings(text)
    except SettingsError as error:
        fail(f"Файл настроек {path}: {error}.")


def _summary(computation: Computation, runs: list[Any]) -> str:
    listed = len(computation.listed())
    lines = [f"Идентификация за {year_name(computation.year)}: школ с данными {listed}"]
    counts = database.flag_counts(computation)
    lines.extend(f"  {flag}: {counts[flag]}" for flag in FLAGS)
    lines.extend(f"сохранён расчёт № {run.pk} ({run.region})" for run in runs)
    return "\n".join(lines)
