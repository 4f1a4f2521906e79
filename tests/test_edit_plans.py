"""Editing plans: creating one, its passport, sections, activities, order, numbers, roll-over."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from unittest import mock

from django.http import HttpResponse
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.indicators.models import Indicator, IndicatorValue
from orientir.indicators.rollover import plan_roll_over
from orientir.plans import services
from orientir.plans.models import Activity, Plan, Section
from orientir.registry.models import AcademicYear
from tests.base import PASSWORD, BaseTestCase, make_activity


class EditTestCase(BaseTestCase):
    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def post(self, username: str, name: str, args: list[Any], data: dict[str, Any]) -> HttpResponse:
        self.login(username)
        return self.client.post(reverse(name, args=args), data)

    def activity_data(self, **extra: Any) -> dict[str, Any]:
        return {
            "section": "",
            "academic_year": self.year.pk,
            "number": "",
            "title": "Консультации для учителей математики",
            "deadline_text": "Ноябрь 2018 – май 2019",
            "responsible_text": "",
            "audience": "учителя математики",
            "planned_result": "",
            "execution_mark": "",
            **extra,
        }


class PlanCreateTestCase(EditTestCase):
    def data(self, **extra: Any) -> dict[str, Any]:
        return {
            "kind": "roadmap",
            "title": "Дорожная карта на 2018/2019 учебный год",
            "first_year": self.year.pk,
            "last_year": self.year.pk,
            "parent": self.regional_plan.pk,
            **extra,
        }

    def test_it_creates_a_road_map_in_the_coordinators_own_municipality(self) -> None:
        response = self.post("bob", "plan-new", [], self.data())
        plan = Plan.objects.get(title="Дорожная карта на 2018/2019 учебный год")
        self.assertRedirects(response, reverse("plan", args=[plan.pk]))
        self.assertEqual(plan.municipality, self.forest)
        self.assertEqual(plan.owner, self.forest_authority)
        self.assertEqual(plan.parent, self.regional_plan)
        self.assertEqual(plan.state, Plan.State.DRAFT)
        self.assertTrue(AuditEvent.objects.filter(action="plan.create", plan_ref=plan.pk).exists())

    def test_it_creates_a_school_programme_for_the_managers_school(self) -> None:
        data = self.data(kind="school_programme", title="Программа", parent=self.forest_roadmap.pk)
        self.post("sam", "plan-new", [], data)
        plan = Plan.objects.get(title="Программа")
        self.assertEqual((plan.school, plan.municipality), (self.school4, self.forest))

    def test_it_refuses_a_kind_the_role_does_not_keep(self) -> None:
        response = self.post("bob", "plan-new", [], self.data(kind="regional_plan"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Выберите корректный вариант", status_code=400)

    def test_it_refuses_a_curator(self) -> None:
        self.assertEqual(self.post("carl", "plan-new", [], self.data()).status_code, 403)

    def test_it_refuses_years_in_the_wrong_order(self) -> None:
        earlier = AcademicYear.objects.create(start_year=2017)
        response = self.post("bob", "plan-new", [], self.data(last_year=earlier.pk))
        self.assertContains(response, "не может быть раньше первого", status_code=400)
        self.assertFalse(Plan.objects.filter(title__startswith="Дорожная карта на").exists())

    def test_it_shows_the_form_and_refuses_other_methods(self) -> None:
        self.login("bob")
        self.assertContains(self.client.get(reverse("plan-new")), "Новый план")
        self.assertEqual(self.client.put(reverse("plan-new")).status_code, 405)


class PlanPassportTestCase(EditTestCase):
    def data(self, **extra: Any) -> dict[str, Any]:
        return {
            "title": "Дорожная карта Лесного района",
            "first_year": self.year.pk,
            "last_year": self.year.pk,
            "parent": "",
            "approval_text": "",
            "goal": "Повысить качество образования в ШНОР",
            "version": 1,
            **extra,
        }

    def test_it_saves_the_passport_with_before_and_after_in_the_audit(self) -> None:
        response = self.post("bob", "plan-edit", [self.forest_roadmap.pk], self.data())
        self.assertRedirects(response, reverse("plan", args=[self.forest_roadmap.pk]))
        self.forest_roadmap.refresh_from_db()
        self.assertEqual(self.forest_roadmap.goal, "Повысить качество образования в ШНОР")
        event = AuditEvent.objects.get(action="plan.update")
        self.assertEqual(event.changes, {"goal": ["", "Повысить качество образования в ШНОР"]})

    def test_it_hides_another_municipalitys_plan(self) -> None:
        self.assertEqual(
            self.post("mike", "plan-edit", [self.forest_roadmap.pk], {}).status_code, 404
        )

    def test_it_refuses_a_school_that_only_sees_the_road_map(self) -> None:
        self.assertEqual(
            self.post("sam", "plan-edit", [self.forest_roadmap.pk], {}).status_code, 403
        )

    def test_it_refuses_changes_to_a_submitted_plan(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.SUBMITTED)
        response = self.post("bob", "plan-edit", [self.forest_roadmap.pk], self.data())
        self.assertEqual(response.status_code, 403)

    def test_it_refuses_an_empty_title_in_russian(self) -> None:
        response = self.post("bob", "plan-edit", [self.forest_roadmap.pk], self.data(title=""))
        self.assertContains(response, "Обязательное поле", status_code=400)


class SectionTestCase(EditTestCase):
    def test_it_adds_a_section_at_the_end(self) -> None:
        data = {"number": "2.", "title": "Методическая поддержка", "parent": ""}
        self.post("bob", "section-new", [self.forest_roadmap.pk], data)
        section = Section.objects.get(title="Методическая поддержка")
        self.assertEqual(section.position, 1)

    def test_it_refuses_to_delete_a_section_with_activities(self) -> None:
        section = self.forest_activity.section
        response = self.post("bob", "section-delete", [section.pk], {})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Section.objects.filter(pk=section.pk).exists())

    def test_it_deletes_an_empty_section(self) -> None:
        section = Section.objects.create(plan=self.forest_roadmap, title="Пустой", position=5)
        self.post("bob", "section-delete", [section.pk], {})
        self.assertFalse(Section.objects.filter(pk=section.pk).exists())

    def test_it_moves_a_section_up(self) -> None:
        second = Section.objects.create(plan=self.forest_roadmap, title="Второй", position=5)
        self.post("bob", "section-move", [second.pk, "up"], {})
        order = list(
            self.forest_roadmap.sections.order_by("position").values_list("title", flat=True)
        )
        self.assertEqual(order, ["Второй", "Организационные мероприятия"])

    def test_it_refuses_another_territory_and_a_get(self) -> None:
        section = self.forest_activity.section
        self.assertEqual(self.post("mike", "section-delete", [section.pk], {}).status_code, 404)
        self.login("bob")
        self.assertEqual(
            self.client.get(reverse("section-delete", args=[section.pk])).status_code, 405
        )

    def test_it_re_renders_an_invalid_section_form(self) -> None:
        response = self.post("bob", "section-new", [self.forest_roadmap.pk], {"title": ""})
        self.assertContains(response, "Обязательное поле", status_code=400)


class ActivityEditTestCase(EditTestCase):
    def test_it_adds_an_activity_with_a_parsed_deadline_and_the_registry(self) -> None:
        data = self.activity_data(
            section=self.forest_activity.section_id,
            responsible_organisations=[self.forest_authority.pk, self.school6.pk],
            responsible_text="Руководители ШНОР",
            implements="",
        )
        response = self.post("bob", "activity-new", [self.forest_roadmap.pk], data)
        activity = Activity.objects.get(title="Консультации для учителей математики")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(activity.deadline_text, "Ноябрь 2018 – май 2019")
        self.assertEqual(activity.deadline_start, dt.date(2018, 11, 1))
        self.assertEqual(activity.deadline_end, dt.date(2019, 5, 31))
        self.assertEqual(
            set(activity.responsible_organisations.all()), {self.forest_authority, self.school6}
        )
        self.assertEqual(activity.responsible_text, "Руководители ШНОР")

    def test_it_offers_only_the_territorys_organisations(self) -> None:
        self.login("bob")
        response = self.client.get(reverse("activity-new", args=[self.forest_roadmap.pk]))
        self.assertContains(response, "МБОУ СОШ № 6")
        self.assertNotContains(response, "МБОУ СОШ № 12")
        data = self.activity_data(responsible_organisations=[self.school12.pk])
        response = self.client.post(reverse("activity-new", args=[self.forest_roadmap.pk]), data)
        self.assertEqual(response.status_code, 400)

    def test_it_links_an_activity_to_the_parent_plans_activity(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(parent=self.regional_plan)
        upper = make_activity(self.regional_plan, "2.1.", "Региональный семинар", "октябрь")
        data = self.activity_data(implements=upper.pk)
        self.post("bob", "activity-new", [self.forest_roadmap.pk], data)
        self.assertEqual(Activity.objects.get(title=data["title"]).implements, upper)

    def test_it_keeps_the_old_deadline_text_in_the_audit_when_edited(self) -> None:
        data = self.activity_data(
            title=self.forest_activity.title,
            number="1.1.",
            section=self.forest_activity.section_id,
            deadline_text="до 1 ноября",
            version=1,
        )
        self.post("bob", "activity-edit", [self.forest_activity.pk], data)
        self.forest_activity.refresh_from_db()
        self.assertEqual(self.forest_activity.deadline_end, dt.date(2018, 11, 1))
        event = AuditEvent.objects.get(action="activity.update")
        self.assertEqual(event.changes["deadline_text"], ["Сентябрь 2018 года", "до 1 ноября"])

    def test_it_refuses_to_delete_an_activity_with_executions(self) -> None:
        self.post("bob", "activity-delete", [self.forest_activity.pk], {})
        self.assertTrue(Activity.objects.filter(pk=self.forest_activity.pk).exists())

    def test_it_deletes_an_activity_without_executions(self) -> None:
        activity = make_activity(self.forest_roadmap, "1.2.", "Лишнее", "октябрь")
        self.post("bob", "activity-delete", [activity.pk], {})
        self.assertFalse(Activity.objects.filter(pk=activity.pk).exists())
        self.assertTrue(
            AuditEvent.objects.filter(action="activity.delete", activity_ref=activity.pk).exists()
        )

    def test_it_moves_an_activity_down_within_its_section(self) -> None:
        second = make_activity(self.forest_roadmap, "1.2.", "Второе", "октябрь")
        self.post("bob", "activity-move", [self.forest_activity.pk, "down"], {})
        order = list(
            self.forest_roadmap.activities.order_by("position").values_list("pk", flat=True)
        )
        self.assertEqual(order, [second.pk, self.forest_activity.pk])

    def test_it_renumbers_sections_and_activities_in_reading_order(self) -> None:
        second = make_activity(self.forest_roadmap, "7.", "Второе", "октябрь")
        Section.objects.filter(plan=self.forest_roadmap).update(number="3.")
        self.post("bob", "plan-renumber", [self.forest_roadmap.pk], {})
        second.refresh_from_db()
        self.forest_activity.refresh_from_db()
        self.assertEqual((self.forest_activity.number, second.number), ("1.1.", "1.2."))
        self.assertEqual(self.forest_activity.section.number, "1.")

    def test_it_hides_another_municipalitys_activity_and_refuses_the_school(self) -> None:
        self.assertEqual(
            self.post("mike", "activity-edit", [self.forest_activity.pk], {}).status_code, 404
        )
        self.assertEqual(
            self.post("sam", "activity-edit", [self.forest_activity.pk], {}).status_code, 403
        )

    def test_it_refuses_an_activity_without_a_title(self) -> None:
        response = self.post(
            "bob", "activity-new", [self.forest_roadmap.pk], self.activity_data(title="")
        )
        self.assertContains(response, "Обязательное поле", status_code=400)

    def test_it_refuses_a_move_by_get(self) -> None:
        self.login("bob")
        url = reverse("activity-move", args=[self.forest_activity.pk, "up"])
        self.assertEqual(self.client.get(url).status_code, 405)


class DeadlinePreviewTestCase(EditTestCase):
    def preview(self, username: str, text: str, plan: Plan | None = None) -> HttpResponse:
        self.login(username)
        url = reverse("deadline-preview", args=[(plan or self.forest_roadmap).pk])
        return self.client.get(url, {"deadline_text": text, "academic_year": self.year.pk})

    def test_it_says_how_a_deadline_is_understood(self) -> None:
        self.assertContains(self.preview("bob", "Ноябрь 2018 – май 2019"), "01.11.2018")

    def test_it_warns_that_an_unparsed_deadline_stays_event_driven(self) -> None:
        self.assertContains(self.preview("bob", "По отдельному графику"), "по событию")

    def test_it_hides_another_municipalitys_plan(self) -> None:
        self.assertEqual(self.preview("mike", "октябрь").status_code, 404)

    def test_it_refuses_a_post(self) -> None:
        self.login("bob")
        url = reverse("deadline-preview", args=[self.forest_roadmap.pk])
        self.assertEqual(self.client.post(url).status_code, 405)


class RollOverTestCase(EditTestCase):
    def test_it_copies_the_plan_to_the_next_year_with_deadlines_moved(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            state=Plan.State.APPROVED, title="Дорожная карта на 2018/2019 учебный год"
        )
        undated = make_activity(self.forest_roadmap, "1.2.", "Совещание", "до 1 ноября")
        response = self.post("bob", "plan-roll-over", [self.forest_roadmap.pk], {})
        copy = Plan.objects.get(title="Дорожная карта на 2019/2020 учебный год")
        self.assertRedirects(
            response, reverse("plan", args=[copy.pk]), fetch_redirect_response=False
        )
        self.assertEqual((copy.state, copy.first_year.start_year), (Plan.State.DRAFT, 2019))
        moved = copy.activities.get(title="Совещание")
        self.assertEqual(moved.deadline_text, undated.deadline_text)
        self.assertEqual(moved.deadline_end, dt.date(2019, 11, 1))
        self.assertEqual(copy.activities.count(), 2)
        self.assertFalse(copy.activities.filter(executions__isnull=False).exists())

    def test_it_carries_indicators_with_the_planned_values_of_the_new_years(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            last_year=AcademicYear.objects.create(start_year=2019)
        )
        self.forest_roadmap.refresh_from_db()
        indicator = Indicator.objects.create(
            plan=self.forest_roadmap,
            group=Indicator.Group.OTHER,
            name="Доля выпускников, не получивших аттестат",
            unit="%",
        )
        for year, planned, actual in ((2018, "4.1", "4.6"), (2019, "3.5", None)):
            IndicatorValue.objects.create(
                indicator=indicator,
                academic_year=AcademicYear.objects.get(start_year=year),
                planned=Decimal(planned),
                actual=Decimal(actual) if actual else None,
            )
        copy = plan_roll_over(actor=self.bob, plan=self.forest_roadmap).plan
        [carried] = copy.indicators.all()
        self.assertEqual(carried.name, "Доля выпускников, не получивших аттестат")
        values = {v.academic_year.start_year: (v.planned, v.actual) for v in carried.values.all()}
        # 2019/2020 keeps its planned 3.5; 2020/2021 was never planned; no fact comes along.
        self.assertEqual(values, {2019: (Decimal("3.500"), None)})
        self.assertEqual(indicator.values.count(), 2)

    def test_it_warns_of_deadlines_that_name_their_own_year(self) -> None:
        response = self.post("bob", "plan-roll-over", [self.forest_roadmap.pk], {})
        copy = Plan.objects.exclude(pk=self.forest_roadmap.pk).get(
            municipality=self.forest, kind="roadmap"
        )
        page = self.client.get(reverse("plan", args=[copy.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertContains(page, "Сроки с указанным годом остались прежними")

    def test_it_refuses_another_territory(self) -> None:
        self.assertEqual(
            self.post("mike", "plan-roll-over", [self.forest_roadmap.pk], {}).status_code, 404
        )

    def test_it_leaves_nothing_behind_when_it_fails_midway(self) -> None:
        plans, activities = Plan.objects.count(), Activity.objects.count()
        failing = mock.patch("orientir.plans.annual.record", side_effect=RuntimeError("сбой"))
        with failing, self.assertRaises(RuntimeError):
            plan_roll_over(actor=self.bob, plan=self.forest_roadmap)
        self.assertEqual((Plan.objects.count(), Activity.objects.count()), (plans, activities))


class AtomicityTestCase(EditTestCase):
    def test_it_leaves_no_activity_when_the_audit_fails(self) -> None:
        before = Activity.objects.count()
        failing = mock.patch("orientir.plans.services.record", side_effect=RuntimeError("сбой"))
        with failing, self.assertRaises(RuntimeError):
            services.activity_create(
                actor=self.bob,
                plan=self.forest_roadmap,
                values={
                    "title": "Не сохранится",
                    "academic_year": self.year,
                    "deadline_text": "октябрь",
                    "responsible_organisations": [self.school4],
                },
            )
        self.assertEqual(Activity.objects.count(), before)


class FormPagesTestCase(EditTestCase):
    def test_it_shows_every_editing_form_in_russian(self) -> None:
        self.login("bob")
        section = self.forest_activity.section
        pages = [
            (reverse("plan-edit", args=[self.forest_roadmap.pk]), "Паспорт плана"),
            (reverse("section-new", args=[self.forest_roadmap.pk]), "Новый раздел"),
            (reverse("section-edit", args=[section.pk]), "Входит в раздел"),
            (reverse("activity-new", args=[self.forest_roadmap.pk]), "Новое мероприятие"),
            (reverse("activity-edit", args=[self.forest_activity.pk]), "Сроки"),
            (reverse("activity-status", args=[self.forest_activity.pk]), "Причина"),
            (reverse("execution-new", args=[self.forest_activity.pk]), "Подтверждающий документ"),
            (reverse("execution-edit", args=[self.forest_execution.pk]), "Дата проведения"),
            (reverse("document-new", args=[self.forest_execution.pk]), "Ссылка (если файла нет)"),
        ]
        for url, text in pages:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), text)

    def test_it_shows_the_editing_tools_only_to_the_owner(self) -> None:
        url = reverse("plan", args=[self.forest_roadmap.pk])
        self.login("bob")
        self.assertContains(self.client.get(url), "Добавить мероприятие")
        self.login("carl")
        page = self.client.get(url)
        self.assertNotContains(page, "Добавить мероприятие")
        self.assertContains(page, "Новый комментарий")


class SectionCycleTestCase(EditTestCase):
    def test_it_refuses_a_section_inside_its_own_subsection(self) -> None:
        top = self.forest_activity.section
        child = Section.objects.create(plan=self.forest_roadmap, title="Подраздел", parent=top)
        data = {"number": "1.", "title": top.title, "parent": child.pk, "version": 1}
        response = self.post("bob", "section-edit", [top.pk], data)
        self.assertContains(response, "не может входить сам в себя", status_code=400)
