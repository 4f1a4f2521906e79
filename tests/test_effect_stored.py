"""The stored effect (issue 14, page budgets): computed in the background, shown with its date
and data, never shown as current once the data it was computed on changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from orientir.effect import selectors
from orientir.effect.models import EffectRun
from orientir.effect.tasks import effect_run_compute
from orientir.registry.models import AcademicYear, Organisation, SchoolStatus
from orientir.results.models import AssessmentResult, ContextValue
from orientir.results.services import context_import, results_import
from tests.base import BaseTestCase
from tests.effect_data import Region as Generated
from tests.effect_data import load
from tests.test_export_jobs import run_worker

RESULTS = (
    "region;municipality;school_id;school_name;year;assessment;subject;grade;"
    "participants;failed;mean_score\n"
)
CONTEXT = "region;municipality;school_id;school_name;year;indicator;value\n"


class StoredEffectTestCase(BaseTestCase):
    """120 generated schools in the shared territory; СОШ № 4 and СОШ № 12 stand for the
    first two schools of the 2018/2019 cohort (as in test_effect_web)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        spec = Generated(schools=120, targets=24, gain=3.0)
        cls.schools = load(spec, [cls.forest, cls.seaside], (cls.school4, cls.school12))

    def setUp(self) -> None:
        self.url = reverse("region_effect", args=[self.region.pk])
        self.client.force_login(self.anna)

    def outsider(self) -> Organisation:
        """A school of the region that never held a status."""
        found = Organisation.objects.schools().filter(region=self.region, statuses__isnull=True)
        school = found.order_by("-pk").first()
        assert school is not None
        return school

    def page(self, url: str = "") -> str:
        response = self.client.get(url or self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def computed(self) -> str:
        """Open the page (which asks for the computation), let the worker run, open it again."""
        self.page()
        run_worker()
        return self.page()

    def assert_current(self, text: str) -> None:
        self.assertIn('data-effect-state="current"', text)
        self.assertIn("Рассчитано", text)
        self.assertNotIn("пересчитывается", text)
        self.assertNotIn("data-effect-poll", text)

    def assert_outdated(self, text: str) -> None:
        """The previous computation under a notice, never as current; the notice polled."""
        self.assertIn('data-effect-state="recomputing"', text)
        self.assertIn("эффект программы пересчитывается", text)
        self.assertIn("прежний расчёт от", text)
        self.assertIn("effect-body--outdated", text)
        self.assertIn("data-effect-poll", text)
        self.assertNotIn("Рассчитано", text)

    def test_it_computes_in_the_background_and_shows_when_and_on_what_data(self) -> None:
        text = self.page()
        self.assertIn("Эффект программы рассчитывается", text)
        self.assertIn("data-effect-poll", text)
        self.assertNotIn("Когорта 2018/2019", text)
        self.assertNotIn("Когорт пока нет", text)  # not computed is not "no cohorts"
        self.page()  # a second look while it is queued queues nothing more
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

        run_worker()

        text = self.page()
        self.assert_current(text)
        self.assertIn("Когорта 2018/2019: 24 школы", text)
        results = AssessmentResult.objects.filter(school__region=self.region).count()
        self.assertIn(
            f"{results:,}".replace(",", "\u00a0") + " результатов оценочных процедур", text
        )
        self.assertIn(" статусов ШНОР и ШНСУ", text)
        self.page()
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 0)

    def test_it_never_shows_the_old_effect_as_current_after_the_data_changes(self) -> None:
        year = AcademicYear.objects.get(start_year=2019)
        changes: list[tuple[str, Callable[[], object], str]] = [
            (
                "a new result imported",
                lambda: results_import(
                    data=(
                        RESULTS + "Южная область;Лесной район;99-0104;СОШ № 4;2019/2020;ВПР;"
                        "Русский язык;5;30;3;14,5\n"
                    ).encode(),
                    source="новые.csv",
                    actor=self.alice,
                ),
                "результатов оценочных процедур — ",
            ),
            (
                "a mean score corrected in place",
                lambda: results_import(
                    data=(
                        RESULTS + "Южная область;Лесной район;99-0104;СОШ № 4;2019/2020;ОГЭ;"
                        "Математика;9;30;3;61,25\n"
                    ).encode(),
                    source="исправление.csv",
                    actor=self.alice,
                ),
                "число данных то же, изменились сами значения",
            ),
            (
                "a context value corrected in place",
                lambda: context_import(
                    data=(
                        CONTEXT + "Южная область;Лесной район;99-0104;СОШ № 4;2019/2020;"
                        "low_income_share;3,5\n"
                    ).encode(),
                    source="контекст.csv",
                    actor=self.alice,
                ),
                "число данных то же, изменились сами значения",
            ),
            (
                "a school given a status",
                lambda: SchoolStatus.objects.create(
                    school=self.outsider(), academic_year=year, status="low_results"
                ),
                "статусов ШНОР и ШНСУ — ",
            ),
            (
                "a school moved to another municipality",
                lambda: Organisation.objects.filter(pk=self.school4.pk).update(
                    municipality=self.seaside
                ),
                "число данных то же, изменились сами значения",
            ),
        ]
        self.assert_current(self.computed())
        for label, change, words in changes:
            with self.subTest(label):
                change()
                text = self.page()
                self.assert_outdated(text)
                self.assertIn(words, text)
                self.assertIn("Когорта 2018/2019", text)  # the previous figures stay readable
                status = self.client.get(self.url, {"part": "status"}).content.decode()
                self.assertIn("data-effect-poll", status)
                self.assertNotIn("<html", status)
                run_worker()
                self.assert_current(self.page())

    def test_it_shows_the_recomputed_figures_once_done(self) -> None:
        self.computed()
        year = AcademicYear.objects.get(start_year=2018)
        SchoolStatus.objects.create(
            school=self.outsider(), academic_year=year, status="low_results"
        )
        self.assertIn("Когорта 2018/2019: 24 школы", self.page())
        run_worker()
        self.assertIn("Когорта 2018/2019: 25 школ", self.page())
        status = self.client.get(self.url, {"part": "status"}).content.decode()
        self.assertIn('data-effect-state="current"', status)  # what the polling page reloads on

    def test_it_keeps_the_previous_computation_and_says_so_when_a_recomputation_fails(self) -> None:
        self.computed()
        ContextValue.objects.filter(school=self.school4).update(value=1.0)
        self.page()
        broken = mock.patch(
            "orientir.effect.tasks.region_measurement", side_effect=ValueError("сломано")
        )
        with broken, self.assertLogs("orientir.effect.tasks", "ERROR"):
            run_worker()
        text = self.page()
        self.assertIn('data-effect-state="failed"', text)
        self.assertIn("Пересчитать эффект программы по новым данным не удалось", text)
        self.assertIn("ValueError", text)
        self.assertIn("прежний расчёт от", text)
        self.assertNotIn("data-effect-poll", text)
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 0)  # not retried

    def test_it_asks_again_for_a_recomputation_its_worker_lost(self) -> None:
        self.page()
        DBTaskResult.objects.all().delete()  # the queue lost it
        self.page()
        self.assertEqual(DBTaskResult.objects.count(), 0)  # too early to tell
        EffectRun.objects.update(asked_at=timezone.now() - dt.timedelta(hours=1))
        self.page()
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)
        run_worker()
        self.assert_current(self.page())

    def test_it_does_not_show_a_stored_document_of_an_older_layout(self) -> None:
        self.computed()
        older = {"format": 0, "cohorts": [{}]}  # as stored before an upgrade changed the layout
        EffectRun.objects.update(document=older)
        text = self.page()
        self.assertIn("Эффект программы рассчитывается", text)
        self.assertNotIn("прежний расчёт", text)
        run_worker()
        self.assert_current(self.page())

    def test_a_second_task_for_the_same_data_computes_nothing(self) -> None:
        self.computed()
        before = EffectRun.objects.get(region=self.region).computed_at
        self.assertEqual(effect_run_compute(region_id=self.region.pk), "current")
        self.assertEqual(EffectRun.objects.get(region=self.region).computed_at, before)

    def test_it_runs_the_same_queries_whatever_the_region_size(self) -> None:
        self.client.force_login(self.alice)
        pages = [
            reverse("region_effect", args=[self.region.pk]),
            reverse("municipality_effect", args=[self.forest.pk]),
            reverse("school_effect", args=[self.school4.pk]),
        ]
        # The session and user, the page's object, the inputs' version (four, effect/data.py),
        # the stored run, the names of the schools shown, the menu's region; the region page
        # the municipalities' names too, the others the rulebook's territory check.
        counts = [11, 11, 11]
        for size in ("120 schools", "180 schools"):
            for url in pages:
                self.client.get(url)
            run_worker()
            for url, count in zip(pages, counts, strict=True):
                with self.subTest(size=size, url=url), self.assertNumQueries(count):
                    self.assert_current(self.page(url))
            if size == "120 schools":
                more = Generated(schools=60, targets=12, seed=11, first_code=5000)
                load(more, [self.forest, self.seaside])

    def test_exit_counts_are_the_same_from_the_stored_effect_and_computed_afresh(self) -> None:
        afresh = selectors.cohort_exit_counts(self.region, 2)
        self.assertTrue(afresh)
        self.computed()
        with self.assertNumQueries(5):  # the inputs' version and the run: nothing computed
            stored = selectors.cohort_exit_counts(self.region, 2)
        self.assertEqual(stored, afresh)
        year = AcademicYear.objects.get(start_year=2018)
        SchoolStatus.objects.create(
            school=self.outsider(), academic_year=year, status="low_results"
        )
        self.assertEqual(selectors.cohort_exit_counts(self.region, 2)[2018][1], 25)  # not stale
