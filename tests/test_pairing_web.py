"""Leader candidates on a run's page, making one a partner; exit and review on the region page."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.identification.models import IdentificationRun, RunSchool
from orientir.registry.models import AcademicYear, Partnership, SchoolStatus
from tests.base import PASSWORD, BaseTestCase, make_school


def explain(rs: list[float | None], lows: list[bool], A: float | None = None) -> dict:
    years = [
        {
            "year": f"{2016 + i}/{2017 + i}",
            "R": r,
            "low": low,
            "cells": 2,
            "rank": 1,
            "N": 3,
            "low_limit": 1,
        }
        for i, (r, low) in enumerate(zip(rs, lows, strict=True))
    ]
    return {
        "years": years,
        "low_years": sum(lows),
        "adversity": {"A": A, "indicators_used": 3, "rank": 1, "N": 3, "limit": 1},
        "rule": {},
    }


def build_run(cls: Any) -> None:
    """A run of the shared territory: СОШ № 4 ШНОР, СОШ № 6 resilient, СОШ № 12 ШНСУ."""
    cls.y2016 = AcademicYear.objects.create(start_year=2016)
    cls.y2017 = AcademicYear.objects.create(start_year=2017)
    cls.kept = IdentificationRun.objects.create(
        region=cls.region, academic_year=cls.year, settings={}, data={}
    )
    RunSchool.objects.create(
        run=cls.kept,
        school=cls.school4,
        flags=["low_results"],
        explain=explain([-1.2, -1.1, -1.3], [True, True, True], 0.8),
    )
    RunSchool.objects.create(
        run=cls.kept,
        school=cls.school6,
        flags=["adverse_conditions", "resilient"],
        explain=explain([0.9, 1.0, 1.1], [False, False, False], 0.9),
    )
    RunSchool.objects.create(
        run=cls.kept,
        school=cls.school12,
        flags=["adverse_conditions"],
        explain=explain([-0.5, -0.4, 0.0], [True, False, False], 1.0),
    )
    for year in (cls.y2016, cls.y2017):
        SchoolStatus.objects.create(school=cls.school4, academic_year=year, status="low_results")
    SchoolStatus.objects.create(
        school=cls.school12, academic_year=cls.y2017, status="adverse_conditions"
    )


class PairingWebTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_run(cls)

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def pair(self, **data: object):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("identification_pair", args=[self.kept.pk]), data)

    def test_it_shows_ranked_leader_candidates_with_their_reasons(self) -> None:
        self.login("anna")
        response = self.client.get(reverse("identification_run", args=[self.kept.pk]))
        self.assertContains(response, "Школы-лидеры для школ группы")
        self.assertContains(response, "резильентная школа; тот же муниципалитет")
        self.assertNotContains(response, 'name="leader"')  # the analyst only reads

    def test_it_makes_the_chosen_leader_a_partner_for_the_year(self) -> None:
        self.login("alice")
        response = self.pair(target=self.school4.pk, leader=self.school6.pk)
        self.assertRedirects(response, reverse("identification_run", args=[self.kept.pk]))
        partnership = Partnership.objects.get(target=self.school4, leader=self.school6)
        self.assertEqual(partnership.first_year, self.year)
        event = AuditEvent.objects.get(action="partnership.create")
        self.assertEqual(event.changes["run"], self.kept.pk)
        page = self.client.get(reverse("identification_run", args=[self.kept.pk]))
        self.assertContains(page, "Партнёры в 2018/2019: МБОУ СОШ № 6")

    def test_it_refuses_a_second_identical_partnership_in_russian(self) -> None:
        self.login("alice")
        self.pair(target=self.school4.pk, leader=self.school6.pk)
        response = self.pair(target=self.school4.pk, leader=self.school6.pk)
        self.assertContains(response, "уже партнёр этой школы", status_code=400)
        self.assertEqual(Partnership.objects.count(), 1)

    def test_it_refuses_a_leader_that_is_not_a_candidate_in_russian(self) -> None:
        self.login("alice")
        response = self.pair(target=self.school4.pk, leader=self.school4.pk)
        self.assertContains(response, "Выберите школу-лидера из предложенных", status_code=400)
        response = self.pair(target=self.school6.pk, leader=self.school4.pk)
        self.assertContains(response, "не предложена расчётом", status_code=400)
        response = self.pair(target="", leader="x")
        self.assertContains(response, "Выберите школу и школу-лидера", status_code=400)
        self.assertFalse(Partnership.objects.exists())

    def test_it_hides_the_run_from_municipal_users_and_refuses_the_analyst(self) -> None:
        self.login("bob")
        self.assertEqual(self.pair(target=self.school4.pk, leader=self.school6.pk).status_code, 404)
        self.login("anna")
        self.assertEqual(self.pair(target=self.school4.pk, leader=self.school6.pk).status_code, 403)
        self.assertFalse(Partnership.objects.exists())

    def test_it_answers_get_on_the_pairing_address_with_405(self) -> None:
        self.login("alice")
        response = self.client.get(reverse("identification_pair", args=[self.kept.pk]))
        self.assertEqual(response.status_code, 405)

    def test_it_lists_schools_that_may_leave_and_those_for_review(self) -> None:
        self.login("anna")
        response = self.client.get(reverse("region_runs", args=[self.region.pk]))
        leaving, review = response.context["leaving"], response.context["review"]
        self.assertEqual(
            [(r.school, r.status) for r in leaving], [(self.school12, "adverse_conditions")]
        )
        self.assertEqual([(r.school, r.entry_year) for r in review], [(self.school4, 2016)])
        self.assertContains(response, "2 года подряд не в числе низких, R вырос на")
        self.assertContains(response, "3 года в группе без выхода")


class RunPageAtScaleTestCase(BaseTestCase):
    """The run page shows a page of flagged schools and of the group, found by name."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_run(cls)

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def grow(self, n: int) -> None:
        """`n` more ШНОР and `n` more leader candidates in the run, in Приморск."""
        start = RunSchool.objects.count()
        for i in range(start, start + n):
            low = make_school(self.seaside, f"3{i:03}", f"99-3{i:03}")
            RunSchool.objects.create(
                run=self.kept,
                school=low,
                flags=["low_results"],
                explain=explain([-1.0, -1.1, -1.2], [True, True, True], 0.5),
            )
            good = make_school(self.seaside, f"5{i:03}", f"99-5{i:03}")
            RunSchool.objects.create(
                run=self.kept, school=good, flags=[], explain=explain([0.5, 0.6, 0.7], [False] * 3)
            )

    def get(self, query: str = "") -> str:
        url = reverse("identification_run", args=[self.kept.pk])
        response = self.client.get(f"{url}?{query}")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_runs_the_same_queries_and_shows_a_page_whatever_the_run_size(self) -> None:
        self.login("alice")  # the coordinator also sees the approval form
        url = reverse("identification_run", args=[self.kept.pk])
        for query in ("", "?q=СОШ № 3", "?page=2&pairs_page=2"):
            self.grow(2)
            with self.subTest(query=query), CaptureQueriesContext(connection) as small:
                self.client.get(url + query)
            self.grow(60)
            with self.subTest(query=query), self.assertNumQueries(len(small)):
                self.client.get(url + query)
        content = self.get()
        flagged = content[content.index('id="flagged"') : content.index('id="pairing"')]
        self.assertEqual(flagged.count('<ul class="explain">'), 50)
        pairing = content[content.index('id="pairing"') : content.index('id="approve"')]
        self.assertEqual(pairing.count('class="card pairing"'), 20)
        self.assertIn("Страница 1 из 4", flagged)  # 3 + 3 × 62 flagged schools, 50 a page
        self.assertIn("Страница 1 из 10", pairing)  # 2 + 3 × 62 targets, 20 a page

    def test_it_finds_a_school_by_name_in_both_lists(self) -> None:
        self.grow(3)
        self.login("anna")
        content = self.get("q=СОШ № 4")
        flagged = content[content.index('id="flagged"') : content.index('id="pairing"')]
        self.assertIn("Найдено 1 школа со словами «СОШ № 4»", flagged)
        self.assertIn("МБОУ СОШ № 4", flagged)
        self.assertNotIn("МБОУ СОШ № 12", flagged)
        pairing = content[content.index('id="pairing"') :]
        self.assertIn("<h3>МБОУ СОШ № 4", pairing)
        self.assertNotIn("<h3>МБОУ СОШ № 12", pairing)
        nothing = self.get("q=Гимназия")
        self.assertIn("Школ со словами «Гимназия» среди школ с признаками нет.", nothing)
        self.assertIn("Среди школ группы нет школ со словами «Гимназия».", nothing)

    def test_it_keeps_the_search_and_the_other_pager_in_its_links(self) -> None:
        self.grow(60)
        self.login("anna")
        content = self.get("q=СОШ&pairs_page=2")
        self.assertIn("q=%D0%A1%D0%9E%D0%A8&amp;pairs_page=2&amp;page=2", content)
        self.assertIn("q=%D0%A1%D0%9E%D0%A8&amp;pairs_page=3", content)
