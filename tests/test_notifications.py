"""Notifications: deadlines, overdue activities, new comments and plans to review."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from orientir.notifications.models import ReadMark
from orientir.notifications.selectors import notification_count, notifications_for
from orientir.notifications.services import notifications_mark_read
from orientir.plans.models import Activity, Comment, Plan
from tests.base import PASSWORD, BaseTestCase, make_activity

# Deadlines of the shared territory: the road map's activity and СОШ № 4's end 30.09.2018,
# Приморск's road map 01.11.2018, СОШ № 12's programme 31.10.2018.
SEPTEMBER = dt.date(2018, 9, 20)
OCTOBER = dt.date(2018, 10, 15)


class NotificationsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.regional_activity = make_activity(
            cls.regional_plan, "2.", "Региональный семинар для кураторов", "до 25.09.2018"
        )

    def titles(self, activities: list[Activity]) -> set[str]:
        return {a.title for a in activities}

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def test_it_lists_deadlines_of_the_coming_two_weeks_of_own_level_only(self) -> None:
        expected = {
            self.alice: {"Региональный семинар для кураторов"},
            self.bob: {self.forest_activity.title, self.programme4_activity.title},
            self.carl: {self.forest_activity.title, self.programme4_activity.title},
            self.sam: {self.programme4_activity.title},
            self.mike: set(),
        }
        for user, titles in expected.items():
            with self.subTest(user=user.username):
                found = notifications_for(user, SEPTEMBER)
                self.assertEqual(self.titles(found.upcoming), titles)
                self.assertEqual(found.overdue, [])

    def test_it_lists_overdue_activities_of_own_plans_only(self) -> None:
        bob = notifications_for(self.bob, OCTOBER)
        self.assertEqual(
            self.titles(bob.overdue), {self.forest_activity.title, self.programme4_activity.title}
        )
        self.assertEqual(
            self.titles(notifications_for(self.sam, OCTOBER).overdue),
            {self.programme4_activity.title},
        )
        self.assertEqual(
            self.titles(notifications_for(self.alice, OCTOBER).overdue),
            {"Региональный семинар для кураторов"},
        )
        self.assertEqual(notifications_for(self.mike, OCTOBER).overdue, [])
        self.assertEqual(notifications_for(self.tom, OCTOBER).overdue, [])

    def test_it_never_shows_done_or_event_driven_activities(self) -> None:
        Activity.objects.filter(pk=self.forest_activity.pk).update(status=Activity.Status.DONE)
        event = make_activity(self.forest_roadmap, "1.2.", "Встреча", "По отдельному графику")
        titles = self.titles(notifications_for(self.bob, OCTOBER).overdue)
        self.assertNotIn(self.forest_activity.title, titles)
        self.assertNotIn(event.title, titles)

    def test_it_shows_others_comments_on_own_plans_until_read(self) -> None:
        Comment.objects.create(plan=self.programme4, author=self.carl, text="Добавьте протокол")
        Comment.objects.create(plan=self.programme4, author=self.sam, text="Мой комментарий")
        Comment.objects.create(plan=self.programme12, author=self.mike, text="Приморск")
        sam = notifications_for(self.sam, SEPTEMBER)
        self.assertEqual([c.text for c in sam.comments], ["Добавьте протокол"])
        bob = notifications_for(self.bob, SEPTEMBER)
        self.assertEqual({c.text for c in bob.comments}, {"Добавьте протокол", "Мой комментарий"})
        self.assertEqual(notifications_for(self.carl, SEPTEMBER).comments, [])
        self.assertEqual(
            [c.text for c in notifications_for(self.tom, SEPTEMBER).comments], ["Приморск"]
        )
        notifications_mark_read(user=self.sam)
        self.assertEqual(notifications_for(self.sam, SEPTEMBER).comments, [])
        Comment.objects.create(plan=self.programme4, author=self.bob, text="Ещё замечание")
        self.assertEqual(
            [c.text for c in notifications_for(self.sam, SEPTEMBER).comments], ["Ещё замечание"]
        )

    def test_it_shows_comments_on_executions_the_user_reported(self) -> None:
        self.forest_execution.created_by = self.sara
        self.forest_execution.save()
        Comment.objects.create(
            plan=self.forest_roadmap,
            activity=self.forest_activity,
            execution=self.forest_execution,
            author=self.carl,
            text="Где фотографии?",
        )
        self.assertEqual(
            [c.text for c in notifications_for(self.sara, SEPTEMBER).comments], ["Где фотографии?"]
        )
        self.assertEqual(notifications_for(self.tom, SEPTEMBER).comments, [])

    def test_it_lists_plans_waiting_for_the_users_review(self) -> None:
        Plan.objects.filter(
            pk__in=[self.programme4.pk, self.programme12.pk, self.forest_roadmap.pk]
        ).update(state=Plan.State.SUBMITTED)
        Plan.objects.filter(pk=self.seaside_roadmap.pk).update(state=Plan.State.AGREED)
        reviews = {
            self.alice: {self.forest_roadmap, self.seaside_roadmap},
            self.bob: {self.programme4},
            self.mike: {self.programme12},
            self.sam: set(),
            self.carl: set(),
            self.anna: set(),
        }
        for user, plans in reviews.items():
            with self.subTest(user=user.username):
                self.assertEqual(set(notifications_for(user, SEPTEMBER).reviews), plans)

    def test_it_counts_in_one_query(self) -> None:
        Plan.objects.filter(pk=self.programme4.pk).update(state=Plan.State.SUBMITTED)
        Comment.objects.create(plan=self.programme4, author=self.carl, text="Замечание")
        with self.assertNumQueries(1):
            n = notification_count(self.bob, OCTOBER)
        # two overdue activities, one comment, one programme to agree
        self.assertEqual(n, 4)
        self.assertEqual(n, notifications_for(self.bob, OCTOBER).total)
        with self.assertNumQueries(2):  # and a curator's territory, read once per request
            self.assertEqual(notification_count(self.carl, OCTOBER), 2)

    def test_it_redirects_anonymous_users_to_login(self) -> None:
        for name in ("notifications", "notifications-count", "notifications-deleted"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
        response = self.client.post(reverse("notifications-read"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ReadMark.objects.exists())

    @mock.patch("orientir.notifications.views.today", return_value=OCTOBER)
    def test_it_shows_the_page_with_russian_counts(self, _: mock.Mock) -> None:
        Plan.objects.filter(pk=self.programme4.pk).update(state=Plan.State.SUBMITTED)
        for n in range(3):
            Comment.objects.create(plan=self.forest_roadmap, author=self.carl, text=f"№ {n}")
        self.login("bob")
        # session, user, five groups each a count and a page (three have rows: reviews,
        # overdue, comments), the territory's overdue count, the header's territory
        with self.assertNumQueries(12):
            response = self.client.get(reverse("notifications"))
        self.assertContains(response, "Просрочены в ваших планах — 2 мероприятия")
        self.assertContains(response, "Ждут согласования или утверждения — 1 план")
        self.assertContains(response, "Новые комментарии — 3 комментария")
        self.assertContains(response, self.forest_activity.title)
        self.assertContains(response, "Программа перехода СОШ № 4")
        self.assertNotContains(response, "Приморск")
        self.assertNotContains(response, "СОШ № 12")
        self.assertContains(response, "Удалённые проведения и документы")  # his own, his schools

    @mock.patch("orientir.notifications.views.today", return_value=OCTOBER)
    def test_it_never_shows_another_municipalitys_items(self, _: mock.Mock) -> None:
        Plan.objects.filter(pk=self.programme4.pk).update(state=Plan.State.SUBMITTED)
        Comment.objects.create(plan=self.forest_roadmap, author=self.alice, text="Лесной: срок")
        self.login("mike")
        response = self.client.get(reverse("notifications"))
        self.assertEqual(response.status_code, 200)
        for text in ("Лесной", "СОШ № 4", self.forest_activity.title, "Лесной: срок"):
            self.assertNotContains(response, text)
        self.login("tom")
        self.assertNotContains(self.client.get(reverse("notifications")), "СОШ № 4")

    @mock.patch("orientir.notifications.views.today", return_value=OCTOBER)
    def test_it_returns_the_count_for_the_header_badge(self, _: mock.Mock) -> None:
        self.login("sam")
        with self.assertNumQueries(3):  # session, user, the count
            response = self.client.get(reverse("notifications-count"))
        self.assertEqual(response.json(), {"count": 1, "label": "1 уведомление"})
        self.login("bob")
        self.assertEqual(self.client.get(reverse("notifications-count")).json()["count"], 2)

    def test_it_puts_the_link_and_badge_in_the_header(self) -> None:
        self.login("bob")
        response = self.client.get(reverse("municipality", args=[self.forest.pk]))
        self.assertContains(response, f'href="{reverse("notifications")}"')
        self.assertContains(
            response, f'data-notifications-count="{reverse("notifications-count")}"'
        )
        self.assertContains(response, "notifications/badge.js")

    def test_it_marks_comments_read(self) -> None:
        Comment.objects.create(plan=self.programme4, author=self.carl, text="Добавьте протокол")
        self.login("sam")
        self.assertContains(self.client.get(reverse("notifications")), "Добавьте протокол")
        self.assertEqual(self.client.get(reverse("notifications-read")).status_code, 405)
        response = self.client.post(reverse("notifications-read"), follow=True)
        self.assertContains(response, "Комментарии отмечены прочитанными.")
        self.assertNotContains(response, "Добавьте протокол")
        self.assertTrue(ReadMark.objects.filter(user=self.sam).exists())


class DigestTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user in (cls.alice, cls.bob, cls.mike):
            user.email = f"{user.username}@example.ru"
            user.save()
        Plan.objects.filter(pk=cls.programme4.pk).update(state=Plan.State.SUBMITTED)

    def notify(self, *args: str) -> str:
        out = StringIO()
        call_command("notify", *args, stdout=out)
        return out.getvalue()

    def test_it_sends_one_russian_email_per_user_with_something(self) -> None:
        out = self.notify("--date", "2018-10-20")
        recipients = sorted(m.to[0] for m in mail.outbox)
        # alice: nothing of her level is due; sam and carl have no e-mail; mike: two deadlines
        self.assertEqual(recipients, ["bob@example.ru", "mike@example.ru"])
        bob = next(m for m in mail.outbox if m.to == ["bob@example.ru"])
        self.assertEqual(bob.subject, "Ориентир: уведомления на 20.10.2018")
        self.assertIn("Просрочены — 2 мероприятия", bob.body)
        self.assertIn("Ждут согласования или утверждения — 1 план", bob.body)
        self.assertIn("Программа перехода СОШ № 4", bob.body)
        self.assertNotIn("Приморск", bob.body)
        html, mimetype = bob.alternatives[0]
        self.assertEqual(mimetype, "text/html")
        self.assertIn("<li>", html)
        mike = next(m for m in mail.outbox if m.to == ["mike@example.ru"])
        self.assertNotIn("Лесн", mike.body)
        self.assertNotIn("СОШ № 4", mike.body)
        self.assertIn("Сроки в ближайшие две недели — 2 мероприятия", mike.body)
        self.assertIn("sam: пропущен — не указан адрес электронной почты", out)
        self.assertIn("отправлено 2 письма", out)

    def test_it_sends_nothing_in_a_dry_run(self) -> None:
        out = self.notify("--date", "2018-10-15", "--dry-run")
        self.assertEqual(mail.outbox, [])
        self.assertIn("bob <bob@example.ru>: будет отправлено", out)

    def test_it_sends_nothing_to_users_with_nothing(self) -> None:
        self.notify("--date", "2018-06-01")
        self.assertEqual([m.to for m in mail.outbox], [["bob@example.ru"]])  # the review only

    def test_it_rejects_a_wrong_date(self) -> None:
        with self.assertRaises(SystemExit) as raised, mock.patch("sys.stderr") as stderr:
            self.notify("--date", "15.10.2018")
        self.assertEqual(raised.exception.code, 2)
        written = "".join(call.args[0] for call in stderr.write.call_args_list)
        self.assertIn("--date: «15.10.2018» — ожидается дата ГГГГ-ММ-ДД", written)
