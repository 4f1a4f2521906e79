"""`orientir identify --results FILE --context FILE`: the method straight from files.

Tests without the `db` mark also show that the file mode never touches the database:
pytest-django refuses any query in them.
"""

from __future__ import annotations

import io
import json
import random
import weakref
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from django.core.management import call_command

from orientir.identification import runs
from orientir.identification.engine import Dataset
from orientir.identification.files import Reader, compute_files, report, write_report
from orientir.identification.method import FLAGS, Settings
from orientir.identification.models import IdentificationRun
from orientir.lib.cli import print_json
from orientir.lib.tables import read_table
from orientir.registry.models import Region
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue
from orientir.results.parsing import parse_results

RESULTS_EN = (
    "region,municipality,school_id,school_name,year,assessment,subject,grade,participants,"
    "failed,mean_score"
)
RESULTS_RU = (
    "Регион;Муниципалитет;Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;"
    "Не сдали;Средний балл"
)
CONTEXT_EN = "region,municipality,school_id,school_name,year,indicator,value,direction"
CONTEXT_RU = "Муниципалитет;Код школы;Школа;Учебный год;Показатель;Значение;Направление"
REGIONS = ("Северная область", "Южная область")
INDICATORS = ("low_income_share", "single_parent_share", "parents_higher_ed_share", "rural")


def run(*args: str) -> tuple[int, Any, str]:
    """Call `orientir identify … --format json`: exit code, parsed output, stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stderr(err), redirect_stdout(out):
            call_command("identify", *args, "--format", "json", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), None, err.getvalue()
    return 0, json.loads(out.getvalue()), err.getvalue()


def school_rows(seed: int = 5) -> tuple[dict[int, list[list[Any]]], dict[int, list[list[Any]]]]:
    """Results of 2016–2019 and context of 2017–2019 for 2 regions × 12 schools, by year."""
    rng = random.Random(seed)
    results: dict[int, list[list[Any]]] = {}
    context: dict[int, list[list[Any]]] = {}
    for r, region in enumerate(REGIONS):
        for s in range(12):
            place = [region, f"Район {r}-{s % 3}", f"{r + 1}-{s:03d}", f"Школа № {s + 1}"]
            quality, adversity = rng.gauss(0, 1), rng.gauss(0, 1)
            for year in range(2016, 2020):
                name = f"{year}/{year + 1}"
                level = quality + rng.gauss(0, 0.6) + (2.5 if s == 5 and year == 2019 else 0)
                for subject in ("Русский язык", "Математика П"):
                    n = rng.randint(8, 60)
                    failed = min(n, max(0, round(n * 0.15 * (1 - level / 2) + rng.gauss(0, 1))))
                    mean = round(max(0.0, 60 + 12 * level), 1)
                    row = [*place, name, "ЕГЭ", subject, 11, n, failed, mean]
                    results.setdefault(year, []).append(row)
                n = rng.randint(15, 40)
                failed = max(0, min(n, round(n * 0.2 * (1 - level / 2))))
                row = [*place, name, "ВПР", "Математика", 5, n, failed, ""]
                results.setdefault(year, []).append(row)
                if year == 2016:
                    continue
                for code in INDICATORS:
                    sign = -1 if code == "parents_higher_ed_share" else 1
                    value = round(0.3 + 0.1 * sign * adversity + rng.gauss(0, 0.03), 4)
                    context.setdefault(year, []).append([*place, name, code, value, ""])
                value = round(0.2 + 0.1 * adversity, 4)
                context[year].append([*place, name, "distance_km", value, "adverse"])
    return results, context


def csv_text(header: str, rows: list[list[Any]], sep: str = ",", bom: bool = False) -> str:
    lines = [header, *(sep.join(str(cell) for cell in row) for row in rows)]
    return ("\ufeff" if bom else "") + "\n".join(lines) + "\n"


def write_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Early results in English with commas, late in Russian with semicolons and a BOM."""
    results, context = school_rows()
    early = folder / "results_early.csv"
    early.write_text(csv_text(RESULTS_EN, results[2016] + results[2017]), encoding="utf-8")
    late = folder / "results_late.csv"
    text = csv_text(RESULTS_RU, results[2018] + results[2019], sep=";", bom=True)
    late.write_text(text, encoding="utf-8")
    ctx = folder / "context.csv"
    rows = [row for year in sorted(context) for row in context[year]]
    ctx.write_text(csv_text(CONTEXT_EN, rows), encoding="utf-8")
    return [early, late], [ctx]


def ordered(document: dict[str, Any]) -> dict[str, Any]:
    """The report with each year's failing cells in one order (the database's order varies)."""
    for school in document["schools"]:
        for year in school["explain"]["years"]:
            year["failing_cells"].sort(key=lambda c: (c["assessment"], c["subject"], c["grade"]))
    return document


def file_args(results: list[Path], context: list[Path]) -> list[str]:
    args = ["--year", "2019/2020"]
    for path in results:
        args += ["--results", str(path)]
    for path in context:
        args += ["--context", str(path)]
    return args


@pytest.mark.django_db
def test_it_gives_the_same_report_as_the_database(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    code, from_files, err = run(*file_args(results, context))
    assert code == 0, err
    for path in results:
        call_command("results", "import", str(path), "--create-schools", stdout=io.StringIO())
    for path in context:
        call_command("context", "import", str(path), "--create-schools", stdout=io.StringIO())
    code, from_database, err = run("--year", "2019/2020", "--no-save")
    assert code == 0, err
    assert ordered(from_files) == ordered(from_database)
    flags = {flag for school in from_files["schools"] for flag in school["flags"]}
    assert {"low_results", "adverse_conditions", "needs_verification"} <= flags
    assert len(from_files["schools"]) == 24
    assert from_files["schools"][0]["school"] == "1-000"
    assert from_files["schools"][0]["region"] == "Северная область"


def test_it_writes_the_same_text_as_print_json(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    computation = compute_files(2019, Settings(), results, context)
    streamed = io.StringIO()
    write_report(computation, streamed)
    printed = io.StringIO()
    with redirect_stdout(printed):
        print_json(report(computation))
    assert streamed.getvalue() == printed.getvalue()
    empty = compute_files(2030, Settings(), results, context)
    streamed, printed = io.StringIO(), io.StringIO()
    write_report(empty, streamed)
    with redirect_stdout(printed):
        print_json(report(empty))
    assert streamed.getvalue() == printed.getvalue()


def test_it_names_the_file_row_and_column_of_a_bad_row(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    bad = tmp_path / "bad.csv"
    rows = school_rows()[0][2019][:3]
    rows[1][8] = "много"
    bad.write_text(csv_text(RESULTS_EN, rows), encoding="utf-8")
    code, _, err = run(*file_args([results[0], bad], context))
    assert code == 2
    assert err.count("\n") == 1
    assert "Файл bad.csv: строка 3, столбец «participants»: «много»" in err
    bad.write_text(csv_text(RESULTS_RU, rows, sep=";"), encoding="utf-8")
    assert "Файл bad.csv: строка 3, столбец «Участников»" in run(*file_args([bad], []))[2]


def test_it_refuses_what_an_import_refuses(tmp_path: Path) -> None:
    rows = school_rows()[0][2019][:4]
    path = tmp_path / "r.csv"
    path.write_text(csv_text(RESULTS_EN, [*rows, rows[1]]), encoding="utf-8")
    err = run(*file_args([path], []))[2]
    assert "строка 6: повторяет строку 3 (та же школа, год и ячейка)" in err
    path.write_text(csv_text("school_id,year,assessment,subject,participants,failed", []))
    err = run(*file_args([path], []))[2]
    assert "строка 1, столбец «municipality»: в файле нет такого столбца" in err
    path.write_text(csv_text(RESULTS_EN, []))
    assert "в файле нет ни одной строки данных" in run(*file_args([path], []))[2]
    context = tmp_path / "c.csv"
    place = ["Южная область", "Район", "1-000", "Школа", "2019/2020"]
    lines = [[*place, "distance_km", 1, "adverse"], [*place, "walk_km", 1, ""]]
    context.write_text(csv_text(CONTEXT_EN, lines))
    path.write_text(csv_text(RESULTS_EN, rows))
    err = run(*file_args([path], [context]))[2]
    assert "Файл c.csv: строка 3, столбец «direction»: для нового показателя walk_km" in err


def test_it_reads_russian_headers_semicolons_and_odd_cells_as_the_importer(
    tmp_path: Path,
) -> None:
    header = RESULTS_RU.replace("Класс", "Параллель").replace("Участников", "Число участников")
    place = "Лесной район;1-001;СОШ № 1;2019/20"
    rows = [
        f"{place};егэ;Русский  язык;11 класс;1 234;12,0;61,5",
        f"{place}; ЕГЭ ;Математика П;11;  40 ;2;1e1",
        f"{place};ВПР;Математика;5-й;+25;0;",
        "",
        f"{place};НИКО;Чтение;;10;1;4.5 %",
    ]
    path = tmp_path / "ru.csv"
    text = "\ufeff" + header.removeprefix("Регион;") + "\n" + "\n".join(rows) + "\n"
    path.write_text(text, encoding="utf-8")
    reader = Reader()
    reader.read_results(path)
    part = reader.results[0]
    parsed = parse_results(read_table(path.read_bytes(), path.name))
    assert parsed.problems == []
    expected = [
        (
            row.year,
            row.assessment,
            row.subject,
            row.grade or 0,
            row.participants,
            row.failed,
            row.line,
        )
        for row in parsed.rows
    ]
    assessments, subjects = reader.assessments.names(), reader.subjects.names()
    got = [
        (year, assessments[a], subjects[s], grade, n, failed, line)
        for _, year, a, s, grade, n, failed, line in part.ints.tolist()
    ]
    assert got == expected
    means = [np.nan if row.mean_score is None else row.mean_score for row in parsed.rows]
    np.testing.assert_array_equal(part.floats, np.array(means))


def test_it_reads_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    rows = school_rows()[0][2019][:3]
    path.write_bytes(csv_text(RESULTS_RU, rows, sep=";").encode("cp1251"))
    computation = compute_files(2019, Settings(), [path], [])
    assert computation.regions[0] == "Северная область"
    assert computation.data.subjects == ["Русский язык", "Математика П", "Математика"]


def test_it_reads_xlsx(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(RESULTS_RU.split(";"))
    for line in results[1].read_text(encoding="utf-8-sig").splitlines()[1:]:
        cells: list[Any] = line.split(";")
        cells[7:10] = [int(cells[7]), int(cells[8]), int(cells[9])]
        cells[10] = float(cells[10]) if cells[10] else None
        sheet.append(cells)
    xlsx = tmp_path / "late.xlsx"
    book.save(xlsx)
    assert run(*file_args([results[0], xlsx], context))[1] == run(*file_args(results, context))[1]


def test_it_takes_a_missing_region_from_the_other_rows(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    rows = [row[1:] for year in (2017, 2018, 2019) for row in school_rows()[1][year]]
    without = tmp_path / "context_ru.csv"
    without.write_text(csv_text(CONTEXT_RU, rows, sep=";"), encoding="utf-8")
    code, document, err = run(*file_args(results, [without]))
    assert code == 0, err
    assert document == run(*file_args(results, context))[1]


def test_it_takes_a_cell_repeated_in_a_later_file_from_that_file(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    rows = school_rows()[0][2019][:1]
    rows[0][9] = rows[0][8]  # everybody failed
    later = tmp_path / "correction.csv"
    later.write_text(csv_text(RESULTS_EN, rows), encoding="utf-8")
    computation = compute_files(2019, Settings(), [*results, later], context)
    data = computation.data
    school = computation.codes.index(rows[0][2])
    cell = (data.cell_school == school) & (data.cell_year == 2019)
    cell &= data.cell_subject == data.subjects.index("Русский язык")
    assert data.cell_failed[cell].tolist() == [rows[0][8]]


def test_it_limits_the_run_to_a_region_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    code, document, _ = run(*file_args(results, context), "--region", "южная  область")
    assert code == 0
    assert {school["region"] for school in document["schools"]} == {"Южная область"}
    assert len(document["schools"]) == 12
    code, _, err = run(*file_args(results, context), "--region", "Нигде")
    assert code == 2
    assert "--region Нигде: такого региона нет в файлах" in err


def test_it_wants_results_with_context_and_readable_files(tmp_path: Path) -> None:
    _, context = write_files(tmp_path)
    code, _, err = run("--year", "2019/2020", "--context", str(context[0]))
    assert (code, "--results" in err) == (2, True)
    code, _, err = run(*file_args([tmp_path / "none.csv"], []))
    assert code == 2
    assert "Файл none.csv: не удалось прочитать" in err


def test_it_refuses_a_school_without_region_that_two_regions_have(tmp_path: Path) -> None:
    rows = school_rows()[0][2019]
    twice = [rows[0], [REGIONS[1], *rows[0][1:]]]
    results = tmp_path / "r.csv"
    results.write_text(csv_text(RESULTS_EN, twice), encoding="utf-8")
    context = tmp_path / "c.csv"
    line = [*rows[0][1:5], "rural", 1]
    context.write_text(csv_text(CONTEXT_RU.removesuffix(";Направление"), [line], sep=";"))
    code, _, err = run(*file_args([results], [context]))
    assert code == 2
    assert "Файл c.csv: строка 2, столбец «region»: школа 1-000 есть в регионах" in err


def test_it_refuses_a_new_indicator_given_two_directions(tmp_path: Path) -> None:
    results, _ = write_files(tmp_path)
    place = ["Южная область", "Район", "2-000", "Школа", "2019/2020"]
    lines = [[*place, "distance_km", 1, "adverse"], [*place, "distance_km", 2, "favourable"]]
    context = tmp_path / "c.csv"
    context.write_text(csv_text(CONTEXT_EN, lines))
    err = run(*file_args(results, [context]))[2]
    assert "Файл c.csv: строка 3, столбец «direction»: у показателя distance_km направление" in err


# The database path reads the same rows as the files, a chunk at a time ------------------------


def import_files(results: list[Path], context: list[Path]) -> None:
    for path in results:
        call_command("results", "import", str(path), "--create-schools", stdout=io.StringIO())
    for path in context:
        call_command("context", "import", str(path), "--create-schools", stdout=io.StringIO())


def dataset_rows(data: Dataset, codes: list[str]) -> tuple[list[Any], list[Any]]:
    """Every cell and context value of a dataset by school code and names, in one order."""
    cells = [
        (codes[s], y, data.assessments[a], data.subjects[j], g, n, f, None if m != m else m)
        for s, y, a, j, g, n, f, m in zip(
            data.cell_school.tolist(),
            data.cell_year.tolist(),
            data.cell_assessment.tolist(),
            data.cell_subject.tolist(),
            data.cell_grade.tolist(),
            data.cell_n.tolist(),
            data.cell_failed.tolist(),
            data.cell_mean.tolist(),
            strict=True,
        )
    ]
    context = [
        (codes[s], y, data.indicators[i], bool(data.indicator_adverse[i]), v)
        for s, y, i, v in zip(
            data.ctx_school.tolist(),
            data.ctx_year.tolist(),
            data.ctx_indicator.tolist(),
            data.ctx_value.tolist(),
            strict=True,
        )
    ]
    return sorted(cells), sorted(context)


@pytest.mark.django_db
def test_the_database_gives_the_dataset_and_report_the_files_give(tmp_path: Path) -> None:
    results, context = write_files(tmp_path)
    from_files = compute_files(2019, Settings(), results, context)
    import_files(results, context)
    regions = list(Region.objects.order_by("name"))
    from_database = runs.compute(2019, regions, Settings())
    codes = [school.code for school in from_database.schools]
    expected = dataset_rows(from_files.data, from_files.codes)
    assert dataset_rows(from_database.data, codes) == expected
    assert len(expected[0]) == 24 * 4 * 3 and len(expected[1]) == 24 * 3 * 5
    streamed, printed = io.StringIO(), io.StringIO()
    assert runs.write_report(from_database, streamed) == 24
    with redirect_stdout(printed):
        print_json(runs.report(from_database))
    assert streamed.getvalue() == printed.getvalue()
    assert ordered(json.loads(streamed.getvalue())) == ordered(report(from_files))


@pytest.mark.django_db
def test_the_database_summary_counts_the_flags_of_the_report(tmp_path: Path) -> None:
    import_files(*write_files(tmp_path))
    _, document, _ = run("--year", "2019/2020", "--no-save")
    out = io.StringIO()
    call_command("identify", "--year", "2019/2020", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Идентификация за 2019/2020: школ с данными 24"
    counts = {flag: 0 for flag in FLAGS}
    for school in document["schools"]:
        for flag in school["flags"]:
            counts[flag] += 1
    assert lines[1 : 1 + len(FLAGS)] == [f"  {flag}: {counts[flag]}" for flag in FLAGS]
    assert sum(counts.values()) > 0
    kept = IdentificationRun.objects.order_by("region__name")
    assert lines[1 + len(FLAGS) :] == [f"сохранён расчёт № {r.pk} ({r.region})" for r in kept]
    assert len(kept) == 2


class Row(list[Any]):
    """A database row that can be watched (a weak reference) to see when it is let go."""


@pytest.mark.django_db
def test_the_database_rows_are_read_a_chunk_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader lets each chunk of rows go before it takes the next; it never lists them all."""
    import_files(*write_files(tmp_path))
    regions = list(Region.objects.order_by("name"))
    expected, pks = runs.load_dataset(2019, regions, Settings())
    monkeypatch.setattr(runs, "CHUNK_ROWS", 5)
    watched: list[weakref.ref[Row]] = []
    most = 0

    def stream(queryset: Any) -> Iterator[Row]:
        nonlocal most
        for values in queryset.iterator():
            row = Row(values)
            watched.append(weakref.ref(row))
            most = max(most, sum(ref() is not None for ref in watched))
            yield row
            del row

    first = 2019 - Settings().window_years
    results = AssessmentResult.objects.filter(academic_year__start_year__gte=first)
    context = ContextValue.objects.filter(academic_year__start_year__gt=first)
    data, order = runs._dataset(
        2019,
        stream(results.order_by(*runs.RESULT_ORDER).values_list(*runs.RESULT_FIELDS)),
        stream(context.order_by("pk").values_list(*runs.CONTEXT_FIELDS)),
        {i.pk: (i.code, i.direction) for i in ContextIndicator.objects.all()},
    )
    assert len(watched) == len(expected.cell_n) + len(expected.ctx_value) > 100
    assert most <= 2 * 5 + 1  # the chunk being read and the one just used
    assert order == pks
    assert dataset_rows(data, [str(pk) for pk in order]) == dataset_rows(
        expected, [str(pk) for pk in pks]
    )
