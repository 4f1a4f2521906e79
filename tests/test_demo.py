"""`orientir demo`: the demo region holds what the issue promises, and its logins work.

The region is built once for the class (it takes a couple of seconds); tests that rebuild
it do so inside their own transaction, which TestCase rolls back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections import Counter

from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase, override_settings

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.dashboards import computed
from orientir.demo.builder import demo_counts, demo_region
from orientir.execution.models import Document, Execution
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.models import PASSPORT_FIELDS, Activity, Plan
from orientir.registry.models import (
    Assignment,
    Organisation,
    Partnership,
    SchoolStatus,
)

TODAY = "2026-11-23"
TODAY_DATE = dt.date.fromisoformat(TODAY)
LOGINS = ("region", "analyst", "curator", "municipality", "municipality2", "school", "admin")
MEDIA_ROOT = tempfile.mkdtemp(prefix="orientir-test-demo-")
PASSPORT = PASSPORT_FIELDS


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, "--today", TODAY, stdout=out)
    return out.getvalue()


def fingerprint() -> list[tuple[object, ...]]:
    """What a user sees of the region, without the ids that change from build to build."""
    return list(
        Activity.objects.order_by("plan__title", "position").values_list(
            "plan__title", "number", "title", "deadline_text", "status", "responsible_text"
        )
    )


# A fast hasher: the tests check which passwords open which logins, not PBKDF2.
@override_settings(
    MEDIA_ROOT=MEDIA_ROOT, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)
class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run_demo("--reset")
        cls.region = demo_region()
        cls.counts = demo_counts(cls.region, TODAY_DATE)

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def schools(self):  # type: ignore[no-untyped-def]
        return Organisation.objects.filter(region=self.region).schools()

    def test_it_builds_several_municipalities_with_their_bodies(self) -> None:
        self.assertGreaterEqual(self.counts["municipalities"], 3)
        kinds = Counter(
            Organisation.objects.filter(region=self.region).values_list("kind", flat=True)
        )
        for kind in ("ministry", "assessment_centre", "development_institute"):
            self.assertEqual(kinds[kind], 1, kind)
        self.assertEqual(kinds["municipal_authority"], self.counts["municipalities"])
        self.assertEqual(kinds["methodological_centre"], self.counts["municipalities"])

    def test_it_has_forty_schools_of_every_type_in_towns_and_villages(self) -> None:
        schools = self.schools()
        self.assertGreaterEqual(schools.count(), 40)
        types = set(schools.values_list("school_type", flat=True))
        self.assertLessEqual({"sosh", "oosh", "lyceum", "gymnasium"}, types)
        self.assertEqual(set(schools.values_list("settlement", flat=True)), {"urban", "rural"})

    def test_it_gives_statuses_over_three_academic_years(self) -> None:
        statuses = SchoolStatus.objects.filter(school__region=self.region)
        years = sorted(set(statuses.values_list("academic_year__start_year", flat=True)))
        self.assertEqual(years, [2024, 2025, 2026])
        for year in years:
            held = set(
                statuses.filter(academic_year__start_year=year).values_list("status", flat=True)
            )
            self.assertLessEqual({"low_results", "adverse_conditions", "leader"}, held, year)

    def test_it_pairs_leaders_with_targets_and_assigns_curators(self) -> None:
        partnerships = Partnership.objects.filter(target__region=self.region)
        self.assertGreaterEqual(partnerships.count(), 10)
        for partnership in partnerships:
            self.assertEqual(partnership.leader.municipality_id, partnership.target.municipality_id)
        curators = Assignment.objects.filter(
            person__organisation__region=self.region, role=Assignment.Role.CURATOR
        )
        covered = set(curators.exclude(municipality=None).values_list("municipality", flat=True))
        self.assertEqual(len(covered), self.counts["municipalities"])

    def test_it_has_one_regional_plan_and_a_road_map_per_municipality(self) -> None:
        plans = Plan.objects.filter(region=self.region)
        self.assertEqual(plans.filter(kind=Plan.Kind.REGIONAL_PLAN).count(), 1)
        roadmaps = plans.filter(kind=Plan.Kind.ROADMAP)
        self.assertEqual(
            sorted(roadmaps.values_list("municipality", flat=True)),
            sorted(self.region.municipalities.values_list("pk", flat=True)),
        )
        for roadmap in roadmaps:
            for name in PASSPORT:
                self.assertTrue(getattr(roadmap, name).strip(), f"{roadmap}: {name}")
            self.assertGreaterEqual(roadmap.sections.count(), 5, roadmap)
            self.assertGreaterEqual(roadmap.activities.count(), 30, roadmap)

    def test_it_writes_varied_deadlines(self) -> None:
        roadmaps = Plan.objects.filter(region=self.region, kind=Plan.Kind.ROADMAP)
        self.assertGreaterEqual(roadmaps.count(), 3)
        for roadmap in roadmaps:
            written = set(roadmap.activities.values_list("deadline_text", flat=True))
            self.assertGreaterEqual(len(written), 12, roadmap)

    def test_it_reads_those_deadlines_into_several_kinds(self) -> None:
        kinds = set(
            Activity.objects.filter(plan__region=self.region).values_list(
                "deadline_kind", flat=True
            )
        )
        self.assertGreaterEqual(len(kinds), 4, kinds)
        self.assertGreater(self.counts["overdue"], 0)

    def test_it_proves_executions_with_documents_that_open(self) -> None:
        executions = Execution.objects.filter(activity__plan__region=self.region)
        self.assertGreater(executions.count(), 100)
        self.assertFalse(executions.filter(documents=None).exists())
        documents = Document.objects.filter(plan__region=self.region)
        self.assertFalse(documents.filter(file="", url="").exists())
        self.assertGreater(documents.exclude(url="").count(), 0)
        files = documents.exclude(file="")
        self.assertGreater(files.count(), 100)
        for document in files:
            self.assertTrue(default_storage.exists(document.file.name), document.file.name)
        word = files.filter(kind="order").first()
        assert word is not None
        with default_storage.open(word.file.name) as handle:
            body = zipfile.ZipFile(handle).read("word/document.xml").decode()
        self.assertIn("ПРИКАЗ", body)
        self.assertIn(word.number, body)
        photo = files.filter(kind="photo").first()
        assert photo is not None
        with default_storage.open(photo.file.name) as handle:
            self.assertEqual(handle.read(8), b"\x89PNG\r\n\x1a\n")

    def test_it_gives_indicators_planned_and_actual_values(self) -> None:
        values = IndicatorValue.objects.filter(indicator__plan__region=self.region)
        self.assertGreater(values.count(), 0)
        self.assertFalse(values.filter(planned=None).exists())
        past = values.filter(academic_year__start_year__lt=2026)
        self.assertGreater(past.exclude(actual=None).count(), 0)
        self.assertTrue(all(plan.indicators.exists() for plan in self.roadmaps()))

    def test_it_binds_indicators_to_computed_sources_and_charts_met_and_not_met(self) -> None:
        bound = Indicator.objects.filter(plan__region=self.region).exclude(computed_source="")
        codes = set(bound.values_list("computed_source", flat=True))
        self.assertEqual(len(codes), 4)
        self.assertLessEqual(codes, set(computed.SOURCES))
        self.assertFalse(IndicatorValue.objects.filter(indicator__in=bound, actual__isnull=False))
        self.client.force_login(User.objects.get(username="region"))
        charts = ""
        for plan in self.roadmaps():
            html = self.client.get(f"/plans/{plan.pk}/").content.decode()
            self.assertIn("вычислено: ", html)
            charts += html
        for state in ("met", "close", "not_met"):
            self.assertIn(f"ind-chart__fact--{state}", charts)

    def roadmaps(self):  # type: ignore[no-untyped-def]
        return Plan.objects.filter(region=self.region, kind=Plan.Kind.ROADMAP)

    def test_it_lets_every_demo_user_in_with_the_printed_password(self) -> None:
        for username in LOGINS:
            self.assertIn(username, self.output)
            self.assertIsNotNone(authenticate(username=username, password="orientir"), username)
        self.assertTrue(User.objects.get(username="admin").is_superuser)

    def test_it_gives_each_login_its_role(self) -> None:
        roles = dict(User.objects.filter(username__in=LOGINS).values_list("username", "role"))
        self.assertEqual(roles["region"], Role.REGIONAL_COORDINATOR)
        self.assertEqual(roles["analyst"], Role.REGIONAL_ANALYST)
        self.assertEqual(roles["curator"], Role.CURATOR)
        self.assertEqual(roles["municipality"], Role.MUNICIPAL_COORDINATOR)
        self.assertEqual(roles["municipality2"], Role.MUNICIPAL_COORDINATOR)
        self.assertEqual(roles["school"], Role.SCHOOL_MANAGER)

    def test_it_shows_a_municipal_user_only_their_municipality(self) -> None:
        for username in ("municipality", "municipality2"):
            user = User.objects.get(username=username)
            visible = Plan.objects.visible_to(user)
            self.assertTrue(visible.filter(kind=Plan.Kind.ROADMAP).exists())
            self.assertEqual(
                set(visible.exclude(municipality=None).values_list("municipality", flat=True)),
                {user.municipality_id},
            )
        first = User.objects.get(username="municipality")
        second = User.objects.get(username="municipality2")
        self.assertNotEqual(first.municipality_id, second.municipality_id)

    def test_it_makes_the_school_user_a_low_results_school_with_a_programme(self) -> None:
        user = User.objects.get(username="school")
        school = user.organisation
        assert school is not None
        self.assertEqual(
            school.municipality_id, User.objects.get(username="municipality").municipality_id
        )
        self.assertTrue(
            school.statuses.filter(status="low_results", academic_year__start_year=2026)
        )
        self.assertTrue(Plan.objects.filter(kind=Plan.Kind.SCHOOL_PROGRAMME, school=school))

    def test_it_shows_the_curator_their_municipality(self) -> None:
        user = User.objects.get(username="curator")
        roadmaps = Plan.objects.visible_to(user).filter(kind=Plan.Kind.ROADMAP)
        self.assertEqual(
            list(roadmaps.values_list("municipality", flat=True)),
            [User.objects.get(username="municipality").municipality_id],
        )

    def test_it_rebuilds_the_same_region_on_reset(self) -> None:
        before = fingerprint()
        run_demo("--reset")
        first = demo_counts(demo_region(), TODAY_DATE)
        run_demo("--reset")
        self.assertEqual(demo_counts(demo_region(), TODAY_DATE), first)
        self.assertEqual(first, self.counts)
        self.assertEqual(fingerprint(), before)

    def test_it_leaves_an_existing_demo_alone_without_reset(self) -> None:
        users = User.objects.count()
        with (
            contextlib.redirect_stderr(io.StringIO()) as err,
            self.assertRaises(SystemExit) as exit,
        ):
            run_demo()
        self.assertEqual(exit.exception.code, 1)
        self.assertIn("--reset", err.getvalue())
        self.assertEqual(demo_counts(demo_region(), TODAY_DATE), self.counts)
        self.assertEqual(User.objects.count(), users)

    def test_it_sets_the_password_it_is_given(self) -> None:
        output = run_demo("--reset", "--password", "другой-пароль")
        self.assertIn("другой-пароль", output)
        self.assertIsNotNone(authenticate(username="school", password="другой-пароль"))
        self.assertIsNone(authenticate(username="school", password="orientir"))

    def test_it_refuses_to_take_over_a_real_user_of_a_demo_name(self) -> None:
        User.objects.filter(username="region").delete()
        User.objects.create_user("region", password="настоящий")
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            run_demo("--reset")
        self.assertIsNotNone(authenticate(username="region", password="настоящий"))
        self.assertIsNotNone(demo_region())  # the failed rebuild deleted nothing

    def test_it_keeps_a_real_admin(self) -> None:
        User.objects.filter(username="admin").delete()
        User.objects.create_superuser("admin", password="свой-пароль")
        run_demo("--reset")
        self.assertIsNotNone(authenticate(username="admin", password="свой-пароль"))
