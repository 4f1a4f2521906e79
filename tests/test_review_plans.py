"""Review of plans: who submits, who agrees, approves and returns, and the comments."""

from __future__ import annotations

from unittest import mock

from django.http import HttpResponse
from django.urls import reverse

from orientir.plans.models import Comment, Plan, PlanTransition
from orientir.plans.review import plan_transition
from tests.base import PASSWORD, BaseTestCase


class ReviewTestCase(BaseTestCase):
    def step(
        self, username: str, step: str, plan: Plan | None = None, comment: str = ""
    ) -> HttpResponse:
        self.client.login(username=username, password=PASSWORD)
        url = reverse("plan-review", args=[(plan or self.forest_roadmap).pk, step])
        order = {"order_number": "12", "order_date": "2018-08-30", "confirm": "on"}
        return self.client.post(url, {"comment": comment, **(order if step == "approve" else {})})

    def state(self, plan: Plan | None = None) -> str:
        return Plan.objects.get(pk=(plan or self.forest_roadmap).pk).state

    def test_it_takes_a_road_map_from_draft_to_approved(self) -> None:
        self.step("bob", "submit")
        self.assertEqual(self.state(), "submitted")
        self.step("alice", "agree")
        self.assertEqual(self.state(), "agreed")
        self.step("alice", "approve")
        self.assertEqual(self.state(), "approved")
        steps = list(
            PlanTransition.objects.filter(plan=self.forest_roadmap).values_list(
                "to_state", "actor__username"
            )
        )
        self.assertEqual(steps, [("submitted", "bob"), ("agreed", "alice"), ("approved", "alice")])

    def test_it_returns_a_plan_with_a_comment_the_author_sees(self) -> None:
        self.step("bob", "submit")
        self.step("alice", "return", comment="Добавьте сроки для раздела 2")
        self.assertEqual(self.state(), "returned")
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, "Добавьте сроки для раздела 2")
        self.assertContains(page, "возвращён на доработку")
        self.assertContains(page, "Отправить на согласование")

    def test_it_requires_a_comment_to_return(self) -> None:
        self.step("bob", "submit")
        response = self.step("alice", "return")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.state(), "submitted")

    def test_it_says_why_a_too_long_return_comment_is_refused(self) -> None:
        self.step("bob", "submit")
        response = self.step("alice", "return", comment="а" * 5001)
        self.assertEqual(self.state(), "submitted")
        page = self.client.get(response["Location"])
        self.assertContains(page, "Комментарий не сохранён")
        self.assertContains(page, "не более 5000 символов")

    def test_it_lets_the_municipal_authority_review_a_school_programme(self) -> None:
        self.step("sam", "submit", self.programme4)
        self.assertEqual(self.step("alice", "agree", self.programme4).status_code, 403)
        self.step("bob", "agree", self.programme4)
        self.assertEqual(self.state(self.programme4), "agreed")

    def test_it_refuses_the_owner_approving_their_own_road_map(self) -> None:
        self.step("bob", "submit")
        self.assertEqual(self.step("bob", "agree").status_code, 403)
        self.assertEqual(self.state(), "submitted")

    def test_it_refuses_a_submit_by_someone_who_only_sees_the_plan(self) -> None:
        self.assertEqual(self.step("sam", "submit").status_code, 403)
        self.assertEqual(self.step("mike", "submit").status_code, 404)

    def test_it_refuses_a_step_out_of_order(self) -> None:
        self.step("alice", "approve")
        self.assertEqual(self.state(), "draft")

    def test_it_refuses_a_get_and_an_unknown_step(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan-review", args=[self.forest_roadmap.pk, "submit"])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.step("bob", "publish").status_code, 404)

    def test_it_keeps_the_state_when_the_audit_fails(self) -> None:
        failing = mock.patch("orientir.plans.review.record", side_effect=RuntimeError("сбой"))
        with failing, self.assertRaises(RuntimeError):
            plan_transition(actor=self.bob, plan=self.forest_roadmap, step="submit")
        self.assertEqual(self.state(), "draft")
        self.assertFalse(PlanTransition.objects.exists())


class CommentTestCase(BaseTestCase):
    def test_it_shows_a_curators_comment_on_an_activity_to_its_author(self) -> None:
        self.client.login(username="carl", password=PASSWORD)
        url = reverse("activity-comment", args=[self.forest_activity.pk])
        data = {"text": "Приложите фотографии семинара", "execution": self.forest_execution.pk}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        comment = Comment.objects.get()
        self.assertEqual((comment.execution, comment.author), (self.forest_execution, self.carl))
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertContains(page, "Приложите фотографии семинара")

    def test_it_comments_on_a_plan(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        url = reverse("plan-comment", args=[self.forest_roadmap.pk])
        self.client.post(url, {"text": "Уточните целевые показатели"})
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, "Уточните целевые показатели")

    def test_it_refuses_comments_on_what_one_cannot_see(self) -> None:
        self.client.login(username="mike", password=PASSWORD)
        url = reverse("activity-comment", args=[self.forest_activity.pk])
        self.assertEqual(self.client.post(url, {"text": "x"}).status_code, 404)
        url = reverse("activity-comment", args=[self.seaside_activity.pk])
        data = {"text": "x", "execution": self.forest_execution.pk}
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertFalse(Comment.objects.exists())

    def test_it_refuses_an_empty_comment_and_a_get(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan-comment", args=[self.forest_roadmap.pk])
        self.assertEqual(self.client.post(url, {"text": ""}).status_code, 302)
        self.assertFalse(Comment.objects.exists())
        self.assertEqual(self.client.get(url).status_code, 405)


class OwnerTestCase(BaseTestCase):
    def test_it_leaves_submitting_a_school_programme_to_the_school(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan-review", args=[self.programme4.pk, "submit"])
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertEqual(Plan.objects.get(pk=self.programme4.pk).state, "draft")

    def test_it_lets_the_regional_coordinator_submit_the_regional_plan(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        url = reverse("plan-review", args=[self.regional_plan.pk, "submit"])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertEqual(Plan.objects.get(pk=self.regional_plan.pk).state, "submitted")
