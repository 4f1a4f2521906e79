"""Leader candidates on a run's page, making one a partner; exit and review on the region page."""

from __future__ import annotations

from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.identification.models import IdentificationRun, RunSchool
from orientir.registry.models import AcademicYear, Partnership, SchoolStatus
from tests.base import PASSWORD, BaseTestCase


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


class PairingWebTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
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
            SchoolStatus.objects.create(
                school=cls.school4, academic_year=year, status="low_results"
            )
        SchoolStatus.objects.create(
            school=cls.school12, academic_year=cls.y2017, status="adverse_conditions"
        )

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
