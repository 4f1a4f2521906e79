"""`orientir results import` and `orientir context import`: parsing, rejection, all or nothing."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
from django.core.management import call_command
from django.test import SimpleTestCase

from orientir.audit.models import AuditEvent
from orientir.lib.tables import read_table
from orientir.registry.models import Organisation
from orientir.results.models import AssessmentResult, ContextIndicator, ContextValue
from orientir.results.parsing import parse_context, parse_results
from tests.base import BaseTestCase

HEADER = (
    "region,municipality,school_id,school_name,year,assessment,subject,grade,participants,"
    "failed,mean_score"
)
ROW4 = "Южная область,Лесной район,99-0104,СОШ № 4,2019/2020,ЕГЭ,Русский язык,11,20,1,61.5"


def results(*rows: str, header: str = HEADER, sep: str = ",") -> bytes:
    return "\n".join([header, *rows]).replace(",", sep).encode()


def problems(data: bytes, name: str = "r.csv", context: bool = False) -> list[str]:
    parse = parse_context if context else parse_results
    return [str(p) for p in parse(read_table(data, name)).problems]


class ParseResultsTestCase(SimpleTestCase):
    def test_it_reads_english_headers_with_commas(self) -> None:
        parsed = parse_results(read_table(results(ROW4), "r.csv"))
        self.assertEqual(parsed.problems, [])
        row = parsed.rows[0]
        self.assertEqual(
            (row.year, row.kind, row.grade, row.participants, row.mean_score),
            (2019, "ege", 11, 20, 61.5),
        )

    def test_it_reads_russian_headers_with_semicolons_and_a_bom(self) -> None:
        header = (
            "Муниципалитет;Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;"
            "Не сдали;Средний балл"
        )
        data = (
            "\ufeff" + header + "\nЛесной район;99-0104;СОШ № 4;2018/2019;впр;Математика;5;25;3;\n"
        ).encode()
        parsed = parse_results(read_table(data, "r.csv"))
        self.assertEqual(parsed.problems, [])
        row = parsed.rows[0]
        self.assertEqual(
            (row.assessment, row.grade, row.failed, row.mean_score), ("ВПР", 5, 3, None)
        )

    def test_it_reads_an_xlsx_with_the_seed_score_bands(self) -> None:
        book = openpyxl.Workbook()
        book.active.append(
            [
                "Муниципалитет",
                "Код школы",
                "Школа",
                "Учебный год",
                "Процедура",
                "Предмет",
                "Участников",
                "Не преодолели порог",
                "Минимальный порог-50",
                "51-60",
                "61-70",
                "71-90",
                "91-99",
                "100",
            ]
        )
        book.active.append(
            [
                "Лесной район",
                "99-0104",
                "СОШ № 4",
                "2017/2018",
                "ЕГЭ",
                "Математика П",
                209,
                11,
                129,
                17,
                41,
                22,
                0,
                0,
            ]
        )
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = parse_results(read_table(buffer.getvalue(), "r.xlsx"))
        self.assertEqual(parsed.problems, [])
        row = parsed.rows[0]
        self.assertEqual(row.failed, 11)
        self.assertEqual(row.counts["band_upto_50"], 129)
        self.assertEqual(row.counts["band_71_90"], 22)

    def test_it_rejects_more_failed_than_participants_naming_row_and_column(self) -> None:
        bad = ROW4.replace(",20,1,", ",20,21,")
        self.assertEqual(
            problems(results(ROW4.replace("11,", "9,", 1), bad)),
            ["строка 3, столбец «failed»: 21 больше числа участников (20)."],
        )

    def test_it_rejects_bad_values_each_on_its_row(self) -> None:
        rows = [
            ROW4.replace("2019/2020", "2019/2021"),
            ROW4.replace(",11,", ",13,"),
            ROW4.replace(",20,1,", ",двадцать,1,"),
            ROW4.replace("61.5", "-3"),
            ROW4.replace(",20,1,", ",0,0,"),
        ]
        found = problems(results(*rows))
        self.assertEqual(
            [p.split(":")[0] for p in found],
            [
                "строка 2, столбец «year»",
                "строка 3, столбец «grade»",
                "строка 4, столбец «participants»",
                "строка 5, столбец «mean_score»",
                "строка 6, столбец «participants»",
            ],
        )

    def test_it_rejects_a_repeated_cell(self) -> None:
        self.assertEqual(
            problems(results(ROW4, ROW4)),
            ["строка 3: повторяет строку 2 (та же школа, год и ячейка)."],
        )

    def test_it_names_a_missing_column(self) -> None:
        header = HEADER.replace(",participants", "")
        row = ROW4.replace(",20,1,", ",1,")
        self.assertEqual(
            problems(results(row, header=header)),
            ["строка 1, столбец «participants»: в файле нет такого столбца."],
        )


class ParseContextTestCase(SimpleTestCase):
    header = "municipality;school_id;school_name;year;indicator;value;direction"

    def test_it_requires_a_direction_for_a_new_code(self) -> None:
        data = self.header + "\nЛесной район;99-0104;СОШ № 4;2019/2020;orphans_share;0,1;\n"
        self.assertEqual(
            problems(data.encode(), context=True),
            [
                "строка 2, столбец «direction»: для нового показателя orphans_share укажите "
                "направление: adverse или favourable."
            ],
        )

    def test_it_checks_a_known_codes_direction(self) -> None:
        data = (
            self.header + "\nЛесной район;99-0104;СОШ № 4;2019/2020;low_income_share;0,3;"
            "favourable\n"
        )
        self.assertIn("направление adverse", problems(data.encode(), context=True)[0])


class ImportCommandTestCase(BaseTestCase):
    def run_command(self, name: str, data: bytes, *args: str) -> tuple[int, str, str]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "results.csv"
            path.write_bytes(data)
            out, err = io.StringIO(), io.StringIO()
            code = 0
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    call_command(name, "import", str(path), *args, stdout=out)
                except SystemExit as exit_:
                    code = int(exit_.code or 0)
            return code, out.getvalue(), err.getvalue()

    def test_it_imports_results_and_prints_a_json_summary(self) -> None:
        code, out, _ = self.run_command("results", results(ROW4), "--format", "json")
        self.assertEqual(code, 0)
        summary = json.loads(out)
        self.assertEqual(
            (summary["rows"], summary["created"], summary["assessments"]), (1, 1, {"ЕГЭ": 1})
        )
        result = AssessmentResult.objects.get()
        self.assertEqual((result.school, result.mean_score), (self.school4, 61.5))
        self.assertTrue(AuditEvent.objects.filter(action="results.import").exists())

    def test_it_replaces_a_cell_loaded_before(self) -> None:
        self.run_command("results", results(ROW4))
        _, out, _ = self.run_command(
            "results", results(ROW4.replace("61.5", "70")), "--format", "json"
        )
        self.assertEqual(json.loads(out)["updated"], 1)
        self.assertEqual(AssessmentResult.objects.get().mean_score, 70)

    def test_it_writes_nothing_when_one_row_is_bad(self) -> None:
        bad = ROW4.replace("Русский язык", "Математика").replace(",20,1,", ",20,25,")
        code, out, err = self.run_command("results", results(ROW4, bad), "--format", "json")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertEqual(err.count("\n"), 1)
        self.assertIn("Файл results.csv: строка 3, столбец «failed»", err)
        self.assertFalse(AssessmentResult.objects.exists())

    def test_it_refuses_an_unknown_school_without_create_schools(self) -> None:
        row = ROW4.replace("99-0104", "99-0999")
        code, _, err = self.run_command("results", results(row))
        self.assertEqual(code, 2)
        self.assertIn("строка 2, столбец «school_id»: школы с кодом 99-0999 нет в реестре", err)

    def test_it_creates_schools_municipalities_and_regions_when_asked(self) -> None:
        row = (
            "Северная область,Озёрный район,77-1,СОШ № 1 пос. Озёрный,2019/2020,ОГЭ,Математика,"
            "9,30,4,"
        )
        code, out, _ = self.run_command(
            "results", results(row), "--create-schools", "--format", "json"
        )
        self.assertEqual(code, 0)
        school = Organisation.objects.get(code="77-1")
        self.assertEqual(
            (school.municipality.name, school.region.name), ("Озёрный район", "Северная область")
        )
        self.assertEqual(json.loads(out)["schools_created"], ["77-1"])

    def test_it_refuses_a_school_placed_in_another_municipality(self) -> None:
        moved = ROW4.replace("Лесной район", "город Приморск")
        code, _, err = self.run_command("results", results(moved))
        self.assertEqual(code, 2)
        self.assertIn("относится к муниципалитету «Лесной район»", err)

    def test_it_imports_context_and_adds_a_new_indicator(self) -> None:
        data = (
            "region;municipality;school_id;school_name;year;indicator;value;direction\n"
            ";Лесной район;99-0104;СОШ № 4;2019/2020;low_income_share;0,31;\n"
            ";Лесной район;99-0104;СОШ № 4;2019/2020;orphans_share;0,02;adverse\n"
        ).encode()
        code, out, err = self.run_command("context", data, "--format", "json")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["indicators"], {"low_income_share": 1, "orphans_share": 1})
        self.assertEqual(ContextIndicator.objects.get(code="orphans_share").direction, "adverse")
        self.assertEqual(ContextValue.objects.get(indicator__code="low_income_share").value, 0.31)
