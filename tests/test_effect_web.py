"""`orientir effect` from the database and from files, and the effect pages over HTTP."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse

from orientir.dashboards import computed
from orientir.effect import selectors
from orientir.registry.models import AcademicYear, Municipality, Region, SchoolStatus
from tests.base import BaseTestCase, make_school
from tests.effect_data import Region as Generated
from tests.effect_data import load
from tests.test_export_jobs import run_worker

SETTINGS_KEYS = {"outcome", "k", "caliper", "bootstrap", "seed", "min_schools", "statuses"}
FIGURE_KEYS = {"t", "estimate", "low", "high", "n"}


def run(*args: str) -> tuple[int, dict | None, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stderr(err), redirect_stdout(out):
            call_command("effect", *args, "--format", "json", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), None, err.getvalue()
    return 0, json.loads(out.getvalue()), err.getvalue()


class EffectInDatabaseTestCase(BaseTestCase):
    """The shared territory, its two municipalities holding 120 generated schools; СОШ № 4
    and СОШ № 12 stand for the first two schools of the 2018/2019 cohort."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        spec = Generated(schools=120, targets=24, gain=3.0)
        cls.schools = load(spec, [cls.forest, cls.seaside], (cls.school4, cls.school12))

    def test_it_prints_the_document_of_effect_md(self) -> None:
        code, document, _ = run("--year", "2018/2019", "--region", "Южная область")
        self.assertEqual(code, 0)
        assert document is not None
        self.assertEqual(set(document), {"settings", "cohorts", "schools"})
        self.assertEqual(set(document["settings"]), SETTINGS_KEYS)
        [cohort] = document["cohorts"]
        self.assertEqual(
            set(cohort), {"year", "schools", "matched", "effect", "exit", "municipalities"}
        )
        self.assertEqual(cohort["year"], "2018/2019")
        self.assertEqual(cohort["schools"], 24)
        self.assertEqual(set(cohort["exit"]), {"1", "2", "3", "low_again"})
        self.assertTrue(all(set(f) == FIGURE_KEYS for f in cohort["effect"]))
        self.assertEqual(
            [m["municipality"] for m in cohort["municipalities"]],
            ["город Приморск", "Лесной район"],  # by name, case aside
        )
        first = next(s for s in document["schools"] if s["school_id"] == "99-0104")
        self.assertEqual(set(first), {"school_id", "cohort", "matches", "distance", "effect"})
        self.assertEqual(len(first["matches"]), len(first["distance"]))
        self.assertNotIn("99-0104", first["matches"])

    def test_it_tells_apart_two_municipalities_of_one_name(self) -> None:
        def parts(*args: str) -> list[tuple[str, int]]:
            code, document, _ = run("--year", "2018/2019", *args)
            self.assertEqual(code, 0)
            assert document is not None
            [cohort] = document["cohorts"]
            return [(m["municipality"], m["schools"]) for m in cohort["municipalities"]]

        south = parts("--region", "Южная область")
        north = Region.objects.create(name="Северная область", code="98")
        namesake = Municipality.objects.create(region=north, name="Лесной район")
        school = make_school(namesake, "1", "98-0001")
        year = AcademicYear.objects.get(start_year=2018)
        SchoolStatus.objects.create(school=school, academic_year=year, status="low_results")
        self.assertEqual(sorted(parts()), sorted([*south, ("Лесной район", 1)]))

    def test_it_measures_every_cohort_without_year_and_the_failed_share(self) -> None:
        code, document, _ = run("--outcome", "failed_share")
        self.assertEqual(code, 0)
        assert document is not None
        self.assertEqual(document["settings"]["outcome"], "failed_share")
        self.assertEqual(
            [c["year"] for c in document["cohorts"]], [f"{y}/{y + 1}" for y in (2018, 2019, 2020)]
        )

    def test_it_refuses_bad_settings_with_exit_2_and_a_russian_line(self) -> None:
        for args, words in (
            (["--k", "0"], "«k»"),
            (["--caliper", "много"], "--caliper"),
            (["--outcome", "pass_rate"], "--outcome"),
            (["--year", "2019"], "--year"),
            (["--region", "Северная область"], "такого региона нет"),
            (["--target-statuses", "leader"], "--statuses"),
        ):
            with self.subTest(args=args):
                code, _, err = run(*args)
                self.assertEqual(code, 2)
                self.assertIn(words, err)
                self.assertEqual(len(err.strip().splitlines()), 1)

    def computed(self, url: str) -> HttpResponse:
        """The page once the effect it asked for is computed (`orientir worker`)."""
        self.client.get(url)
        run_worker()
        return self.client.get(url)

    def test_it_shows_the_region_its_cohort_chart_table_and_every_school(self) -> None:
        self.client.force_login(self.anna)
        response = self.computed(reverse("region_effect", args=[self.region.pk]))
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn("Когорта 2018/2019: 24 школы", text)
        self.assertIn("<svg", text)
        self.assertIn("не эксперимент", text)
        self.assertIn("МБОУ СОШ № 4", text)
        self.assertIn("пары:", text)
        self.assertNotIn("style=", text)
        self.assertNotIn("<script>", text)

    def test_it_shows_the_municipality_its_part_and_the_school_its_own(self) -> None:
        self.client.force_login(self.bob)
        text = self.computed(reverse("municipality_effect", args=[self.forest.pk])).content.decode()
        self.assertIn("Когорта 2018/2019", text)
        self.assertIn("МБОУ СОШ № 4", text)
        self.assertNotIn("МБОУ СОШ № 12<", text)
        self.client.force_login(self.sam)
        response = self.client.get(reverse("school_effect", args=[self.school4.pk]))
        self.assertEqual(response.status_code, 200)
        rows = [r for page in response.context["cohorts"] for r in page.trajectories]
        self.assertEqual([r.pk for r in rows], [self.school4.pk])
        self.assertTrue(rows[0].matches)

    def test_it_answers_404_for_another_territory_and_403_for_the_region_below_it(self) -> None:
        other = Region.objects.create(name="Северная область", code="98")
        north = Municipality.objects.create(region=other, name="Северный район")
        self.client.force_login(self.mike)
        self.assertEqual(
            self.client.get(reverse("municipality_effect", args=[self.forest.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("school_effect", args=[self.school4.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("region_effect", args=[self.region.pk])).status_code, 403
        )
        self.client.force_login(self.alice)
        self.assertEqual(
            self.client.get(reverse("region_effect", args=[other.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("municipality_effect", args=[north.pk])).status_code, 404
        )

    def test_a_regional_indicator_takes_the_share_of_a_cohort_that_left(self) -> None:
        source = computed.proposal("Доля школ, вышедших из группы ШНОР за два года", "region")
        self.assertIsNotNone(source)
        assert source is not None
        self.assertEqual(source.code, computed.COHORT_EXIT)
        found = computed.measures(
            [(source.code, "region", self.region.pk)], [2019, 2020, 2021], dt.date(2021, 9, 1)
        )
        # read in 2020/2021 for the cohort that entered in 2018/2019, as the effect reads it
        share = selectors.cohort_exit_share(self.region, 2018, 2)
        measure = found[source.code, "region", self.region.pk, 2020]
        assert share is not None
        self.assertAlmostEqual(float(measure.value or 0), share * 100, delta=0.1)
        self.assertNotIn((source.code, "region", self.region.pk, 2019), found)  # no cohort 2017

    def test_it_gives_other_apps_a_cohort_figure_or_none(self) -> None:
        share = selectors.cohort_exit_share(self.region, 2018, 2)
        self.assertIsNotNone(share)
        self.assertIsNone(selectors.cohort_exit_share(self.region, 2018, 3 + 1))
        effect = selectors.cohort_effect(self.region, 2018, 0)
        self.assertIsNotNone(effect)
        self.assertIsNone(selectors.cohort_effect(self.region, 2018, 3))  # 2021: no results


class EffectFromFilesTestCase(BaseTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.folder = tempfile.TemporaryDirectory()
        cls.paths = Generated(schools=120, targets=20).write(Path(cls.folder.name))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()
        super().tearDownClass()

    def files(self, statuses: Path | None = None) -> list[str]:
        results, context, own = self.paths
        return [
            "--results",
            str(results),
            "--context",
            str(context),
            "--statuses",
            str(statuses or own),
        ]

    def test_it_works_straight_from_files(self) -> None:
        code, document, _ = run(*self.files(), "--year", "2018/2019", "--bootstrap", "200")
        self.assertEqual(code, 0)
        assert document is not None
        self.assertEqual(document["settings"]["bootstrap"], 200)
        [cohort] = document["cohorts"]
        self.assertEqual(cohort["schools"], 20)
        self.assertEqual(len(document["schools"]), 20)
        self.assertEqual(len(cohort["municipalities"]), 3)

    def test_it_refuses_a_bad_statuses_file_naming_the_file_row_and_field(self) -> None:
        bad = Path(self.folder.name) / "статусы.csv"
        bad.write_text(
            "school_id,year,status\n03400,2018/2019,low_results\n03401,2018/2019,лидер\n",
            encoding="utf-8",
        )
        code, _, err = run(*self.files(bad))
        self.assertEqual(code, 2)
        self.assertIn("Файл статусы.csv", err)
        self.assertIn("строка 3", err)
        self.assertIn("«status»", err)
        missing = Path(self.folder.name) / "без-статуса.csv"
        missing.write_text("school_id,year\n03400,2018/2019\n", encoding="utf-8")
        code, _, err = run(*self.files(missing))
        self.assertEqual(code, 2)
        self.assertIn("нет такого столбца", err)

    def test_it_asks_for_the_statuses_file_and_the_results(self) -> None:
        results, _, statuses = self.paths
        code, _, err = run("--results", str(results))
        self.assertEqual((code, "--statuses" in err), (2, True))
        code, _, err = run("--statuses", str(statuses))
        self.assertEqual((code, "--results" in err), (2, True))
        code, _, err = run(
            "--results", str(Path(self.folder.name) / "нет.csv"), "--statuses", str(statuses)
        )
        self.assertEqual(code, 2)
