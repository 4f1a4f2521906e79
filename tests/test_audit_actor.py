"""Command-line imports say who ran them, and a replaced result keeps its old value."""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.imports.models import ImportRecord
from orientir.imports.samples import roadmap_sample, to_docx
from tests.base import BaseTestCase
from tests.test_import_services import ImportTestCase
from tests.test_results_import import ROW4, results

FOREST = ("--region", "99", "--municipality", "Лесной район")


class PlanImportActorTests(ImportTestCase):
    def run_text(self, *options: str) -> tuple[str, str]:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            call_command("import", str(path), *FOREST, *options)
        return out.getvalue(), err.getvalue()

    @mock.patch("orientir.audit.actors.getpass.getuser", return_value="operator")
    def test_it_records_the_os_user_without_an_actor(self, _: object) -> None:
        out, _ = self.run_text()
        event = AuditEvent.objects.get(action="import.created")
        self.assertIsNone(event.actor)
        self.assertIn("operator", event.actor_label)
        self.assertIn("operator", event.who)
        self.assertIn("operator", out)
        self.assertIn("--actor", out)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("plan", args=[event.object_id]))
        self.assertContains(page, "operator (командная строка)")

    @mock.patch("orientir.audit.actors.getpass.getuser", return_value="operator")
    def test_it_names_the_os_user_on_stderr_beside_the_json(self, _: object) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        err = io.StringIO()
        with redirect_stderr(err):
            document = self.run_import(path, *FOREST)
        self.assertIn("id", document)
        self.assertIn("operator", err.getvalue())

    def test_it_records_the_user_named_by_actor(self) -> None:
        self.run_text("--actor", "bob")
        event = AuditEvent.objects.get(action="import.created")
        self.assertEqual((event.actor, event.actor_label), (self.bob, ""))
        self.assertEqual(ImportRecord.objects.get().actor, self.bob)

    def test_it_refuses_an_unknown_actor_with_exit_2(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        code, message = self.run_failing(path, *FOREST, "--actor", "nobody")
        self.assertEqual(code, 2)
        self.assertIn("nobody", message)
        self.assertEqual(message.count("\n"), 1)
        self.assertFalse(ImportRecord.objects.exists())

    def test_it_refuses_an_actor_who_may_not_change_the_plan_with_exit_2(self) -> None:
        path = self.write("roadmap.docx", to_docx(roadmap_sample(2)))
        code, message = self.run_failing(path, *FOREST, "--actor", "mike")
        self.assertEqual(code, 2)
        self.assertIn("Импортировать в этот план", message)
        self.assertFalse(ImportRecord.objects.exists())


class ResultsImportActorTests(BaseTestCase):
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

    @mock.patch("orientir.audit.actors.getpass.getuser", return_value="operator")
    def test_it_records_the_os_user_of_a_results_import(self, _: object) -> None:
        code, out, _ = self.run_command("results", results(ROW4))
        self.assertEqual(code, 0)
        event = AuditEvent.objects.get(action="results.import")
        self.assertIn("operator", event.actor_label)
        self.assertIn("operator", out)

    def test_it_records_the_actor_of_a_context_import(self) -> None:
        data = (
            "municipality;school_id;school_name;year;indicator;value\n"
            "Лесной район;99-0104;СОШ № 4;2019/2020;low_income_share;0,31\n"
        ).encode()
        code, _, err = self.run_command("context", data, "--actor", "anna")
        self.assertEqual(code, 0, err)
        self.assertEqual(AuditEvent.objects.get(action="context.import").actor, self.anna)

    def test_it_keeps_the_old_value_of_a_replaced_result(self) -> None:
        self.run_command("results", results(ROW4))
        self.run_command("results", results(ROW4.replace(",20,1,61.5", ",22,1,70")))
        event = AuditEvent.objects.filter(action="results.import").order_by("pk").last()
        [replaced] = event.changes["replaced"]
        self.assertEqual(replaced["school"], "99-0104")
        self.assertEqual(replaced["mean_score"], [61.5, 70.0])
        self.assertEqual(replaced["participants"], [20, 22])
        self.assertNotIn("failed", replaced)

    def test_it_keeps_the_old_value_of_a_replaced_context_value(self) -> None:
        row = "Лесной район;99-0104;СОШ № 4;2019/2020;low_income_share;{}\n"
        header = "municipality;school_id;school_name;year;indicator;value\n"
        self.run_command("context", (header + row.format("0,31")).encode())
        self.run_command("context", (header + row.format("0,4")).encode())
        event = AuditEvent.objects.filter(action="context.import").order_by("pk").last()
        [replaced] = event.changes["replaced"]
        self.assertEqual(replaced["value"], [0.31, 0.4])
