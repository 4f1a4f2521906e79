"""The «500+» risk profile of a school: who enters it, where it is shown, what is refused."""

from __future__ import annotations

from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.results.models import RiskAssessment
from tests.base import PASSWORD, BaseTestCase


class RiskProfileTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def save(self, school, **levels: str):  # type: ignore[no-untyped-def]
        data = {"year": "2018/2019", **{f"level_{k}": v for k, v in levels.items()}}
        return self.client.post(reverse("school_risks", args=[school.pk]), data)

    def test_it_lets_the_school_enter_its_profile_with_an_audit_row(self) -> None:
        self.login("sam")
        page = self.client.get(reverse("school_risks", args=[self.school4.pk]), {"year": "2018"})
        self.assertContains(page, "Дефицит педагогических кадров")
        response = self.save(self.school4, teacher_shortage="high", low_motivation="medium")
        self.assertRedirects(response, reverse("school_results", args=[self.school4.pk]))
        levels = dict(RiskAssessment.objects.values_list("factor", "level"))
        self.assertEqual(levels, {"teacher_shortage": "high", "low_motivation": "medium"})
        event = AuditEvent.objects.get(action="risk_profile.update")
        self.assertEqual(event.changes["factors"]["teacher_shortage"], [None, "high"])

    def test_it_shows_the_profile_beside_the_flags(self) -> None:
        self.login("sam")
        self.save(self.school4, teacher_shortage="high")
        response = self.client.get(reverse("school_results", args=[self.school4.pk]))
        self.assertContains(response, "Рисковый профиль «500+»")
        self.assertContains(response, "На 2018/2019 учебный год")
        self.assertContains(response, "badge--risk-high")
        self.assertContains(response, "Заполнить рисковый профиль")

    def test_it_lets_the_curator_and_the_coordinator_change_it(self) -> None:
        self.login("carl")
        self.assertEqual(self.save(self.school4, teacher_shortage="low").status_code, 302)
        self.login("alice")
        self.assertEqual(self.save(self.school4, teacher_shortage="").status_code, 302)
        self.assertFalse(RiskAssessment.objects.exists())
        self.assertEqual(AuditEvent.objects.filter(action="risk_profile.update").count(), 2)

    def test_it_hides_another_schools_profile_and_refuses_readers(self) -> None:
        self.login("sara")
        self.assertEqual(self.save(self.school4, teacher_shortage="high").status_code, 404)
        self.login("carl")
        self.assertEqual(self.save(self.school12, teacher_shortage="high").status_code, 404)
        self.login("bob")
        self.assertEqual(self.save(self.school4, teacher_shortage="high").status_code, 403)
        self.login("anna")
        response = self.client.get(reverse("school_results", args=[self.school4.pk]))
        self.assertNotContains(response, "Заполнить рисковый профиль")
        self.assertEqual(self.save(self.school4, teacher_shortage="high").status_code, 403)
        self.assertFalse(RiskAssessment.objects.exists())

    def test_it_refuses_an_unknown_level_in_russian(self) -> None:
        self.login("sam")
        response = self.save(self.school4, teacher_shortage="extreme")
        self.assertContains(
            response, "уровень риска — низкий, средний или высокий", status_code=400
        )
        self.assertFalse(RiskAssessment.objects.exists())

    def test_it_answers_other_methods_with_405(self) -> None:
        self.login("sam")
        response = self.client.put(reverse("school_risks", args=[self.school4.pk]))
        self.assertEqual(response.status_code, 405)
