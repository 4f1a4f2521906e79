"""Deleting a draft plan into the audit log, and putting it back with all it held."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.services import PLAN_DELETE
from orientir.registry.models import Person
from tests.base import PASSWORD, BaseTestCase, make_activity, make_plan


class PlanDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.draft = make_plan(
            Plan.Kind.ROADMAP,
            "Черновик дорожной карты",
            self.forest_authority,
            self.year,
            municipality=self.forest,
        )
        self.activity = make_activity(self.draft, "1.1.", "Совещание директоров", "октябрь")
        self.person = Person.objects.create(full_name="Иванова Мария Петровна")
        self.activity.responsible_organisations.set([self.school4])
        self.activity.responsible_people.set([self.person])
        self.indicator = Indicator.objects.create(plan=self.draft, name="Доля школ", unit="%")
        self.value = IndicatorValue.objects.create(
            indicator=self.indicator, academic_year=self.year, planned=Decimal("12.5")
        )

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def delete_url(self, plan: Plan) -> str:
        return reverse("plan-delete", args=[plan.pk])

    def test_it_shows_what_will_be_deleted_and_deletes_on_post(self) -> None:
        self.login("bob")
        response = self.client.get(self.delete_url(self.draft))
        self.assertContains(response, "1 раздел")
        self.assertContains(response, "1 мероприятие")
        self.assertContains(response, "1 показатель")
        response = self.client.post(self.delete_url(self.draft))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Plan.objects.filter(pk=self.draft.pk).exists())
        self.assertFalse(Activity.objects.filter(pk=self.activity.pk).exists())
        self.assertFalse(Indicator.objects.filter(pk=self.indicator.pk).exists())
        event = AuditEvent.objects.get(action=PLAN_DELETE)
        self.assertEqual(event.actor, self.bob)
        self.assertEqual(event.object_id, str(self.draft.pk))

    def test_it_links_the_delete_page_only_when_allowed(self) -> None:
        self.login("bob")
        page = self.client.get(reverse("plan", args=[self.draft.pk]))
        self.assertContains(page, self.delete_url(self.draft))
        self.draft.state = Plan.State.APPROVED
        self.draft.save()
        page = self.client.get(reverse("plan", args=[self.draft.pk]))
        self.assertNotContains(page, self.delete_url(self.draft))

    def test_it_refuses_an_approved_plan(self) -> None:
        self.draft.state = Plan.State.APPROVED
        self.draft.save()
        self.login("bob")
        response = self.client.post(self.delete_url(self.draft))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Plan.objects.filter(pk=self.draft.pk).exists())
        self.assertFalse(AuditEvent.objects.filter(action=PLAN_DELETE).exists())

    def test_it_refuses_a_plan_with_executions(self) -> None:
        self.login("bob")
        response = self.client.post(self.delete_url(self.forest_roadmap))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "План с проведениями удалить нельзя", status_code=403)
        self.assertTrue(Plan.objects.filter(pk=self.forest_roadmap.pk).exists())

    def test_it_answers_404_to_another_municipality(self) -> None:
        self.login("mike")
        self.assertEqual(self.client.get(self.delete_url(self.draft)).status_code, 404)
        self.assertEqual(self.client.post(self.delete_url(self.draft)).status_code, 404)
        self.assertTrue(Plan.objects.filter(pk=self.draft.pk).exists())

    def test_it_answers_403_to_a_school(self) -> None:
        self.login("sam")
        self.assertEqual(self.client.post(self.delete_url(self.draft)).status_code, 403)
        self.assertTrue(Plan.objects.filter(pk=self.draft.pk).exists())

    def test_it_restores_the_plan_with_all_its_content_for_the_same_user(self) -> None:
        section_pk = self.activity.section_id
        self.login("bob")
        self.client.post(self.delete_url(self.draft))
        event = AuditEvent.objects.get(action=PLAN_DELETE)
        listed = self.client.get(reverse("notifications-deleted"))
        self.assertEqual([item.event for item in listed.context["items"]], [event])
        self.assertContains(listed, "1 мероприятие")
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertRedirects(response, reverse("plan", args=[self.draft.pk]))
        plan = Plan.objects.get(pk=self.draft.pk)
        self.assertEqual(plan.title, "Черновик дорожной карты")
        self.assertEqual(plan.owner, self.forest_authority)
        self.assertTrue(Section.objects.filter(pk=section_pk, plan=plan).exists())
        activity = Activity.objects.get(pk=self.activity.pk)
        self.assertEqual(activity.plan, plan)
        self.assertEqual(activity.section_id, section_pk)
        self.assertEqual(list(activity.responsible_organisations.all()), [self.school4])
        self.assertEqual(list(activity.responsible_people.all()), [self.person])
        value = IndicatorValue.objects.get(pk=self.value.pk)
        self.assertEqual(value.indicator_id, self.indicator.pk)
        self.assertEqual(value.planned, Decimal("12.5"))
        self.assertEqual(Indicator.objects.get(pk=self.indicator.pk).plan, plan)
        self.assertTrue(AuditEvent.objects.filter(action="plan.restore").exists())
        listed = self.client.get(reverse("notifications-deleted"))
        self.assertNotIn(event, [item.event for item in listed.context["items"]])

    def test_it_answers_404_to_a_restore_from_another_municipality(self) -> None:
        self.login("bob")
        self.client.post(self.delete_url(self.draft))
        event = AuditEvent.objects.get(action=PLAN_DELETE)
        self.login("mike")
        listed = self.client.get(reverse("notifications-deleted"))
        self.assertEqual([item.event for item in listed.context["items"]], [])
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Plan.objects.filter(pk=self.draft.pk).exists())

    def test_it_lets_the_regional_coordinator_restore_a_plan(self) -> None:
        self.login("bob")
        self.client.post(self.delete_url(self.draft))
        event = AuditEvent.objects.get(action=PLAN_DELETE)
        self.login("alice")
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertRedirects(response, reverse("plan", args=[self.draft.pk]))
        self.assertTrue(Activity.objects.filter(pk=self.activity.pk, plan=self.draft).exists())
        restored = AuditEvent.objects.get(action="plan.restore")
        self.assertEqual(restored.actor, self.alice)

    def test_it_keeps_the_whole_content_in_one_audit_row(self) -> None:
        self.login("bob")
        self.client.post(self.delete_url(self.draft))
        event = AuditEvent.objects.get(action=PLAN_DELETE)
        content = event.changes["_content"]
        self.assertEqual([a["id"] for a in content["plans.activity"]], [self.activity.pk])
        self.assertEqual(content["plans.activity"][0]["responsible_people"], [self.person.pk])
        self.assertEqual(content["indicators.indicatorvalue"][0]["planned"], "12.500")
