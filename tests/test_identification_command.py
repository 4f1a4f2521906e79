"""`orientir identify --year … --format json` over the database (CONTRACTS.md)."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from django.core.management import call_command

from orientir.identification.models import IdentificationRun, RunSchool
from orientir.registry.models import AcademicYear
from orientir.results.models import AssessmentResult
from tests.base import BaseTestCase


class IdentifyCommandTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for start in (2017, 2018):
            year = AcademicYear.objects.get_or_create(start_year=start)[0]
            for school, mean in ((cls.school4, 40), (cls.school6, 70), (cls.school12, 60)):
                AssessmentResult.objects.create(
                    school=school,
                    academic_year=year,
                    kind="ege",
                    assessment="ЕГЭ",
                    subject="Русский язык",
                    grade=11,
                    participants=20,
                    failed=1,
                    mean_score=mean,
                )

    def identify(self, *args: str) -> tuple[int, dict | None, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            with redirect_stderr(err), redirect_stdout(out):
                call_command("identify", *args, "--format", "json", stdout=out)
        except SystemExit as exit_:
            return int(exit_.code or 0), None, err.getvalue()
        return 0, json.loads(out.getvalue()), err.getvalue()

    def test_it_prints_every_school_with_flags_and_explanation(self) -> None:
        code, document, _ = self.identify("--year", "2018/2019", "--region", "Южная область")
        self.assertEqual(code, 0)
        self.assertEqual(set(document), {"year", "settings", "schools"})
        self.assertEqual(document["year"], "2018/2019")
        self.assertEqual(document["settings"]["p_low"], 0.1)
        by_code = {s["school"]: s for s in document["schools"]}
        self.assertEqual(set(by_code), {"99-0104", "99-0106", "99-0212"})
        self.assertEqual(by_code["99-0104"]["flags"], ["low_results"])
        self.assertEqual(by_code["99-0104"]["region"], "Южная область")
        self.assertEqual(by_code["99-0104"]["explain"]["years"][-1]["rank"], 1)

    def test_it_keeps_the_run(self) -> None:
        self.identify("--year", "2018/2019")
        run = IdentificationRun.objects.get()
        self.assertEqual(run.data["results"], {"ЕГЭ": {"2017/2018": 3, "2018/2019": 3}})
        self.assertEqual(RunSchool.objects.get(school=self.school4).flags, ["low_results"])

    def test_it_reads_settings_from_a_config_file(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "config.json"
            path.write_text('{"low_years": 3}')
            _, document, _ = self.identify("--year", "2018/2019", "--config", str(path))
            self.assertEqual(document["settings"]["low_years"], 3)
            self.assertEqual([s["flags"] for s in document["schools"]], [[], [], []])
            path.write_text('{"p_lowest": 0.2}')
            code, _, err = self.identify("--year", "2018/2019", "--config", str(path))
        self.assertEqual(code, 2)
        self.assertIn("неизвестная настройка «p_lowest»", err)

    def test_it_refuses_a_bad_year_or_region(self) -> None:
        self.assertEqual(self.identify("--year", "2018")[0], 2)
        code, _, err = self.identify("--year", "2018/2019", "--region", "Нигде")
        self.assertEqual(code, 2)
        self.assertIn("--region Нигде", err)
