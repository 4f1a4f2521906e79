"""Approval takes the approving order's number and date, and the approver's confirmation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.indicators import rollover
from orientir.plans.models import Plan, today
from orientir.plans.review import plan_transition
from tests.base import PASSWORD, BaseTestCase

ORDER = {"order_number": "4537", "order_date": "2018-08-30", "confirm": "on"}


class ApprovalTests(BaseTestCase):
    def setUp(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.AGREED)
        self.url = reverse("plan-approve", args=[self.forest_roadmap.pk])
        self.client.login(username="alice", password=PASSWORD)

    def plan(self) -> Plan:
        return Plan.objects.get(pk=self.forest_roadmap.pk)

    def test_it_asks_for_the_order_and_a_confirmation(self) -> None:
        page = self.client.get(self.url)
        self.assertContains(page, 'name="order_number"')
        self.assertContains(page, 'name="order_date"')
        self.assertContains(page, "Подтверждаю утверждение плана")
        plan_page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(plan_page, f'href="{self.url}"')

    def test_it_approves_by_the_order_and_shows_it_on_the_plan(self) -> None:
        response = self.client.post(self.url, ORDER)
        self.assertEqual(response.status_code, 302)
        plan = self.plan()
        self.assertEqual(plan.state, Plan.State.APPROVED)
        self.assertEqual(
            (plan.approval_order_number, plan.approval_order_date), ("4537", dt.date(2018, 8, 30))
        )
        page = self.client.get(reverse("plan", args=[plan.pk]))
        self.assertContains(page, "утверждён приказом от 30.08.2018 № 4537")
        event = AuditEvent.objects.get(action="plan.approve")
        self.assertEqual(event.changes["approval_order_number"], ["", "4537"])

    def test_it_refuses_an_approval_without_the_confirmation(self) -> None:
        response = self.client.post(self.url, {**ORDER, "confirm": ""})
        self.assertContains(response, "Отметьте «Подтверждаю утверждение плана»", status_code=400)
        self.assertEqual(self.plan().state, Plan.State.AGREED)

    def test_it_refuses_a_bad_order_in_russian(self) -> None:
        tomorrow = today() + dt.timedelta(days=1)
        cases = [
            ({"order_number": ""}, "Укажите номер приказа"),
            ({"order_number": "   "}, "Укажите номер приказа"),
            ({"order_number": "1" * 51}, "не длиннее 50 знаков"),
            ({"order_date": ""}, "Укажите дату приказа"),
            ({"order_date": "30-08-2018"}, "в виде ДД.ММ.ГГГГ"),
            ({"order_date": tomorrow.isoformat()}, "ещё не наступила"),
            ({"order_date": "2017-08-31"}, "не раньше 01.09.2017"),
        ]
        for change, words in cases:
            with self.subTest(change=change):
                response = self.client.post(self.url, {**ORDER, **change})
                self.assertContains(response, words, status_code=400)
        self.assertEqual(self.plan().state, Plan.State.AGREED)

    def test_it_accepts_the_earliest_date_and_a_russian_date(self) -> None:
        response = self.client.post(self.url, {**ORDER, "order_date": "01.09.2017"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.plan().approval_order_date, dt.date(2017, 9, 1))

    def test_it_refuses_an_approval_without_an_order_in_the_service(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            plan_transition(actor=self.alice, plan=self.plan(), step="approve")
        self.assertIn("order_number", caught.exception.message_dict)
        self.assertEqual(self.plan().state, Plan.State.AGREED)

    def test_it_refuses_the_owner_and_hides_the_plan_from_another_municipality(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        self.assertEqual(self.client.post(self.url, ORDER).status_code, 403)
        self.client.login(username="mike", password=PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.plan().state, Plan.State.AGREED)

    def test_it_refuses_approving_a_plan_not_yet_agreed(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.SUBMITTED)
        response = self.client.post(self.url, ORDER)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.plan().state, Plan.State.SUBMITTED)

    def test_it_takes_the_approval_away_when_an_approved_plan_is_returned(self) -> None:
        self.client.post(self.url, ORDER)
        plan_transition(actor=self.alice, plan=self.plan(), step="return", comment="Исправьте")
        plan = self.plan()
        self.assertEqual((plan.approval_order_number, plan.approval_text), ("", ""))
        self.assertIsNone(plan.approval_order_date)


class RollOverApprovalTests(BaseTestCase):
    def test_it_does_not_copy_last_years_approval_into_the_new_draft(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            state=Plan.State.APPROVED,
            approval_text="приказом от 30.08.2018 № 4537",
            approval_order_number="4537",
            approval_order_date=dt.date(2018, 8, 30),
        )
        plan = Plan.objects.get(pk=self.forest_roadmap.pk)
        copy = rollover.plan_roll_over(actor=self.bob, plan=plan).plan
        copy.refresh_from_db()
        self.assertEqual(copy.state, Plan.State.DRAFT)
        self.assertEqual((copy.approval_text, copy.approval_order_number), ("", ""))
        self.assertIsNone(copy.approval_order_date)
        self.client.login(username="bob", password=PASSWORD)
        self.assertNotContains(self.client.get(reverse("plan", args=[copy.pk])), "4537")
