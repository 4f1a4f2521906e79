"""The count table of evidence: dashboards read sums kept by the writes, never stale ones."""

from __future__ import annotations

import datetime as dt
import importlib
from unittest import mock

from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.execution import services
from orientir.execution.completeness import Score
from orientir.execution.models import Document, EvidenceCount, Execution
from orientir.execution.restore import deleted_restore
from orientir.execution.selectors import evidence_for_plans, stored_scores
from orientir.plans.models import Activity, Plan
from orientir.plans.services import activity_set_status, activity_update
from tests.base import PASSWORD, BaseTestCase, make_activity

NOVEMBER = dt.date(2018, 11, 15)


def photo(title: str = "Фотография с семинара") -> dict[str, str]:
    return {"kind": Document.Kind.PHOTO, "title": title}


@mock.patch("orientir.dashboards.views.today", return_value=NOVEMBER)
class EvidenceCountTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.login(username="alice", password=PASSWORD)

    def shown(self) -> Score:
        """The region dashboard's completeness, as its page prints it."""
        response = self.client.get(reverse("dashboard-region", args=[self.region.pk]))
        self.assertEqual(response.status_code, 200)
        found = response.context["d"].evidence
        if found.needed:
            self.assertContains(response, f"({found.done} из {found.needed} требуемых)")
        return found

    def scored_afresh(self) -> Score:
        """The same plans scored from their executions and documents, with no table."""
        plans = list(Plan.objects.filter(region=self.region))
        return sum((e.score for e in evidence_for_plans(plans).values()), Score())

    def assert_current(self, *activities: Activity) -> Score:
        shown = self.shown()
        self.assertEqual(shown, self.scored_afresh())
        for activity in activities:  # read from the table, not scored again on the page
            row = EvidenceCount.objects.get(activity=activity)
            stored, basis = stored_scores(Activity.objects.filter(pk=activity.pk))[activity.pk]
            kept = (row.done, row.needed, row.bare, row.executions, row.activity_type, row.title)
            self.assertEqual(
                kept, (stored.done, stored.needed, stored.bare, stored.executions, *basis)
            )
        return shown

    def test_it_keeps_the_dashboard_current_through_every_write_of_evidence(self, _) -> None:
        seminar = self.forest_activity
        before = self.assert_current()
        execution = services.execution_create(
            actor=self.bob, activity=seminar, values={"date": NOVEMBER}, document=photo()
        )
        added = self.assert_current(seminar)
        self.assertEqual(added.needed, before.needed + 10)  # a second seminar asks 10 more
        self.assertEqual(added.done, before.done + 1)
        letter = services.document_add(
            actor=self.bob,
            execution=execution,
            values={"kind": Document.Kind.LETTER, "title": "Письмо о семинаре"},
        )
        self.assertEqual(self.assert_current(seminar).done, before.done + 2)
        services.document_update(
            actor=self.bob, document=letter, values={"kind": Document.Kind.PHOTO}
        )
        self.assertEqual(self.assert_current(seminar).done, before.done + 2)
        services.document_update(
            actor=self.bob, document=letter, values={"kind": Document.Kind.ORDER}
        )
        self.assertEqual(self.assert_current(seminar).done, before.done + 1)
        services.document_delete(actor=self.bob, document=letter)
        self.assertEqual(self.assert_current(seminar).done, before.done + 1)
        services.execution_delete(actor=self.bob, execution=execution)
        self.assertEqual(self.assert_current(seminar), before)
        event = AuditEvent.objects.filter(action="execution.delete").latest("pk")
        deleted_restore(actor=self.bob, event=event)
        self.assertEqual(self.assert_current(seminar), added)

    def test_it_follows_a_change_of_the_regions_rules_at_once(self, _) -> None:
        services.execution_create(
            actor=self.bob, activity=self.forest_activity, values={}, document=photo()
        )
        default = self.assert_current(self.forest_activity)
        services.evidence_rules_set(
            actor=self.alice, region=self.region, activity_type="seminar", counts={"photo": 2}
        )
        own = self.assert_current(self.forest_activity)
        self.assertLess(own.needed, default.needed)
        services.evidence_rules_reset(actor=self.alice, region=self.region, activity_type="seminar")
        self.assertEqual(self.assert_current(self.forest_activity), default)

    def test_it_scores_afresh_an_activity_renamed_since_its_row(self, _) -> None:
        seminar = self.forest_activity
        services.execution_create(actor=self.bob, activity=seminar, values={}, document=photo())
        as_seminar = self.assert_current(seminar)
        # A meeting needs a protocol and a registration sheet, not the seminar's ten.
        activity_update(actor=self.bob, activity=seminar, values={"title": "Совещание директоров"})
        renamed = self.shown()
        self.assertEqual(renamed, self.scored_afresh())
        self.assertNotEqual(renamed, as_seminar)

    def test_it_counts_a_status_set_since_without_scoring_again(self, _) -> None:
        seminar = self.forest_activity
        services.execution_create(actor=self.bob, activity=seminar, values={}, document=photo())
        counted = self.assert_current(seminar)
        activity_set_status(actor=self.bob, activity=seminar, status="cancelled", reason="Отменён")
        cancelled = self.shown()
        self.assertEqual(cancelled, self.scored_afresh())
        self.assertEqual(cancelled.needed, counted.needed - 20)  # two occurrences, ten each

    def test_it_counts_a_done_activity_with_no_row_and_nothing_recorded(self, _) -> None:
        before = self.shown()
        make_activity(self.forest_roadmap, "1.2.", "Совещание с директорами", "октябрь",
                      status="done")  # fmt: skip
        cache.clear()  # written here without the services' audit row, which renews dashboards
        after = self.shown()
        self.assertEqual(after, self.scored_afresh())
        self.assertEqual(after.needed, before.needed + 2)

    def test_its_migration_fills_a_row_for_every_activity_as_the_services_would(self, _) -> None:
        fill = importlib.import_module("orientir.execution.migrations.0006_fill_evidence_count")
        make_activity(self.forest_roadmap, "1.2.", "Совещание", "октябрь", status="done")
        Document.objects.create(
            plan=self.forest_roadmap, execution=self.forest_execution, kind="photo", title="Фото"
        )
        EvidenceCount.objects.all().delete()
        fill.fill(django_apps, None)
        kept = {
            r.activity_id: (r.done, r.needed, r.bare, r.executions, r.activity_type, r.title)
            for r in EvidenceCount.objects.all()
        }
        scored = {
            pk: (s.done, s.needed, s.bare, s.executions, *basis)
            for pk, (s, basis) in stored_scores(Activity.objects.all()).items()
        }
        self.assertEqual(kept, scored)
        self.assertEqual(kept[self.forest_activity.pk][:4], (1, 10, 10, 1))  # one photo of ten
        cache.clear()  # written here without the services' audit row, which renews dashboards
        self.assertEqual(self.shown(), self.scored_afresh())

    def queries(self, url: str) -> int:
        cache.clear()  # the dashboards computed afresh, not kept
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def grow(self, n: int) -> None:
        """Activities with evidence through the services (rows kept) and without (none)."""
        for i in range(n):
            activity = make_activity(
                self.forest_roadmap, f"5.{i}.", f"Семинар для учителей, поток {i}", "ноябрь"
            )
            services.execution_create(
                actor=self.bob, activity=activity, values={}, document=photo(f"Фото {i}")
            )
            stale = make_activity(self.programme4, f"6.{i}.", f"Совещание № {i}", "ноябрь")
            Execution.objects.create(activity=stale, date=NOVEMBER)

    def test_it_runs_as_many_queries_for_more_evidence_kept_and_not(self, _) -> None:
        pages = [
            reverse("dashboard-region", args=[self.region.pk]),
            reverse("dashboard-municipalities", args=[self.region.pk]),
            reverse("dashboard-indicators", args=[self.region.pk]),
            reverse("dashboard-municipality", args=[self.forest.pk]),
        ]
        curator = reverse("dashboard-curator")
        self.grow(2)
        small = [self.queries(url) for url in pages]
        self.client.login(username="carl", password=PASSWORD)
        small_curator = self.queries(curator)
        self.grow(12)
        self.assertEqual(self.queries(curator), small_curator)
        self.client.login(username="alice", password=PASSWORD)
        self.assertEqual([self.queries(url) for url in pages], small)
        self.assertEqual(self.shown(), self.scored_afresh())
