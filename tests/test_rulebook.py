"""The rulebook is the one place that decides by role, and the menu follows it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.identification.models import IdentificationRun
from orientir.plans.models import Plan
from tests.base import BaseTestCase

SRC = Path(__file__).resolve().parent.parent / "src" / "orientir"
# The rulebook, and the roles it reads; migrations are history; the demo only creates its
# personas with their roles, it decides nothing by them.
ALLOWED = {SRC / "accounts" / "roles.py", SRC / "accounts" / "rules.py"}
EXEMPT_DIRS = {"migrations", "demo"}
ROLE_VALUES = (
    "regional_coordinator",
    "regional_analyst",
    "municipal_coordinator",
    "school_manager",
)
ROLE_USE = [
    re.compile(r"(?<![\w.])Role\.[A-Z_]+"),  # accounts' Role; `Assignment.Role` is another thing
    re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)"),
    re.compile(r"\bREGIONAL_ROLES\b"),
    re.compile(r"\buser\.is_regional\b"),
    re.compile("|".join(rf"[\"']{value}[\"']" for value in ROLE_VALUES)),
]


def role_uses() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or path in ALLOWED:
            continue
        if EXEMPT_DIRS & set(path.relative_to(SRC).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in ROLE_USE):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    return found


class RoleNamesTestCase(TestCase):
    def test_it_finds_no_role_decision_outside_the_rulebook(self) -> None:
        self.assertEqual(role_uses(), [])

    def test_it_would_find_one(self) -> None:
        line = 'if request.user.role == Role.REGIONAL_COORDINATOR or user.role in ("curator",):'
        self.assertTrue(any(p.search(line) for p in ROLE_USE))
        self.assertTrue(any(p.search('{% if user.role == "school_manager" %}') for p in ROLE_USE))
        self.assertFalse(any(p.search("role=Assignment.Role.CURATOR,") for p in ROLE_USE))


class _Links(HTMLParser):
    """The hrefs of the site's menu (`<nav class="site-nav">`)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav":
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href", "").startswith("/"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


class MenuTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = User.objects.create_superuser("root", password="корень-корень")
        cls.personas = [cls.alice, cls.anna, cls.carl, cls.bob, cls.mike, cls.sam, cls.tom]

    def menu(self, user: User) -> list[str]:
        self.client.force_login(user)
        parser = _Links()
        parser.feed(self.client.get(reverse("home"), follow=True).content.decode())
        return [link for link in parser.links if not link.startswith("/accounts/")]

    def guarded_pages(self) -> list[str]:
        return [
            reverse("region_runs", args=[self.region.pk]),
            reverse("evidence-rules"),
            reverse("plan-new"),
            reverse("import-upload"),
            reverse("results_upload"),
            reverse("notifications"),
            reverse("admin:index"),
            reverse("municipality", args=[self.forest.pk]),
            reverse("school", args=[self.school4.pk]),
        ]

    def test_it_opens_every_menu_link_of_every_persona(self) -> None:
        for user in [*self.personas, self.root]:
            links = self.menu(user)
            self.assertTrue(links, user.username)
            for link in links:
                with self.subTest(user=user.username, link=link):
                    self.assertEqual(self.client.get(link).status_code, 200)

    def test_it_leaves_out_of_the_menu_every_page_a_persona_is_refused(self) -> None:
        for user in [*self.personas, self.root]:
            links = set(self.menu(user))
            for page in self.guarded_pages():
                status = self.client.get(page).status_code
                if status != 200:
                    with self.subTest(user=user.username, page=page):
                        self.assertNotIn(page, links)

    def test_it_offers_each_role_its_own_tools(self) -> None:
        self.assertIn(reverse("results_upload"), self._open(self.anna))
        self.assertNotIn(reverse("evidence-rules"), self.menu(self.bob))
        self.assertIn(reverse("evidence-rules"), self.menu(self.alice))
        self.assertNotIn(reverse("plan-new"), self.menu(self.anna))
        self.assertNotIn(reverse("region_runs", args=[self.region.pk]), self.menu(self.bob))

    def _open(self, user: User) -> list[str]:
        """The guarded pages `user` may open."""
        self.client.force_login(user)
        return [page for page in self.guarded_pages() if self.client.get(page).status_code == 200]


class RulesTestCase(BaseTestCase):
    """What each persona may do, as DOMAIN.md's users table and README's roles table say."""

    def test_it_lets_only_the_level_above_review_a_plan(self) -> None:
        table = [
            (self.alice, self.forest_roadmap, True),
            (self.alice, self.programme4, False),
            (self.bob, self.programme4, True),
            (self.bob, self.programme12, False),
            (self.bob, self.forest_roadmap, False),
            (self.anna, self.forest_roadmap, False),
            (self.carl, self.programme4, False),
            (self.sam, self.programme4, False),
        ]
        for user, plan, allowed in table:
            with self.subTest(user=user.username, plan=plan.title):
                self.assertEqual(rules.allows("review_plan", user, plan), allowed)

    def test_it_lets_the_keeper_hand_a_plan_in(self) -> None:
        table = [
            (self.bob, self.forest_roadmap, True),
            (self.bob, self.programme4, False),  # the school hands its programme in
            (self.sam, self.programme4, True),
            (self.alice, self.regional_plan, True),
            (self.alice, self.forest_roadmap, False),
            (self.mike, self.forest_roadmap, False),
        ]
        for user, plan, allowed in table:
            with self.subTest(user=user.username, plan=plan.title):
                self.assertEqual(rules.allows("submit_plan", user, plan), allowed)

    def test_it_locks_content_of_a_plan_under_review(self) -> None:
        self.assertTrue(rules.allows("edit_plan_content", self.bob, self.forest_roadmap))
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.SUBMITTED)
        self.forest_roadmap.refresh_from_db()
        self.assertFalse(rules.allows("edit_plan_content", self.bob, self.forest_roadmap))
        self.assertEqual(
            rules.RULES["edit_plan_content"].refusal(self.bob, self.forest_roadmap),
            self.forest_roadmap.content_lock,
        )
        self.assertTrue(rules.allows("report_execution", self.bob, self.forest_roadmap))

    def test_it_lets_the_keeper_enter_indicator_actuals_until_the_plan_is_archived(self) -> None:
        for state, allowed in [
            (Plan.State.DRAFT, True),
            (Plan.State.SUBMITTED, True),
            (Plan.State.APPROVED, True),
            (Plan.State.ARCHIVED, False),
        ]:
            Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=state)
            self.forest_roadmap.refresh_from_db()
            with self.subTest(state=state):
                self.assertEqual(
                    rules.allows("edit_indicator_actuals", self.bob, self.forest_roadmap), allowed
                )
                self.assertFalse(
                    rules.allows("edit_indicator_actuals", self.sam, self.forest_roadmap)
                )
                self.assertFalse(
                    rules.allows("edit_indicator_actuals", self.mike, self.forest_roadmap)
                )

    def test_it_lets_the_keeper_delete_a_plan_only_while_a_draft(self) -> None:
        table = [
            (self.bob, True),
            (self.mike, False),
            (self.sam, False),
            (self.alice, False),
        ]
        for user, allowed in table:
            with self.subTest(user=user.username):
                self.assertEqual(rules.allows("delete_plan", user, self.forest_roadmap), allowed)
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.APPROVED)
        self.forest_roadmap.refresh_from_db()
        self.assertFalse(rules.allows("delete_plan", self.bob, self.forest_roadmap))
        self.assertEqual(
            rules.RULES["delete_plan"].refusal(self.bob, self.forest_roadmap),
            rules.DELETE_ONLY_DRAFT,
        )

    def test_it_gives_results_and_runs_to_the_analyst_and_approval_to_the_coordinator(
        self,
    ) -> None:
        for name, allowed in [
            ("import_results", {"alice", "anna"}),
            ("run_identification", {"alice", "anna"}),
            ("approve_identification", {"alice"}),
            ("see_identification", {"alice", "anna"}),
            ("edit_evidence_rules", {"alice"}),
            ("import_documents", {"alice", "bob", "mike", "sam", "tom"}),
            ("create_plan", {"alice", "bob", "mike", "sam", "tom"}),
            ("see_region_dashboard", {"alice", "anna"}),
            ("see_curator_dashboard", {"carl"}),
            ("see_dashboard", {"alice", "anna", "carl", "bob", "mike", "sam", "tom"}),
        ]:
            for user in (self.alice, self.anna, self.carl, self.bob, self.mike, self.sam, self.tom):
                with self.subTest(rule=name, user=user.username):
                    self.assertEqual(rules.allows(name, user), user.username in allowed)

    def test_it_lets_the_school_its_curator_and_the_region_fill_in_a_risk_profile(self) -> None:
        table = [
            (self.sam, self.school4, True),
            (self.sam, self.school12, False),
            (self.carl, self.school4, True),  # Лесной район is assigned to carl
            (self.carl, self.school12, False),
            (self.alice, self.school12, True),
            (self.anna, self.school4, False),
            (self.bob, self.school4, False),
        ]
        for user, school, allowed in table:
            with self.subTest(user=user.username, school=str(school)):
                self.assertEqual(rules.allows("edit_risk_profile", user, school), allowed)

    def test_it_lets_the_author_the_keeper_and_the_region_restore_a_deletion(self) -> None:
        now, old = timezone.now(), timezone.now() - dt.timedelta(days=91)
        table = [
            (self.alice, self.forest_roadmap, self.bob, old, True),  # the region, any time
            (self.bob, self.forest_roadmap, self.bob, now, True),  # the author
            (self.bob, self.forest_roadmap, self.bob, old, False),  # …within 90 days
            (self.bob, self.programme4, self.sam, now, True),  # who keeps the territory
            (self.sam, self.programme4, self.sam, now, True),
            (self.sam, self.forest_roadmap, self.bob, now, False),  # sees it, does not keep it
            (self.mike, self.forest_roadmap, self.bob, now, False),
            (self.carl, self.forest_roadmap, self.bob, now, False),
            (self.anna, self.forest_roadmap, self.bob, now, False),
        ]
        for user, plan, author, at, allowed in table:
            deletion = SimpleNamespace(plan=plan, event=SimpleNamespace(actor_id=author.pk, at=at))
            with self.subTest(user=user.username, plan=plan.title, at=at):
                self.assertEqual(rules.allows("restore_deleted", user, deletion), allowed)
        for user in (self.alice, self.anna, self.carl, self.bob, self.sam):
            with self.subTest(user=user.username):  # the list and the menu
                expected = user.username in {"alice", "bob", "sam"}
                self.assertEqual(rules.allows("restore_deleted", user), expected)

    def test_it_refuses_over_http_with_the_rules_reason(self) -> None:
        run = IdentificationRun.objects.create(
            region=self.region, academic_year=self.year, settings={}
        )
        self.client.force_login(self.anna)
        response = self.client.post(reverse("identification_approve", args=[run.pk]))
        self.assertEqual(response.status_code, 403)


class ReviewerQueryTestCase(BaseTestCase):
    def test_it_says_the_same_as_a_query_and_as_a_yes_or_no(self) -> None:
        root = User.objects.create_superuser("root", password="корень-корень")
        for user in (self.alice, self.anna, self.carl, self.bob, self.mike, self.sam, root):
            reviewed = set(Plan.objects.filter(rules.reviewer_q(user)).values_list("pk", flat=True))
            for plan in Plan.objects.all():
                with self.subTest(user=user.username, plan=plan.title):
                    self.assertEqual(rules.allows("review_plan", user, plan), plan.pk in reviewed)


class RememberingTestCase(BaseTestCase):
    def test_it_asks_the_territory_once_per_plan_within_a_page(self) -> None:
        plan = self.forest_roadmap
        with self.assertNumQueries(2):  # each rule asks whether the plan is bob's
            self.assertTrue(rules.allows("edit", self.bob, plan))
            self.assertTrue(rules.allows("submit_plan", self.bob, plan))
        with rules.remembering(), self.assertNumQueries(2):  # once for bob, once for mike
            self.assertTrue(rules.allows("edit", self.bob, plan))
            self.assertTrue(rules.allows("submit_plan", self.bob, plan))
            self.assertTrue(rules.allows("delete_plan", self.bob, plan))
            self.assertFalse(rules.allows("edit", self.mike, plan))
            self.assertFalse(rules.allows("edit_indicator_actuals", self.mike, plan))

    def test_it_forgets_when_the_block_ends(self) -> None:
        plan = self.forest_roadmap
        with rules.remembering():
            self.assertTrue(rules.allows("edit", self.bob, plan))
        Plan.objects.filter(pk=plan.pk).update(municipality=self.seaside)
        self.assertFalse(rules.allows("edit", self.bob, plan))
        with rules.remembering():
            self.assertFalse(rules.allows("edit", self.bob, plan))
