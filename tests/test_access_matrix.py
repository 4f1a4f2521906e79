"""Every URL × every persona × objects of every territory, GET and POST (issue 9).

The allowed set is written out here by hand, from DOMAIN.md's users and README's «Who may do
what», not asked of the rulebook: what a persona does not see answers 404 (or 405 for a
method the view never takes, before it looks anything up), and a write by someone who may
not make it is refused and leaves no audit row. Every request runs in a transaction that is
rolled back, so one allowed write does not change what the next request finds. A URL pattern
missing from the table fails the test: each new page has to say who may use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.audit.models import AuditEvent
from orientir.execution import services as execution_services
from orientir.identification.models import IdentificationRun
from orientir.indicators.models import Indicator
from orientir.plans.activity_types import ActivityType
from orientir.plans.models import Plan, Section
from orientir.publication.models import Publication
from orientir.registry.models import Organisation, Region
from orientir.reports.models import ExportJob, ReportingDuty, Submission
from tests.base import BaseTestCase, make_activity, make_evidence, make_plan, make_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PERSONAS = ("alice", "anna", "carl", "bob", "mike", "sam", "tom")
EVERYONE = frozenset(PERSONAS)
REGIONAL = frozenset({"alice", "anna"})
# Who sees the objects of each territory (the rule of accounts/scope.py, written out).
SEES: dict[str, frozenset[str]] = {
    "region_plan": EVERYONE,
    "forest_plan": frozenset({"alice", "anna", "carl", "bob", "sam"}),
    "seaside_plan": frozenset({"alice", "anna", "mike", "tom"}),
    "school4_plan": frozenset({"alice", "anna", "carl", "bob", "sam"}),
    "school12_plan": frozenset({"alice", "anna", "mike", "tom"}),
    "other_plan": frozenset(),
    "forest": frozenset({"alice", "anna", "carl", "bob"}),
    "seaside": frozenset({"alice", "anna", "mike"}),
    "school4": frozenset({"alice", "anna", "carl", "bob", "sam"}),
    "school12": frozenset({"alice", "anna", "mike", "tom"}),
    "region": EVERYONE,
    "other_region": frozenset(),
    "run": REGIONAL,
    "forest_deletion": frozenset({"alice", "anna", "carl", "bob", "sam"}),
    "region_job": REGIONAL,
    "region_duty": EVERYONE,
    "forest_submission": frozenset({"alice", "anna", "carl", "bob"}),
    "published": EVERYONE,
    "unpublished": frozenset(),
    "-": EVERYONE,
}
# Who keeps (edits) the plans of each territory, and who reviews them.
KEEPS = {
    "region_plan": {"alice"},
    "forest_plan": {"bob"},
    "seaside_plan": {"mike"},
    "school4_plan": {"sam", "bob"},
    "school12_plan": {"tom", "mike"},
    "other_plan": set(),
}
REVIEWS = {
    "region_plan": {"alice"},
    "forest_plan": {"alice"},
    "seaside_plan": {"alice"},
    "school4_plan": {"bob"},
    "school12_plan": {"mike"},
    "other_plan": set(),
}
PLAN_KEYS = tuple(KEEPS)


def keeper(key: str) -> set[str]:
    return KEEPS.get(key, set())


def keeper_or_reviewer(key: str) -> set[str]:
    return KEEPS.get(key, set()) | REVIEWS.get(key, set())


def reviewer(key: str) -> set[str]:
    return REVIEWS.get(key, set())


def viewer(key: str) -> set[str]:
    return set(SEES[key])


def nobody(key: str) -> set[str]:
    return set()


def fixed(*names: str) -> Callable[[str], set[str]]:
    return lambda key: set(names) & SEES[key]


def school_risks(key: str) -> set[str]:
    return {"school4": {"sam", "carl", "alice"}, "school12": {"tom", "alice"}}[key]


@dataclass(frozen=True)
class Route:
    """What a URL takes and who may write through it (None: the page never writes)."""

    param: str  # the kind of object in the URL, or "-" for none
    writers: Callable[[str], set[str]] | None


ROUTES: dict[str, Route] = {
    "home": Route("-", None),
    "health-layout": Route("-", None),
    "region": Route("region", None),
    "municipality": Route("municipality", None),
    "school": Route("school", None),
    "plan": Route("plan", None),
    "activity": Route("activity", None),
    "indicator-actual": Route("indicator", keeper),
    "indicator-source": Route("indicator", keeper),
    "plan-new": Route("-", fixed("alice", "bob", "mike", "sam", "tom")),
    "plan-edit": Route("plan", keeper),
    "plan-renumber": Route("plan", keeper),
    "plan-delete": Route("plan", keeper),
    "plan-roll-over": Route("plan", keeper),
    "plan-review": Route("plan", keeper_or_reviewer),
    "plan-approve": Route("plan", reviewer),
    "plan-comment": Route("plan", viewer),
    "deadline-preview": Route("plan", None),
    "section-new": Route("plan", keeper),
    "section-edit": Route("section", keeper),
    "section-delete": Route("section", keeper),
    "section-move": Route("section", keeper),
    "activity-new": Route("plan", keeper),
    "activity-edit": Route("activity", keeper),
    "activity-delete": Route("activity", keeper),
    "activity-move": Route("activity", keeper),
    "activity-status": Route("activity", keeper),
    "activity-comment": Route("activity", viewer),
    "execution-new": Route("activity", keeper),
    "execution-edit": Route("execution", keeper),
    "execution-delete": Route("execution", keeper),
    "document-new": Route("execution", keeper),
    "document-delete": Route("document", keeper),
    "document-download": Route("document", None),
    "document-edit": Route("document", keeper),
    "export-report": Route("municipality", None),
    "export-plan": Route("plan", None),
    "dashboard": Route("-", None),
    "dashboard-region": Route("region", None),
    "dashboard-municipalities": Route("region", None),
    "dashboard-indicators": Route("region", None),
    "dashboard-municipality": Route("municipality", None),
    "dashboard-school": Route("school", None),
    "dashboard-curator": Route("-", None),
    "dashboard-activities": Route("-", None),
    "dashboard-plans": Route("-", None),
    "dashboard-schools": Route("-", None),
    "dashboard-executions": Route("-", None),
    "calendar": Route("-", None),
    "calendar-list": Route("-", None),
    "plan-publish": Route("plan", keeper),
    "plan-unpublish": Route("plan", keeper),
    "public-plan": Route("publication", None),
    "evidence-rules": Route("-", None),
    "evidence-rule-edit": Route("activity_type", fixed("alice")),
    "evidence-rule-reset": Route("activity_type", fixed("alice")),
    "results_list": Route("-", None),
    "results_upload": Route("-", fixed("alice", "anna")),
    "results_template": Route("template", None),
    "school_results": Route("school", None),
    "school_risks": Route("school", school_risks),
    "municipality_results": Route("municipality", None),
    "region_runs": Route("region", fixed("alice", "anna")),
    "region_effect": Route("region", None),
    "municipality_effect": Route("municipality", None),
    "school_effect": Route("school", None),
    "identification_run": Route("run", None),
    "identification_approve": Route("run", fixed("alice")),
    "identification_pair": Route("run", fixed("alice")),
    "import-upload": Route("-", fixed("alice", "bob", "mike", "sam", "tom")),
    "import-territories": Route("-", None),  # the upload form's suggestions, read only
    "notifications": Route("-", None),
    "notifications-read": Route("-", viewer),
    "notifications-count": Route("-", None),
    "notifications-deleted": Route("-", None),
    "notifications-restore": Route("deletion", fixed("alice", "bob")),  # region; author, keeper
    "export-start": Route("region", fixed("alice", "anna")),
    "export-job": Route("export_job", None),
    "export-download": Route("export_job", None),
    "export-results-analysis-municipality": Route("municipality", None),
    "export-results-analysis-school": Route("school", None),
    "model-description": Route("municipality", fixed("bob", "mike")),
    "collection": Route("region", None),
    "reporting-calendar": Route("-", None),
    "duty-new": Route("-", fixed("alice")),
    "duty": Route("duty", None),
    "duty-hand-in": Route("duty", fixed("bob", "mike")),
    "submission-download": Route("submission", None),
}
# Covered by their own tests: a login form, and an import's pending token that only its
# uploader holds (tests/test_import_web.py).
SKIPPED = {
    "login",
    "logout",
    "import-preview",
    "import-confirm",
    "import-cancel",
    "import-report-confirm",  # tests/test_report_rows.py
}


def url_names() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any]) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) == "admin":
                    continue
                yield from walk(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name, pattern

    yield from walk(get_resolver().url_patterns)


STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=STORAGE)
class AccessMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.users = {name: getattr(cls, name) for name in PERSONAS}
        other = Region.objects.create(name="Северная область", code="98")
        other_ministry = Organisation.objects.create(
            kind=Organisation.Kind.MINISTRY, name="Министерство", short_name="МО", region=other
        )
        other_plan = make_plan(Plan.Kind.REGIONAL_PLAN, "Чужой план", other_ministry, cls.year)
        make_user("olga", Role.REGIONAL_COORDINATOR, region=other)
        plans = {
            "region_plan": cls.regional_plan,
            "forest_plan": cls.forest_roadmap,
            "seaside_plan": cls.seaside_roadmap,
            "school4_plan": cls.programme4,
            "school12_plan": cls.programme12,
            "other_plan": other_plan,
        }
        activities = {
            "region_plan": make_activity(cls.regional_plan, "1.", "Совещание", "сентябрь"),
            "forest_plan": cls.forest_activity,
            "seaside_plan": cls.seaside_activity,
            "school4_plan": cls.programme4_activity,
            "school12_plan": cls.programme12_activity,
            "other_plan": make_activity(other_plan, "1.", "Семинар", "октябрь"),
        }
        cls.objects: dict[str, dict[str, Any]] = {
            "plan": plans,
            "activity": activities,
            "section": {
                key: Section.objects.create(plan=plan, number="1.", title="Раздел")
                for key, plan in plans.items()
            },
            "execution": {},
            "document": {},
            "indicator": {
                key: Indicator.objects.create(plan=plan, name="Доля учителей")
                for key, plan in plans.items()
            },
        }
        for key, activity in activities.items():
            execution, document = make_evidence(activity, f"{key}-1")
            document.file.save("prikaz.pdf", ContentFile(PDF), save=True)
            cls.objects["execution"][key] = execution
            cls.objects["document"][key] = document
        cls.objects["municipality"] = {"forest": cls.forest, "seaside": cls.seaside}
        cls.objects["school"] = {"school4": cls.school4, "school12": cls.school12}
        cls.objects["region"] = {"region": cls.region, "other_region": other}
        run = IdentificationRun.objects.create(
            region=cls.region, academic_year=cls.year, settings={}
        )
        cls.objects["run"] = {"run": run}
        doomed, _ = make_evidence(cls.forest_activity, "к удалению")
        execution_services.execution_delete(actor=cls.bob, execution=doomed)
        event = AuditEvent.objects.filter(action="execution.delete").latest("pk")
        cls.objects["deletion"] = {"forest_deletion": event}
        approved = make_plan(
            Plan.Kind.ROADMAP,
            "Дорожная карта Лесного района, утверждённая",
            cls.forest_authority,
            cls.year,
            municipality=cls.forest,
            state=Plan.State.APPROVED,
        )
        cls.objects["publication"] = {
            "published": Publication.objects.create(
                plan=approved, slug="lesnoy-2018", is_published=True
            ),
            "unpublished": Publication.objects.create(plan=cls.seaside_roadmap, slug="primorsk"),
        }
        job = ExportJob.objects.create(
            kind=ExportJob.Kind.REGION_REPORT, region=cls.region, academic_year=cls.year
        )
        job.file.save("region.xlsx", ContentFile(b"PK"), save=False)
        job.state, job.file_name = ExportJob.State.DONE, "region.xlsx"
        job.save()
        cls.objects["export_job"] = {"region_job": job}
        duty = ReportingDuty.objects.create(
            region=cls.region,
            academic_year=cls.year,
            title="Муниципальная дорожная карта",
            due_date=dt.date(2018, 10, 19),
            owed_by=ReportingDuty.Owers.MUNICIPALITIES,
        )
        submission = Submission(duty=duty, municipality=cls.forest, original_name="карта.pdf")
        submission.file.save("karta.pdf", ContentFile(PDF), save=False)
        submission.save()
        cls.objects["duty"] = {"region_duty": duty}
        cls.objects["submission"] = {"forest_submission": submission}
        cls.objects["activity_type"] = {"-": ActivityType.values[0]}
        cls.objects["template"] = {"-": "results"}
        cls.objects["-"] = {"-": None}

    def urls(self, name: str, pattern: URLPattern) -> Iterator[tuple[str, str]]:
        """Fill the pattern with each object of its kind: (territory key, url)."""
        route = ROUTES[name]
        extra: dict[str, Any] = {}
        regex = getattr(pattern.pattern, "regex", None)
        converters = dict(pattern.pattern.converters) or dict.fromkeys(regex.groupindex)
        fixed_values = {
            "step": "submit",
            "direction": "down",
            "start_year": self.year.start_year,
            "fmt": "docx",  # a format every export URL takes
        }
        extra.update({k: v for k, v in fixed_values.items() if k in converters})
        for key, obj in self.objects[route.param].items():
            kwargs = dict(extra)
            for param in converters:
                if param in extra:
                    continue
                if route.param == "publication":
                    kwargs[param] = obj.slug
                elif route.param in ("activity_type", "template"):
                    kwargs[param] = obj
                else:
                    kwargs[param] = obj.pk
            yield key, reverse(name, kwargs=kwargs)

    def request(self, method: str, url: str) -> int:
        with transaction.atomic():
            response = getattr(self.client, method)(url, {} if method == "post" else None)
            transaction.set_rollback(True)
        return response.status_code

    def test_it_has_a_rule_for_every_url(self) -> None:
        names = {name for name, _ in url_names()}
        self.assertEqual(names - SKIPPED - set(ROUTES), set(), "add these to ROUTES")
        self.assertEqual(set(ROUTES) - names, set(), "these pages are gone")

    def test_it_answers_every_persona_as_the_table_says(self) -> None:
        for username in PERSONAS:
            user = self.users[username]
            self.client.force_login(user)
            for name, pattern in url_names():
                if name in SKIPPED:
                    continue
                route = ROUTES[name]
                for key, url in self.urls(name, pattern):
                    self.check_one(user, route, key, url)

    def check_one(self, user: User, route: Route, key: str, url: str) -> None:
        sees = user.username in SEES[key]
        may_write = route.writers is not None and user.username in route.writers(key)
        get = self.request("get", url)
        before = AuditEvent.objects.count()
        post = self.request("post", url)
        written = AuditEvent.objects.count() != before
        with self.subTest(user=user.username, url=url):
            self.assertNotEqual(get, 500)
            self.assertNotEqual(post, 500)
            if not sees:
                self.assertIn(get, (404, 405), "GET of an unseen object")
                self.assertIn(post, (404, 405), "POST to an unseen object")
            else:
                self.assertNotIn(get, (404,), "GET of a visible object")
            if not may_write:
                self.assertIn(post, (400, 403, 404, 405), "POST by who may not write")
                self.assertFalse(written, "a refused POST wrote an audit row")
            else:
                self.assertNotIn(post, (404,), "POST by an allowed writer")

    def test_it_answers_anonymous_visitors_with_the_login_page_or_404(self) -> None:
        for name, pattern in url_names():
            if name in SKIPPED:
                continue
            for key, url in self.urls(name, pattern):
                with self.subTest(url=url):
                    status = self.request("get", url)
                    if name == "public-plan":
                        self.assertEqual(status, 200 if key == "published" else 404)
                    else:
                        self.assertIn(status, (302, 405))
