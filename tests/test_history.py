"""History: who changed what and when, before and after, on the object's own page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from orientir.audit.history import history_for
from orientir.execution import services as execution_services
from orientir.plans import services
from tests.base import PASSWORD, BaseTestCase


class HistoryTestCase(BaseTestCase):
    def test_it_shows_an_activitys_changes_with_before_and_after(self) -> None:
        services.activity_update(
            actor=self.bob, activity=self.forest_activity, values={"deadline_text": "до 1 ноября"}
        )
        self.client.login(username="bob", password=PASSWORD)
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertContains(page, "История изменений")
        self.assertContains(page, "Мероприятие: изменение")
        self.assertContains(page, "Сентябрь 2018 года")
        self.assertContains(page, "→ до 1 ноября")
        self.assertContains(page, "Bob")

    def test_it_puts_executions_and_documents_into_the_activitys_history(self) -> None:
        execution = execution_services.execution_create(
            actor=self.bob,
            activity=self.forest_activity,
            values={"date": dt.date(2018, 10, 2), "description": "Второй семинар"},
            document={"kind": "letter", "number": "15", "url": "https://example.org/letter"},
        )
        execution_services.execution_delete(actor=self.bob, execution=execution)
        labels = [row.label for row in history_for(self.forest_activity)]
        self.assertIn("Проведение: создание", labels)
        self.assertIn("Документ: создание", labels)
        self.assertIn("Проведение: удаление", labels)

    def test_it_shows_status_changes_in_russian(self) -> None:
        services.activity_set_status(
            actor=self.bob, activity=self.forest_activity, status="cancelled", reason="перенесено"
        )
        rows = history_for(self.forest_activity)
        shown = {(c.label, c.before, c.after) for c in rows[0].changes}
        self.assertIn(("статус", "запланировано", "отменено"), shown)

    def test_it_shows_a_plans_changes_and_review_on_the_plan_page(self) -> None:
        services.section_create(
            actor=self.bob, plan=self.forest_roadmap, values={"title": "Новый раздел"}
        )
        self.client.login(username="bob", password=PASSWORD)
        self.client.post(reverse("plan-review", args=[self.forest_roadmap.pk, "submit"]))
        page = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(page, "Раздел: создание")
        self.assertContains(page, "План: отправлен на согласование")
        self.assertContains(page, "на согласовании")

    def test_it_keeps_another_municipalitys_history_out_of_reach(self) -> None:
        services.activity_update(
            actor=self.bob, activity=self.forest_activity, values={"audience": "секретно"}
        )
        self.client.login(username="mike", password=PASSWORD)
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertEqual(page.status_code, 404)
        own = self.client.get(reverse("activity", args=[self.seaside_activity.pk]))
        self.assertNotContains(own, "секретно")

    def test_it_pages_a_long_history_newest_first(self) -> None:
        for n in range(1, 26):
            services.activity_update(
                actor=self.bob, activity=self.forest_activity, values={"audience": f"поток {n}"}
            )
        total = len(history_for(self.forest_roadmap))
        self.assertEqual(total, 25)
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("plan", args=[self.forest_roadmap.pk])
        first = self.client.get(url + "?status=planned").content.decode()
        self.assertIn(f"Показать {total} записей", first)
        self.assertIn(f"Записи 1–20 из {total}", first)
        self.assertIn("→ поток 25", first)
        self.assertNotIn("→ поток 5<", first)  # the fifth change is on the second page
        self.assertIn('href="?status=planned&amp;history=2#history" rel="next">Более ранние', first)
        self.assertNotIn('<details class="history" open>', first)
        second = self.client.get(url + "?status=planned&history=2").content.decode()
        self.assertIn("→ поток 5<", second)
        self.assertNotIn("→ поток 25", second)
        self.assertIn(f"Записи 21–{total} из {total}", second)
        self.assertIn('<details class="history" open>', second)  # opened where the pager leads
        self.assertIn(
            'href="?status=planned&amp;history=1#history" rel="prev">← Более новые', second
        )

    def test_it_pages_an_activitys_history_too(self) -> None:
        for n in range(1, 23):
            services.activity_update(
                actor=self.bob, activity=self.forest_activity, values={"audience": f"поток {n}"}
            )
        self.client.login(username="bob", password=PASSWORD)
        url = reverse("activity", args=[self.forest_activity.pk])
        total = len(history_for(self.forest_activity))
        self.assertContains(self.client.get(url), f"Записи 1–20 из {total}")
        self.assertContains(self.client.get(url + "?history=2"), "→ поток 1<")
