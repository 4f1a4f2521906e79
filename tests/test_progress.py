"""What is overdue: one rule, read for the day it is read, for every page that counts it."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from unittest import mock

from django.urls import reverse

from orientir.notifications.selectors import notifications_for
from orientir.plans.models import Activity, Plan
from orientir.plans.progress import Progress
from orientir.plans.selectors import overdue_activities
from orientir.registry.models import AcademicYear
from tests.base import PASSWORD, BaseTestCase, make_activity

# The shared territory's plans run over 2018/2019; its deadlines end in autumn 2018.
OCTOBER = dt.date(2018, 10, 15)  # two of them are overdue
NOVEMBER = dt.date(2018, 11, 15)  # all four are
NEXT_YEAR = dt.date(2019, 10, 15)  # every plan of 2018/2019 is over: closed


class ProgressTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def test_it_computes_the_same_progress_in_the_database_and_in_memory(self) -> None:
        activity = self.forest_activity
        statuses = Activity.Status.values
        deadlines = ["Сентябрь 2018 года", "Май 2019 года", "По отдельному графику"]
        states = [Plan.State.APPROVED, Plan.State.ARCHIVED]
        days = [OCTOBER, NEXT_YEAR]
        for status, manual, text, state, day in itertools.product(
            statuses, [False, True], deadlines, states, days
        ):
            with self.subTest(status=status, manual=manual, deadline=text, state=state, day=day):
                Plan.objects.filter(pk=activity.plan_id).update(state=state)
                activity.refresh_from_db()
                activity.set_deadline(text)
                activity.status, activity.status_manual = status, manual
                activity.save()
                stored = Activity.objects.with_progress(day).get(pk=activity.pk)
                in_memory = Activity.objects.select_related("plan__last_year").get(pk=activity.pk)
                self.assertEqual(stored.progress, in_memory.progress_on(day))
                overdue = Activity.objects.overdue(day).filter(pk=activity.pk).exists()
                self.assertEqual(overdue, stored.progress == Progress.OVERDUE)

    def test_it_counts_a_derived_in_progress_activity_done_once_its_period_ended(self) -> None:
        # Held once in September while its period was running: «выполняется» was stored then.
        Activity.objects.filter(pk=self.forest_activity.pk).update(
            status=Activity.Status.IN_PROGRESS, status_manual=False
        )
        self.assertFalse(Activity.objects.overdue(OCTOBER).filter(pk=self.forest_activity.pk))
        row = Activity.objects.with_progress(OCTOBER).get(pk=self.forest_activity.pk)
        self.assertEqual(row.progress, Progress.DONE)

    def test_it_keeps_an_in_progress_set_by_hand_overdue_after_the_deadline(self) -> None:
        Activity.objects.filter(pk=self.forest_activity.pk).update(
            status=Activity.Status.IN_PROGRESS, status_manual=True
        )
        self.assertTrue(Activity.objects.overdue(OCTOBER).filter(pk=self.forest_activity.pk))

    def test_it_does_not_count_the_activities_of_a_closed_plan_as_overdue(self) -> None:
        self.assertEqual(overdue_activities(self.alice, NOVEMBER).count(), 4)
        self.assertEqual(overdue_activities(self.alice, NEXT_YEAR).count(), 0)
        row = Activity.objects.with_progress(NEXT_YEAR).get(pk=self.forest_activity.pk)
        self.assertEqual(row.progress, Progress.MISSED)

    def test_it_keeps_a_running_plan_of_several_years_overdue(self) -> None:
        later = AcademicYear.objects.create(start_year=2019)
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(last_year=later)
        overdue = overdue_activities(self.alice, NEXT_YEAR)
        self.assertEqual(list(overdue), [self.forest_activity])

    def test_it_counts_an_archived_plan_closed(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.ARCHIVED)
        self.assertNotIn(self.forest_activity, overdue_activities(self.alice, OCTOBER))

    def test_it_shows_on_the_notifications_page_what_the_region_page_counts(self) -> None:
        # The regional plan has nothing overdue; the municipalities' plans have four.
        self.login("alice")
        with (
            mock.patch("orientir.web.territory_views.today", return_value=NOVEMBER),
            mock.patch("orientir.notifications.views.today", return_value=NOVEMBER),
        ):
            region = self.client.get(reverse("region", args=[self.region.pk]))
            notes = self.client.get(reverse("notifications"))
        self.assertEqual(region.context["page"].overdue, 4)
        self.assertEqual(notifications_for(self.alice, NOVEMBER).overdue, [])
        self.assertContains(notes, "В ваших планах просроченных мероприятий нет.")
        found = re.search(r'data-territory-overdue="(\d+)"', notes.content.decode())
        self.assertIsNotNone(found)
        assert found is not None
        self.assertEqual(int(found.group(1)), 4)

    def test_it_tells_the_digest_what_the_territory_has_overdue(self) -> None:
        self.assertEqual(notifications_for(self.alice, NOVEMBER).territory_overdue, 4)
        self.assertEqual(notifications_for(self.mike, NOVEMBER).territory_overdue, 2)

    def test_it_reads_overdue_for_the_day_it_is_read(self) -> None:
        activity = make_activity(self.forest_roadmap, "1.2.", "Совещание", "до 20.10.2018")
        self.assertNotIn(activity, overdue_activities(self.bob, OCTOBER))
        self.assertIn(activity, overdue_activities(self.bob, dt.date(2018, 10, 21)))
