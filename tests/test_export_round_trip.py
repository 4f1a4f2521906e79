"""A road map exported to .docx and imported again is the same road map (issue 11, item 4).

Over the demo's road maps: the export is imported by `orientir import`'s service into a
municipality of its own, and the new plan has the same sections, activities (numbers,
titles, deadlines as written and their kind, responsible, planned results) and indicators.

The parsed dates are not compared: the demo's road maps span three years with this year's
activities, and the import gives every activity of a document the plan's first year.
"""

from __future__ import annotations

import io
import shutil
import tempfile

from django.core.management import call_command
from django.test import TestCase, override_settings

from orientir.imports.parsing import parse_upload
from orientir.imports.services import file_hash, plan_import
from orientir.imports.understanding.glossary import Glossary
from orientir.imports.understanding.responsible import split_responsible
from orientir.plans.models import Plan
from orientir.registry.models import Municipality, Organisation
from orientir.reports.plan_selectors import PLAN_RELATIONS, plan_document
from orientir.reports.word import plan_docx


def sections(plan: Plan) -> list[tuple[str, str]]:
    return list(plan.sections.order_by("position").values_list("number", "title"))


def activities(plan: Plan, *, as_read: bool = False) -> list[tuple[object, ...]]:
    """The activities; `as_read` splits «ответственные» into entries, as any import does."""
    rows = list(
        plan.activities.order_by("position").values_list(
            "number",
            "section__number",
            "title",
            "deadline_text",
            "deadline_kind",
            "responsible_text",
            "planned_result",
        )
    )
    if not as_read:
        return rows
    return [
        (*row[:5], "\n".join(split_responsible(str(row[5]), Glossary())), row[6]) for row in rows
    ]


def indicators(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (i.group, i.name, i.unit, [(v.academic_year.name, v.planned) for v in i.values.all()])
        for i in plan.indicators.order_by("position").prefetch_related("values__academic_year")
    ]


MEDIA_ROOT = tempfile.mkdtemp(prefix="orientir-test-round-trip-")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", "--reset", "--today", "2026-11-23", stdout=io.StringIO())
        cls.roadmaps = list(
            Plan.objects.filter(kind=Plan.Kind.ROADMAP).select_related(*PLAN_RELATIONS)
        )

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def reimport(self, plan: Plan) -> Plan:
        data = plan_docx(plan_document(plan))
        parsed = parse_upload(data, "roadmap.docx")
        place = Municipality.objects.create(region=plan.region, name=f"Проверка {plan.pk}")
        Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
            name=f"УО проверки {plan.pk}",
            short_name="УО",
            region=plan.region,
            municipality=place,
        )
        result = plan_import(
            parsed=parsed,
            actor=None,
            region=plan.region,
            municipality=place,
            file_name="roadmap.docx",
            digest=file_hash(data),
        )
        return result.plan

    def test_it_gives_back_the_same_road_maps(self) -> None:
        self.assertGreaterEqual(len(self.roadmaps), 3)
        for plan in self.roadmaps:
            with self.subTest(plan=plan.title):
                again = self.reimport(plan)
                self.assertEqual(again.kind, Plan.Kind.ROADMAP)
                self.assertEqual(
                    (again.first_year.start_year, again.last_year.start_year),
                    (plan.first_year.start_year, plan.last_year.start_year),
                )
                self.assertEqual(sections(again), sections(plan))
                self.assertEqual(activities(again), activities(plan, as_read=True))
                self.assertEqual(indicators(again), indicators(plan))
                for name in ("problem", "goal", "working_group", "developer"):
                    self.assertEqual(getattr(again, name), getattr(plan, name), name)
