"""Two people edit the same thing: the second save on an older copy is refused, not lost.

Each case opens the same form in two browsers (two clients), saves in the first, then in
the second: the second gets status 409 with who changed what, the database keeps the first
person's values, the second person's input stays in the form, and the form now carries the
current version, so that saving it again goes through.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orientir.accounts.roles import Role
from orientir.audit.models import AuditEvent
from orientir.audit.stale import StaleEdit, claim_version
from orientir.execution.models import Document, Execution
from orientir.plans import annual, services
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.versioned import VERSION_LOST
from tests.base import PASSWORD, BaseTestCase, make_user

AGAIN = "Ваши изменения не сохранены — проверьте их и сохраните снова."


def version_in(html: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the form carries no version"
    return int(found.group(1))


class StaleEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ivan = make_user("ivan", Role.MUNICIPAL_COORDINATOR, municipality=cls.forest)
        cls.ivan.first_name, cls.ivan.last_name = "Иван", "Иванов"
        cls.ivan.save()

    def two_open(self, url: str) -> tuple[Client, Client, int]:
        """Open `url` as ivan and as bob; return both clients and the version they got."""
        first, second = Client(), Client()
        first.login(username="ivan", password=PASSWORD)
        second.login(username="bob", password=PASSWORD)
        versions = [version_in(c.get(url).content.decode()) for c in (first, second)]
        self.assertEqual(versions[0], versions[1])
        return first, second, versions[0]

    def when(self, model: type[Any], pk: int) -> str:
        event = AuditEvent.objects.filter(object_id=str(pk), version__isnull=False).latest("pk")
        self.assertEqual(event.content_type.model, model._meta.model_name)
        return f"{timezone.localtime(event.at):%H:%M}"

    def assert_refused(self, response: Any, this: str, fields: str, when: str) -> str:
        self.assertEqual(response.status_code, 409)
        html = response.content.decode()
        message = f"Пока вы редактировали, Иван Иванов изменил(а) {this} в {when}: {fields}."
        self.assertIn(message, html)
        self.assertIn(AGAIN, html)
        self.assertIn("Сейчас сохранено", html)
        return html


class ActivityStaleTestCase(StaleEditTestCase):
    def data(self, version: int, **extra: Any) -> dict[str, Any]:
        activity = self.forest_activity
        return {
            "section": activity.section_id,
            "academic_year": self.year.pk,
            "number": activity.number,
            "title": activity.title,
            "deadline_text": activity.deadline_text,
            "version": version,
            **extra,
        }

    def test_it_refuses_the_second_save_and_keeps_the_first(self) -> None:
        url = reverse("activity-edit", args=[self.forest_activity.pk])
        first, second, version = self.two_open(url)
        saved = first.post(
            url,
            self.data(version, deadline_text="до 1 ноября", responsible_text="УО Лесного района"),
        )
        self.assertEqual(saved.status_code, 302)
        response = second.post(url, self.data(version, audience="учителя математики 5-9 классов"))
        when = self.when(Activity, self.forest_activity.pk)
        html = self.assert_refused(response, "это мероприятие", "сроки, ответственные", when)
        self.assertIn("учителя математики 5-9 классов", html)  # bob's input is kept
        self.assertIn("до 1 ноября", html)  # the current value is shown
        self.assertEqual(version_in(html), version + 1)
        activity = Activity.objects.get(pk=self.forest_activity.pk)
        self.assertEqual(activity.deadline_text, "до 1 ноября")
        self.assertEqual(activity.responsible_text, "УО Лесного района")
        self.assertEqual(activity.audience, "")
        self.assertEqual(AuditEvent.objects.filter(action="activity.update").count(), 1)

        again = second.post(url, self.data(version_in(html), audience="учителя математики"))
        self.assertEqual(again.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual((activity.audience, activity.version), ("учителя математики", 3))

    def test_it_saves_with_the_current_version_and_moves_it_on(self) -> None:
        url = reverse("activity-edit", args=[self.forest_activity.pk])
        self.client.login(username="bob", password=PASSWORD)
        version = version_in(self.client.get(url).content.decode())
        response = self.client.post(url, self.data(version, audience="директора"))
        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get(pk=self.forest_activity.pk)
        self.assertEqual((activity.audience, activity.version), ("директора", version + 1))
        event = AuditEvent.objects.get(action="activity.update")
        self.assertEqual(event.version, version + 1)
        page = self.client.get(url).content.decode()
        self.assertEqual(version_in(page), version + 1)

    def test_it_refuses_a_form_without_a_version(self) -> None:
        url = reverse("activity-edit", args=[self.forest_activity.pk])
        self.client.login(username="bob", password=PASSWORD)
        data = self.data(1, audience="директора")
        del data["version"]
        response = self.client.post(url, data)
        self.assertContains(response, VERSION_LOST, status_code=400)
        self.assertEqual(Activity.objects.get(pk=self.forest_activity.pk).audience, "")

    def test_it_makes_a_form_opened_before_renumbering_stale(self) -> None:
        url = reverse("activity-edit", args=[self.forest_activity.pk])
        self.client.login(username="bob", password=PASSWORD)
        version = version_in(self.client.get(url).content.decode())
        Activity.objects.filter(pk=self.forest_activity.pk).update(number="7.")
        annual.plan_renumber(actor=self.ivan, plan=self.forest_roadmap)
        response = self.client.post(url, self.data(version, number="7."))
        self.assertContains(response, "Пока вы редактировали", status_code=409)
        self.assertEqual(Activity.objects.get(pk=self.forest_activity.pk).number, "1.1.")

    def test_it_refuses_a_stale_service_call(self) -> None:
        activity = Activity.objects.get(pk=self.forest_activity.pk)
        services.activity_update(actor=self.ivan, activity=activity, values={"audience": "все"})
        with self.assertRaises(StaleEdit):
            services.activity_update(
                actor=self.bob, activity=activity, values={"audience": "никто"}, version=1
            )
        with self.assertRaises(StaleEdit):  # a copy read before the first save
            claim_version(self.forest_activity)
        self.assertEqual(Activity.objects.get(pk=activity.pk).audience, "все")


class PassportStaleTestCase(StaleEditTestCase):
    def data(self, version: int, **extra: Any) -> dict[str, Any]:
        return {
            "title": self.forest_roadmap.title,
            "first_year": self.year.pk,
            "last_year": self.year.pk,
            "version": version,
            **extra,
        }

    def test_it_refuses_the_second_passport_save(self) -> None:
        url = reverse("plan-edit", args=[self.forest_roadmap.pk])
        first, second, version = self.two_open(url)
        goal = "Повысить качество образования в ШНОР"
        self.assertEqual(first.post(url, self.data(version, goal=goal)).status_code, 302)
        response = second.post(url, self.data(version, tasks="Провести семинары для учителей"))
        when = self.when(Plan, self.forest_roadmap.pk)
        html = self.assert_refused(response, "этот план", "цель", when)
        self.assertIn("Провести семинары для учителей", html)
        plan = Plan.objects.get(pk=self.forest_roadmap.pk)
        self.assertEqual((plan.goal, plan.tasks), (goal, ""))


class SectionStaleTestCase(StaleEditTestCase):
    def test_it_refuses_the_second_section_save(self) -> None:
        section = self.forest_activity.section
        url = reverse("section-edit", args=[section.pk])
        first, second, version = self.two_open(url)
        data = {"number": "1.", "title": "Организация работы", "version": version}
        self.assertEqual(first.post(url, data).status_code, 302)
        response = second.post(url, {**data, "title": "Управленческие мероприятия"})
        html = self.assert_refused(
            response, "этот раздел", "название", self.when(Section, section.pk)
        )
        self.assertIn("Управленческие мероприятия", html)
        self.assertEqual(Section.objects.get(pk=section.pk).title, "Организация работы")


class ExecutionStaleTestCase(StaleEditTestCase):
    def data(self, version: int, **extra: Any) -> dict[str, Any]:
        return {
            "date": "2018-09-12",
            "description": "Семинар в актовом зале школы",
            "audience": "заместители директоров",
            "participants": "24",
            "version": version,
            **extra,
        }

    def test_it_refuses_the_second_execution_save(self) -> None:
        url = reverse("execution-edit", args=[self.forest_execution.pk])
        first, second, version = self.two_open(url)
        self.assertEqual(first.post(url, self.data(version, participants="31")).status_code, 302)
        response = second.post(url, self.data(version, audience="учителя начальных классов"))
        when = self.when(Execution, self.forest_execution.pk)
        html = self.assert_refused(response, "это проведение", "участников", when)
        self.assertIn("учителя начальных классов", html)
        execution = Execution.objects.get(pk=self.forest_execution.pk)
        self.assertEqual(execution.participants, 31)
        self.assertEqual(execution.audience, "заместители директоров")


class DocumentStaleTestCase(StaleEditTestCase):
    def data(self, version: int, **extra: Any) -> dict[str, Any]:
        return {
            "kind": "order",
            "number": "237",
            "date": "2018-09-03",
            "title": "О проведении муниципального семинара",
            "version": version,
            **extra,
        }

    def test_it_refuses_the_second_document_save(self) -> None:
        url = reverse("document-edit", args=[self.forest_document.pk])
        first, second, version = self.two_open(url)
        self.assertEqual(first.post(url, self.data(version, number="237-о")).status_code, 302)
        response = second.post(url, self.data(version, issuer="Управление образованием"))
        when = self.when(Document, self.forest_document.pk)
        html = self.assert_refused(response, "этот документ", "номер", when)
        self.assertIn("Управление образованием", html)
        document = Document.objects.get(pk=self.forest_document.pk)
        self.assertEqual((document.number, document.issuer), ("237-о", ""))

    def test_it_edits_a_document_and_links_to_it_from_the_activity(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        url = reverse("document-edit", args=[self.forest_document.pk])
        self.assertContains(page, f'href="{url}"')
        response = self.client.post(url, self.data(1, number="238"))
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="document.update")
        self.assertEqual(event.changes, {"number": ["237", "238"]})

    def test_it_hides_another_municipalitys_document(self) -> None:
        self.client.login(username="mike", password=PASSWORD)
        url = reverse("document-edit", args=[self.forest_document.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class StatusStaleTestCase(StaleEditTestCase):
    def test_it_refuses_the_second_status_change(self) -> None:
        url = reverse("activity-status", args=[self.forest_activity.pk])
        first, second, version = self.two_open(url)
        data = {"status": "cancelled", "reason": "Семинар проведёт регион", "version": version}
        self.assertEqual(first.post(url, data).status_code, 302)
        response = second.post(
            url, {"status": "not_done", "reason": "Не нашли помещение", "version": version}
        )
        when = self.when(Activity, self.forest_activity.pk)
        html = self.assert_refused(
            response, "это мероприятие", "статус, причина статуса, статус установлен вручную", when
        )
        self.assertIn("Не нашли помещение", html)
        self.assertIn("Семинар проведёт регион", html)
        activity = Activity.objects.get(pk=self.forest_activity.pk)
        self.assertEqual((activity.status, activity.status_manual), ("cancelled", True))
