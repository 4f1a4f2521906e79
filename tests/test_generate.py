"""`orientir generate`: a region in the country's proportions, its logins, its repeatability.

One small region (30 schools) is generated once for the class; the tests that generate
again do it inside a transaction they roll back.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.audit.models import AuditEvent
from orientir.demo.generate import counts, digest
from orientir.execution.models import Document, EvidenceCount, Execution
from orientir.execution.selectors import stored_scores
from orientir.plans.deadlines import parse_deadline
from orientir.plans.models import Activity, Plan
from orientir.registry.models import Organisation, Partnership, Region, SchoolStatus
from orientir.results.models import AssessmentResult, ContextValue

TODAY = "2026-11-23"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate", "--today", TODAY, "--verbosity", "0", *args, stdout=out)
    return out.getvalue()


def generated_digest(*args: str) -> str:
    """Generate into the database, take the digest, and roll the generation back."""
    with transaction.atomic():
        generate(*args)
        found = digest(Region.objects.all())
        transaction.set_rollback(True)
    return found


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class GeneratedRegionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        generate("--regions", "1", "--schools-per-region", "30", "--seed", "7")
        cls.region = Region.objects.get()
        cls.counts = counts()

    def test_it_makes_municipalities_schools_and_targets_in_the_countrys_proportions(self) -> None:
        found = self.counts
        self.assertEqual(found["schools"], 30)
        self.assertEqual(found["municipalities"], 2)  # 470 schools make 27, as in a region
        current = SchoolStatus.objects.filter(
            academic_year__start_year=2026, status__in=("low_results", "adverse_conditions")
        )
        self.assertEqual(current.values("school").distinct().count(), 2)  # 7.5 %
        years = set(SchoolStatus.objects.values_list("academic_year__start_year", flat=True))
        self.assertEqual(years, {2024, 2025, 2026})
        kinds = Counter(Organisation.objects.values_list("kind", flat=True))
        self.assertEqual(kinds["municipal_authority"], 2)
        self.assertEqual(kinds["ministry"], 1)

    def test_it_writes_a_programme_of_thirty_to_sixty_activities_per_target_school(self) -> None:
        programmes = Plan.objects.filter(kind=Plan.Kind.SCHOOL_PROGRAMME)
        self.assertEqual(programmes.count(), 2)
        for plan in programmes:
            titles = list(plan.activities.values_list("title", flat=True))
            self.assertTrue(30 <= len(titles) <= 60, len(titles))
            self.assertEqual(len(set(titles)), len(titles))  # no activity written twice
            self.assertEqual(plan.parent.kind, Plan.Kind.ROADMAP)
            self.assertEqual(plan.parent.municipality_id, plan.school.municipality_id)
        self.assertEqual(Plan.objects.filter(kind=Plan.Kind.REGIONAL_PLAN).count(), 1)

    def test_it_records_executions_with_documents_and_their_history(self) -> None:
        done = Activity.objects.filter(status=Activity.Status.DONE)
        self.assertGreater(done.count(), 0)
        self.assertFalse(done.filter(executions=None).exists())
        self.assertFalse(Execution.objects.filter(documents=None).exists())
        audit = Counter(AuditEvent.objects.values_list("action", flat=True))
        self.assertEqual(audit["execution.create"], Execution.objects.count())
        self.assertEqual(audit["document.create"], Document.objects.count())
        self.assertEqual(audit["plan.create"], Plan.objects.count())
        self.assertEqual(audit["identification.run"], 1)

    def test_it_dates_the_journal_when_each_change_was_made_not_when_it_was_generated(self) -> None:
        today = dt.date.fromisoformat(TODAY)
        days = {at.date() for at in AuditEvent.objects.values_list("at", flat=True)}
        self.assertLessEqual(max(days), today)
        for execution in Execution.objects.order_by("pk")[:20]:
            row = AuditEvent.objects.get(action="execution.create", object_id=str(execution.pk))
            self.assertEqual(timezone.localtime(row.at).date(), execution.date)
        # So "the week's changes" are the week's, not the whole history.
        week = AuditEvent.objects.filter(at__date__gt=today - dt.timedelta(days=7)).count()
        self.assertLess(week, AuditEvent.objects.count() / 4)

    def test_it_fills_the_count_table_of_evidence_as_the_services_would(self) -> None:
        kept = {
            row.activity_id: (row.done, row.needed, row.bare, row.executions, row.title)
            for row in EvidenceCount.objects.all()
        }
        scored = {
            pk: (s.done, s.needed, s.bare, s.executions, basis[1])
            for pk, (s, basis) in stored_scores(Activity.objects.all()).items()
        }
        self.assertEqual(kept, scored)
        self.assertGreater(sum(done for done, *_ in kept.values()), 0)

    def test_it_gives_three_years_of_results_and_context_to_every_school(self) -> None:
        for school in Organisation.objects.schools():
            results = AssessmentResult.objects.filter(school=school)
            self.assertEqual(
                set(results.values_list("academic_year__start_year", flat=True)),
                {2024, 2025, 2026},
            )
            self.assertEqual(ContextValue.objects.filter(school=school).count(), 30)
        self.assertTrue(AssessmentResult.objects.filter(assessment="ЕГЭ").exists())
        shnor = SchoolStatus.objects.filter(status="low_results", academic_year__start_year=2026)
        low = AssessmentResult.objects.filter(school__in=shnor.values("school"), assessment="ВПР")
        rest = AssessmentResult.objects.exclude(school__in=shnor.values("school"))
        self.assertTrue(low.exists())
        if low.exists():  # a ШНОР fails more often than the other schools
            share = sum(r.failed for r in low) / sum(r.participants for r in low)
            others = rest.filter(assessment="ВПР")
            self.assertGreater(
                share, sum(r.failed for r in others) / sum(r.participants for r in others)
            )

    def test_it_writes_deadlines_that_parse_as_imported_ones_mostly_to_dates(self) -> None:
        activities = list(Activity.objects.all())
        kinds = Counter(activity.deadline_kind for activity in activities)
        self.assertGreater(sum(kinds.values()) - kinds["event"], 0.8 * len(activities))
        for activity in activities[:200]:
            parsed = parse_deadline(activity.deadline_text, 2026)
            self.assertEqual(parsed.kind.value, activity.deadline_kind, activity.deadline_text)
            self.assertEqual(parsed.end, activity.deadline_end, activity.deadline_text)

    def test_it_lets_every_role_log_in_and_open_its_home_page(self) -> None:
        users = User.objects.filter(region=self.region)
        roles = {user.role: user for user in users}
        self.assertEqual(set(roles), set(Role.values))
        self.assertEqual(users.filter(role=Role.SCHOOL_MANAGER).count(), 2)
        self.assertEqual(users.filter(role=Role.MUNICIPAL_COORDINATOR).count(), 2)
        for role, user in roles.items():
            self.assertTrue(self.client.login(username=user.username, password="orientir"), role)
            response = self.client.get("/", follow=True)  # a home page may be the region's
            self.assertEqual(response.status_code, 200, role)
            self.assertContains(response, self.region.name)
            self.client.logout()

    def test_it_pairs_target_schools_only_with_leaders_of_their_municipality(self) -> None:
        partnerships = Partnership.objects.select_related("leader", "target")
        self.assertGreater(len(partnerships), 0)
        for partnership in partnerships:
            self.assertEqual(partnership.leader.municipality_id, partnership.target.municipality_id)
            leader_statuses = partnership.leader.statuses.values_list("status", flat=True)
            self.assertIn("leader", set(leader_statuses))

    def test_it_gives_the_curator_the_schools_of_their_municipalities(self) -> None:
        curator = User.objects.get(role=Role.CURATOR)
        visible = Organisation.objects.visible_to(curator).schools()
        self.assertGreater(visible.count(), 0)

    def test_it_refuses_a_database_that_already_has_data(self) -> None:
        before = counts()
        with self.assertRaises(SystemExit) as raised:
            generate("--regions", "1", "--schools-per-region", "30")
        self.assertEqual(raised.exception.code, 2)
        self.assertEqual(counts(), before)

    def test_it_adds_regions_to_those_there_with_append(self) -> None:
        with transaction.atomic():
            generate("--regions", "1", "--schools-per-region", "10", "--append")
            codes = sorted(Region.objects.values_list("code", flat=True))
            transaction.set_rollback(True)
        self.assertEqual(codes, ["01", "02"])

    def test_it_refuses_a_number_of_regions_beyond_the_country(self) -> None:
        for bad in ("0", "86", "много"):
            with self.assertRaises(SystemExit) as raised:
                call_command("generate", "--regions", bad, "--append")
            self.assertEqual(raised.exception.code, 2, bad)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class RepeatabilityTests(TestCase):
    def test_it_gives_the_same_data_for_the_same_seed_and_other_data_for_another(self) -> None:
        args = ("--regions", "1", "--schools-per-region", "12")
        first = generated_digest(*args, "--seed", "3")
        self.assertEqual(Region.objects.count(), 0)
        self.assertEqual(generated_digest(*args, "--seed", "3"), first)
        self.assertNotEqual(generated_digest(*args, "--seed", "4"), first)
