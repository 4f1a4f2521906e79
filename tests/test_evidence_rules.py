"""Rules of evidence: what each kind of activity needs, and how complete each plan's is."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.execution.completeness import (
    Requirement,
    Score,
    missing_text,
    requirements_by_type,
    score,
    shortfalls,
)
from orientir.execution.models import Document, EvidenceRule, Execution
from orientir.plans.activity_types import ActivityType, guess_activity_type
from orientir.plans.models import Activity, Plan
from tests.base import PASSWORD, BaseTestCase, make_activity, make_evidence

SEMINAR = [
    Requirement("letter", 1),
    Requirement("programme", 1),
    Requirement("press_release", 1),
    Requirement("photo", 5),
    Requirement("materials", 1),
    Requirement("registration_sheet", 1),
]


class GuessTestCase(SimpleTestCase):
    def test_it_tells_the_kind_of_activity_from_real_titles(self) -> None:
        table = [
            ("Муниципальный семинар по программам перехода", ActivityType.SEMINAR),
            (
                "Проведение семинара с ответственными специалистами МОУО по разработке "
                "муниципальных дорожных карт",
                ActivityType.SEMINAR,
            ),
            ("Проведение установочного семинара - совещания с администрацией МО", "seminar"),
            ("Совещание с руководителями ШНСУ", ActivityType.MEETING),
            ("Заседание рабочей группы", ActivityType.MEETING),
            (
                "Организация курсов повышения квалификации директоров и заместителей",
                ActivityType.COURSE,
            ),
            ("Проведение входного мониторинга по идентификации группы школ", "monitoring"),
            (
                "Разработка муниципальных дорожных карт (план мероприятий)",
                ActivityType.ROADMAP,
            ),
            (
                "Разработка программ перехода в эффективный режим функционирования",
                ActivityType.TRANSITION_PROGRAMME,
            ),
            ("Краевая научно-практическая конференция", ActivityType.CONFERENCE),
            ("Методический день в МБОУ СОШ № 6", ActivityType.METHODOLOGICAL_DAY),
            ("Вебинар для учителей математики", ActivityType.WEBINAR),
            ("Создание рабочей группы на базе ГБОУ ИРО", ActivityType.WORKING_GROUP),
            ("Оформление партнерских соглашений школ-лидеров", ActivityType.AGREEMENT),
            ("Подготовка и издание итогового методического сборника", "collection"),
            ("Анализ результатов ВПР", ActivityType.OTHER),
            ("", ActivityType.OTHER),
        ]
        for title, expected in table:
            with self.subTest(title=title):
                self.assertEqual(guess_activity_type(title), expected)


class CompletenessTestCase(SimpleTestCase):
    def test_it_says_what_a_seminar_lacks_in_russian(self) -> None:
        counts = {"letter": 1, "programme": 1, "photo": 2, "materials": 1, "registration_sheet": 3}
        self.assertEqual(
            missing_text(shortfalls(SEMINAR, counts)), "не хватает: пресс-релиз, ещё 3 фотографии"
        )

    def test_it_counts_photos_without_any_yet(self) -> None:
        self.assertEqual(str(shortfalls(SEMINAR, {})[3]), "5 фотографий")

    def test_it_says_nothing_when_everything_is_there(self) -> None:
        counts = {k: 5 for k in ["letter", "programme", "press_release", "photo", "materials"]}
        counts["registration_sheet"] = 1
        self.assertEqual(missing_text(shortfalls(SEMINAR, counts)), "")
        self.assertEqual(score(SEMINAR, counts), Score(10, 10))

    def test_it_scores_extra_documents_of_one_kind_no_higher(self) -> None:
        self.assertEqual(score(SEMINAR, {"photo": 40}), Score(5, 10))
        self.assertEqual(score(SEMINAR, {"photo": 40}).percent, 50)

    def test_it_takes_a_presentation_for_materials(self) -> None:
        self.assertEqual(shortfalls([Requirement("materials", 1)], {"presentation": 1}), [])

    def test_it_takes_any_document_for_an_empty_kind(self) -> None:
        self.assertEqual(score([Requirement("", 1)], {"order": 1}), Score(1, 1))
        self.assertEqual(
            missing_text(shortfalls([Requirement("", 1)], {})),
            "не хватает: подтверждающий документ",
        )

    def test_it_has_no_percentage_when_nothing_is_required(self) -> None:
        self.assertIsNone(Score().percent)


class RulesFromDatabaseTestCase(BaseTestCase):
    def test_it_seeds_the_seminar_rule_of_seed_000(self) -> None:
        found = requirements_by_type(EvidenceRule.objects.all(), self.region.pk)
        self.assertEqual(found["seminar"], SEMINAR)

    def test_it_lets_a_region_replace_the_defaults_for_one_kind(self) -> None:
        EvidenceRule.objects.create(
            region=self.region, activity_type="seminar", document_kind="photo", min_count=3
        )
        found = requirements_by_type(EvidenceRule.objects.all(), self.region.pk)
        self.assertEqual(found["seminar"], [Requirement("photo", 3)])
        self.assertEqual(found["meeting"][0], Requirement("protocol", 1))
        other_region = requirements_by_type(EvidenceRule.objects.all(), self.region.pk + 1)
        self.assertEqual(other_region["seminar"], SEMINAR)

    def test_it_lets_a_region_require_nothing(self) -> None:
        EvidenceRule.objects.create(
            region=self.region, activity_type="other", document_kind="", min_count=0
        )
        found = requirements_by_type(EvidenceRule.objects.all(), self.region.pk)
        self.assertEqual(found["other"], [])


def add_documents(execution: Execution, kind: str, n: int) -> None:
    for i in range(n):
        Document.objects.create(
            plan=execution.activity.plan, execution=execution, kind=kind, title=f"{kind} {i}"
        )


class ExecutionEvidenceTestCase(BaseTestCase):
    def get_activity(self, username: str, activity: Activity | None = None) -> str:
        self.client.login(username=username, password=PASSWORD)
        url = reverse("activity", args=[(activity or self.forest_activity).pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_what_an_execution_of_a_seminar_lacks(self) -> None:
        add_documents(self.forest_execution, "letter", 1)
        add_documents(self.forest_execution, "programme", 1)
        add_documents(self.forest_execution, "photo", 2)
        add_documents(self.forest_execution, "presentation", 1)
        add_documents(self.forest_execution, "registration_sheet", 1)
        content = self.get_activity("bob")
        self.assertIn("Не хватает: пресс-релиз, ещё 3 фотографии", content)
        self.assertIn("Семинар", content)
        self.assertIn("определён по названию", content)

    def test_it_lists_everything_for_an_execution_with_only_an_order(self) -> None:
        content = self.get_activity("carl")
        self.assertIn(
            "Не хватает: письмо, программа, пресс-релиз, 5 фотографий, материалы, лист регистрации",
            content,
        )

    def test_it_says_when_an_execution_has_all_it_needs(self) -> None:
        self.forest_activity.activity_type = ActivityType.ROADMAP
        self.forest_activity.save()
        content = self.get_activity("bob")
        self.assertIn("Документы по правилам собраны.", content)
        self.assertIn("Дорожная карта", content)
        self.assertNotIn("определён по названию", content)

    def test_it_follows_the_regions_own_rule(self) -> None:
        EvidenceRule.objects.create(
            region=self.region, activity_type="seminar", document_kind="photo", min_count=2
        )
        self.assertIn("Не хватает: 2 фотографии", self.get_activity("bob"))


class PlanCompletenessTestCase(BaseTestCase):
    def get(self, username: str, name: str, pk: int) -> str:
        self.client.login(username=username, password=PASSWORD)
        response = self.client.get(reverse(name, args=[pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_completeness_per_activity_and_for_the_plan(self) -> None:
        meeting = make_activity(self.forest_roadmap, "1.2.", "Совещание с директорами", "октябрь")
        execution, _ = make_evidence(meeting, "12")
        add_documents(execution, "protocol", 1)
        # The seminar: 0 of 10 (an order is not asked for); the meeting: 1 of 2.
        content = self.get("bob", "plan", self.forest_roadmap.pk)
        row = content[content.index(f'id="activity-{meeting.pk}"') :]
        self.assertIn("50 %", row[: row.index("</tr>")])
        seminar = content[content.index(f'id="activity-{self.forest_activity.pk}"') :]
        self.assertIn("0 %", seminar[: seminar.index("</tr>")])
        total = content[content.index('id="evidence-total"') :]
        self.assertIn("8 %", total[: total.index("</div>")])
        self.assertIn("по 2 мероприятиям", total[: total.index("</div>")])

    def test_it_counts_a_done_activity_without_executions_as_unproved(self) -> None:
        make_activity(
            self.forest_roadmap, "1.2.", "Совещание с директорами", "октябрь", status="done"
        )
        add_documents(self.forest_execution, "photo", 5)
        # The seminar 5 of 10, the meeting done with nothing recorded 0 of 2: 5 of 12.
        total = self.get("bob", "plan", self.forest_roadmap.pk)
        total = total[total.index('id="evidence-total"') :]
        self.assertIn("41 %", total[: total.index("</div>")])

    def test_it_leaves_out_activities_not_yet_held(self) -> None:
        content = self.get("sam", "plan", self.programme4.pk)
        total = content[content.index('id="evidence-total"') :]
        self.assertIn("—", total[: total.index("</div>")])

    def test_it_shows_each_plans_completeness_on_the_municipality_page(self) -> None:
        add_documents(self.forest_execution, "photo", 5)
        content = self.get("bob", "municipality", self.forest.pk)
        row = content[content.index(f'id="plan-{self.forest_roadmap.pk}"') :]
        self.assertIn("50 %", row[: row.index("</tr>")])

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def grow(self, plan: Plan, n: int) -> None:
        for i in range(n):
            activity = make_activity(plan, f"3.{i}.", f"Семинар для учителей, поток {i}", "ноябрь")
            execution, _ = make_evidence(activity, str(300 + i))
            add_documents(execution, "photo", 2)
            Execution.objects.create(activity=activity, date=dt.date(2018, 11, 2))

    def test_it_runs_the_same_number_of_queries_for_more_activities_and_evidence(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan", args=[self.forest_roadmap.pk])
        self.client.get(url)
        small = self.count_queries(url)
        self.grow(self.forest_roadmap, 15)
        with self.assertNumQueries(small):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_runs_the_same_number_of_queries_on_the_municipality_page(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("municipality", args=[self.forest.pk])
        self.client.get(url)
        small = self.count_queries(url)
        self.grow(self.forest_roadmap, 10)
        self.grow(self.programme4, 10)
        with self.assertNumQueries(small):
            self.assertEqual(self.client.get(url).status_code, 200)


class RuleEditingTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def data(self, **counts: int) -> dict[str, int]:
        kinds = ["any", *Document.Kind.values]
        return {f"count_{k}": counts.get(k, 0) for k in kinds}

    def test_it_lists_the_rules_to_everyone_in_the_region(self) -> None:
        self.login("bob")
        response = self.client.get(reverse("evidence-rules"))
        self.assertContains(response, "Пресс-релиз".lower())
        self.assertContains(response, "фотография: не менее 5")
        self.assertNotContains(response, reverse("evidence-rule-edit", args=["seminar"]))

    def test_it_lets_the_regional_coordinator_change_a_rule(self) -> None:
        self.login("alice")
        url = reverse("evidence-rule-edit", args=["seminar"])
        self.assertContains(self.client.get(url), 'value="5"')
        response = self.client.post(url, self.data(photo=3, protocol=1))
        self.assertRedirects(response, reverse("evidence-rules"))
        rows = EvidenceRule.objects.filter(region=self.region, activity_type="seminar")
        self.assertEqual(
            sorted(rows.values_list("document_kind", "min_count")), [("photo", 3), ("protocol", 1)]
        )
        event = AuditEvent.objects.get(action="evidence_rule.update")
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.changes["фотография"], [5, 3])
        self.assertEqual(event.changes["письмо"], [1, 0])
        self.assertEqual(
            EvidenceRule.objects.filter(region=None, activity_type="seminar").count(), 6
        )

    def test_it_keeps_a_rule_that_requires_nothing(self) -> None:
        self.login("alice")
        self.client.post(reverse("evidence-rule-edit", args=["meeting"]), self.data())
        found = requirements_by_type(EvidenceRule.objects.all(), self.region.pk)
        self.assertEqual(found["meeting"], [])

    def test_it_returns_a_kind_to_the_defaults(self) -> None:
        self.login("alice")
        self.client.post(reverse("evidence-rule-edit", args=["seminar"]), self.data(photo=3))
        response = self.client.post(reverse("evidence-rule-reset", args=["seminar"]))
        self.assertRedirects(response, reverse("evidence-rules"))
        self.assertFalse(EvidenceRule.objects.filter(region=self.region).exists())
        self.assertTrue(AuditEvent.objects.filter(action="evidence_rule.reset").exists())

    def test_it_refuses_everyone_but_the_regional_coordinator(self) -> None:
        url = reverse("evidence-rule-edit", args=["seminar"])
        for username in ["bob", "carl", "anna", "sam"]:
            with self.subTest(username=username):
                self.login(username)
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url, self.data(photo=1)).status_code, 403)
                reset = reverse("evidence-rule-reset", args=["seminar"])
                self.assertEqual(self.client.post(reset).status_code, 403)
        self.assertFalse(EvidenceRule.objects.filter(region=self.region).exists())

    def test_it_sends_an_anonymous_visitor_to_log_in(self) -> None:
        response = self.client.get(reverse("evidence-rules"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_it_refuses_a_negative_count(self) -> None:
        self.login("alice")
        url = reverse("evidence-rule-edit", args=["seminar"])
        response = self.client.post(url, self.data(photo=-1))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(EvidenceRule.objects.filter(region=self.region).exists())

    def test_it_has_no_page_for_an_unknown_kind(self) -> None:
        self.login("alice")
        self.assertEqual(
            self.client.get(reverse("evidence-rule-edit", args=["picnic"])).status_code, 404
        )

    def test_it_refuses_a_get_to_reset(self) -> None:
        self.login("alice")
        url = reverse("evidence-rule-reset", args=["seminar"])
        self.assertEqual(self.client.get(url).status_code, 405)


class ActivityTypeFieldTestCase(BaseTestCase):
    def test_it_keeps_the_kind_set_in_the_activity_form(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("activity-edit", args=[self.forest_activity.pk])
        data = {
            "academic_year": self.year.pk,
            "number": "1.1.",
            "title": "Муниципальный семинар по программам перехода",
            "activity_type": "conference",
            "deadline_text": "Сентябрь 2018 года",
            "version": 1,
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.forest_activity.refresh_from_db()
        self.assertEqual(self.forest_activity.effective_type, ActivityType.CONFERENCE)
