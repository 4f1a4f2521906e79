"""Importing for real: plans, re-imports, reports, territory and all-or-nothing."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from orientir.audit.models import AuditEvent
from orientir.execution.models import Document, Execution
from orientir.imports.errors import ImportProblem
from orientir.imports.models import ImportRecord
from orientir.imports.parsing import parse_upload
from orientir.imports.samples import Line, Sample, roadmap_sample, to_docx, to_txt
from orientir.imports.services import file_hash, plan_import
from orientir.indicators.models import Indicator
from orientir.plans.models import Activity, Plan
from tests.base import BaseTestCase
from tests.seeds import seed_path

REPORT_HEADER = (
    "Код региона",
    "Муниципалитет",
    "Все мероприятия, запланированные в муниципальной дорожной карте",
    "Краткое описание мероприятий",
    "Дата проведения мероприятия",
    "Организация, ответственная за проведение мероприятия",
    "Целевая аудитория мероприятия",
    "Ссылка на размещение документов, подтверждающих проведение мероприятия",
)


def report_sample() -> Sample:
    sample = Sample(
        title="Отчет о выполнении мероприятий муниципальной дорожной карты "
        "на 2018-2019 учебный год",
        header=REPORT_HEADER,
    )
    sample.rows = [
        Line(
            (
                "99",
                "Лесной район",
                "Муниципальный семинар по программам перехода",
                "Семинар в СОШ № 6 для заместителей директоров",
                "12 сентября 2018 года",
                "Карпенко Н.В.",
                "заместители директоров",
                "Приказ управления образованием от 03.09.2018 № 240 «О проведении семинара»",
            )
        ),
        Line(
            (
                "99",
                "Лесной район",
                "Заседание муниципальной рабочей группы",
                "Подведены итоги полугодия",
                "20 декабря 2018 года",
                "Ракова Н.В.",
                "члены рабочей группы",
                "Протокол от 20.12.2018 № 3",
            )
        ),
    ]
    return sample


class ImportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    def write(self, name: str, data: bytes) -> Path:
        path = self.tmp / name
        path.write_bytes(data)
        return path

    def run_import(self, path: Path, *options: str) -> dict[str, Any]:
        out = io.StringIO()
        with redirect_stdout(out):
            call_command("import", str(path), "--format", "json", *options)
        return json.loads(out.getvalue())

    def run_failing(self, path: Path, *options: str) -> tuple[int, str]:
        err = io.StringIO()
        with (
            redirect_stderr(err),
            redirect_stdout(io.StringIO()),
            self.assertRaises(SystemExit) as caught,
        ):
            call_command("import", str(path), "--format", "json", *options)
        return int(caught.exception.code or 0), err.getvalue()

    def import_roadmap(self, sample: Sample, name: str = "roadmap.docx") -> dict[str, Any]:
        return self.run_import(
            self.write(name, to_docx(sample)), "--region", "99", "--municipality", "Лесной район"
        )


class PlanImportTests(ImportTestCase):
    def test_it_prints_the_dry_run_document_plus_id(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample()))
        dry = self.run_import(path, "--dry-run")
        document = self.run_import(path, "--region", "99", "--municipality", "Лесной район")
        plan_id = document.pop("id")
        self.assertEqual(document, dry)
        self.assertTrue(Plan.objects.filter(pk=plan_id).exists())

    def test_it_creates_the_plan_with_sections_and_activities(self) -> None:
        plan = Plan.objects.get(pk=self.import_roadmap(roadmap_sample(7))["id"])
        self.assertEqual(plan.kind, Plan.Kind.ROADMAP)
        self.assertEqual(plan.municipality, self.forest)
        self.assertEqual(plan.owner, self.forest_authority)
        self.assertEqual(plan.first_year.start_year, 2018)
        self.assertEqual([s.number for s in plan.sections.all()], ["1.", "2.", "3."])
        activities = list(plan.activities.order_by("position"))
        self.assertEqual(len(activities), 7)
        first = activities[0]
        self.assertEqual((first.number, first.section.number), ("1.1.", "1."))
        self.assertEqual(first.deadline_text, "Август 2018 года")
        self.assertEqual(first.responsible_text, "Карпенко Н.В.\nРакова Н.В.")
        self.assertEqual(first.planned_result, "Повышение качества образования")
        self.assertEqual(AuditEvent.objects.filter(action="import.created").count(), 1)
        self.assertEqual(ImportRecord.objects.get().plan, plan)

    def test_it_nests_sub_sections_and_reads_indicators_of_the_seed(self) -> None:
        seed = seed_path("004")
        document = self.run_import(seed, "--region", "99", "--municipality", "Лесной район")
        plan = Plan.objects.get(pk=document["id"])
        self.assertEqual(plan.activities.count(), 81)
        self.assertEqual(plan.sections.get(number="3.2.1.").parent.number, "3.2.")
        self.assertTrue(plan.goal.startswith("Повышение качества образования"))
        self.assertIn("Управление образованием", plan.developer)
        staff = plan.indicators.get(name="Доля педагогов, повысивших квалификацию")
        self.assertEqual(staff.group, Indicator.Group.STAFF)
        self.assertEqual(float(staff.values.get(academic_year__start_year=2019).planned), 4.2)

    def test_it_updates_a_reimported_plan_in_place(self) -> None:
        sample = roadmap_sample(4)
        first = self.import_roadmap(sample)["id"]
        changed = roadmap_sample(4)
        changed.rows[1] = Line(
            (*changed.rows[1].cells[:2], "Сентябрь 2018 года", *changed.rows[1].cells[3:])
        )
        del changed.rows[2]
        changed.rows.append(Line(("2.2.", "Новое мероприятие", "май", "УО", "", "")))
        second = self.import_roadmap(changed, "roadmap-2.docx")["id"]
        self.assertEqual(first, second)
        self.assertEqual(Plan.objects.filter(kind="roadmap", municipality=self.forest).count(), 2)
        record = ImportRecord.objects.filter(mode="updated").get()
        self.assertEqual(len(record.changes["added"]), 1)
        self.assertEqual(len(record.changes["removed"]), 1)
        self.assertEqual(len(record.changes["changed"]), 1)
        activity = Activity.objects.get(plan_id=first, number="1.1.")
        self.assertEqual(activity.deadline_text, "Сентябрь 2018 года")

    def test_it_does_not_duplicate_the_same_file(self) -> None:
        sample = roadmap_sample(5)
        first = self.import_roadmap(sample)["id"]
        second = self.import_roadmap(sample)["id"]
        self.assertEqual(first, second)
        self.assertEqual(Activity.objects.filter(plan_id=first).count(), 5)
        self.assertEqual(ImportRecord.objects.get(mode="updated").changes, {})

    def test_it_keeps_an_activity_with_executions_the_document_dropped(self) -> None:
        plan_id = self.import_roadmap(roadmap_sample(3))["id"]
        kept = Activity.objects.get(plan_id=plan_id, number="1.3.")
        Execution.objects.create(activity=kept, description="Проведено")
        self.import_roadmap(roadmap_sample(2), "shorter.docx")
        self.assertTrue(Activity.objects.filter(pk=kept.pk).exists())
        record = ImportRecord.objects.get(mode="updated")
        self.assertEqual(len(record.changes["kept"]), 1)

    def test_it_imports_a_school_programme_for_the_school(self) -> None:
        sample = roadmap_sample(2)
        sample.title = "Программа перехода в эффективный режим функционирования на 2018/2019 год"
        path = self.write("programme.txt", to_txt(sample))
        plan = Plan.objects.get(pk=self.run_import(path, "--school", "99-0104")["id"])
        self.assertEqual(
            (plan.kind, plan.school, plan.municipality),
            ("school_programme", self.school4, self.forest),
        )


class BadTerritoryTests(ImportTestCase):
    def test_it_refuses_an_unknown_municipality_with_exit_2(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample()))
        code, message = self.run_failing(path, "--municipality", "Горный район")
        self.assertEqual(code, 2)
        self.assertIn("Горный район", message)
        self.assertEqual(message.count("\n"), 1)
        self.assertFalse(Plan.objects.filter(title__startswith="Дорожная карта по").exists())

    def test_it_refuses_a_road_map_without_a_municipality(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample()))
        code, message = self.run_failing(path, "--region", "Южная область")
        self.assertEqual(code, 2)
        self.assertIn("муниципалитет", message)

    def test_it_writes_nothing_when_a_step_fails(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample()))
        plans = Plan.objects.count()
        with mock.patch("orientir.imports.services.write_indicators", side_effect=RuntimeError):
            code, _ = self.run_failing(path, "--municipality", "Лесной район")
        self.assertEqual(code, 1)
        self.assertEqual(Plan.objects.count(), plans)
        self.assertFalse(AuditEvent.objects.filter(action__startswith="import").exists())

    def test_it_refuses_a_user_who_may_not_change_the_plan(self) -> None:
        data = to_docx(roadmap_sample())
        parsed = parse_upload(data, "roadmap.docx")
        activities = Activity.objects.count()
        with self.assertRaises(PermissionDenied):
            plan_import(
                parsed=parsed,
                actor=self.mike,
                region=self.region,
                municipality=self.forest,
                digest=file_hash(data),
            )
        self.assertEqual(Activity.objects.count(), activities)


class ReportImportTests(ImportTestCase):
    def test_it_adds_report_rows_as_executions_with_documents(self) -> None:
        path = self.write("report.txt", to_txt(report_sample()))
        document = self.run_import(path)
        self.assertEqual(document["id"], self.forest_roadmap.pk)
        execution = self.forest_activity.executions.exclude(pk=self.forest_execution.pk).get()
        self.assertEqual(execution.description, "Семинар в СОШ № 6 для заместителей директоров")
        self.assertEqual(execution.audience, "заместители директоров")
        order = Document.objects.get(execution=execution)
        self.assertEqual((order.kind, order.number), ("order", "240"))
        added = Activity.objects.get(plan=self.forest_roadmap, title__startswith="Заседание")
        self.assertEqual(added.executions.get().documents.get().kind, "protocol")

    def test_it_refuses_the_same_report_file_twice(self) -> None:
        path = self.write("report.txt", to_txt(report_sample()))
        self.run_import(path)
        executions = Execution.objects.count()
        code, message = self.run_failing(path)
        self.assertEqual(code, 2)
        self.assertIn("уже загружен", message)
        self.assertEqual(Execution.objects.count(), executions)

    def test_it_skips_rows_already_recorded_from_another_file(self) -> None:
        self.run_import(self.write("report.txt", to_txt(report_sample())))
        executions = Execution.objects.count()
        self.run_import(self.write("report.docx", to_docx(report_sample())))
        self.assertEqual(Execution.objects.count(), executions)

    def test_it_creates_a_plan_when_the_territory_has_none(self) -> None:
        self.seaside_roadmap.delete()
        sample = report_sample()
        sample.rows = [Line(("99", "город Приморск", *line.cells[2:])) for line in sample.rows]
        plan = Plan.objects.get(pk=self.run_import(self.write("r.txt", to_txt(sample)))["id"])
        self.assertEqual((plan.kind, plan.municipality), ("roadmap", self.seaside))
        self.assertEqual(plan.activities.count(), 2)
        self.assertEqual(Execution.objects.filter(activity__plan=plan).count(), 2)


def test_it_raises_import_problem_for_a_report_without_year() -> None:
    sample = report_sample()
    sample.title = "Отчет о выполнении мероприятий"
    parsed = parse_upload(to_txt(sample), "r.txt")
    assert parsed.academic_years == []
    from orientir.imports.services import years_of

    try:
        years_of(parsed)
    except ImportProblem as problem:
        assert "учебный год" in str(problem)
    else:
        raise AssertionError("no ImportProblem")
