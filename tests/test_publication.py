"""Publishing an approved plan on its public page, and what that page never shows."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from orientir.audit.models import AuditEvent
from orientir.execution.models import Document
from orientir.plans.models import Activity, Plan
from orientir.publication.models import Publication
from orientir.publication.templatetags.public import without_contacts
from orientir.registry.models import Person
from tests.base import PASSWORD, BaseTestCase, make_evidence


class PublicationTestCase(BaseTestCase):
    def setUp(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.APPROVED)

    def publish(self, username: str, plan: Plan | None = None, step: str = "plan-publish"):
        self.client.login(username=username, password=PASSWORD)
        return self.client.post(reverse(step, args=[(plan or self.forest_roadmap).pk]))

    def public_url(self, plan: Plan | None = None) -> str:
        publication = Publication.objects.get(plan=plan or self.forest_roadmap)
        return reverse("public-plan", args=[publication.slug])

    def test_it_lets_an_anonymous_visitor_read_a_published_plan(self) -> None:
        self.assertRedirects(
            self.publish("bob"), reverse("plan", args=[self.forest_roadmap.pk]) + "#publication"
        )
        url = self.public_url()
        self.client.logout()
        response = self.client.get(url)
        self.assertContains(response, "<h1>Дорожная карта Лесного района</h1>", html=True)
        self.assertContains(response, "Организационные мероприятия")
        self.assertContains(response, "Муниципальный семинар по программам перехода")
        self.assertContains(response, "Сентябрь 2018 года")
        self.assertContains(response, "Семинар в актовом зале школы")
        self.assertContains(response, "Приказ № 237 от 03.09.2018")
        self.assertContains(response, "О проведении муниципального семинара")
        self.assertContains(response, "запланировано")

    def test_it_records_publishing_in_the_audit(self) -> None:
        self.publish("bob")
        event = AuditEvent.objects.get(action="plan.publish")
        self.assertEqual(event.actor, self.bob)
        self.assertEqual(event.plan_ref, self.forest_roadmap.pk)
        self.assertEqual(event.changes["адрес"], self.public_url())

    def test_it_gives_a_stable_address_that_does_not_count_ids(self) -> None:
        self.publish("bob")
        url = self.public_url()
        self.assertTrue(url.startswith("/p/99-"))
        self.assertNotIn(f"-{self.forest_roadmap.pk}/", url)
        self.publish("bob", step="plan-unpublish")
        self.publish("bob")
        self.forest_roadmap.refresh_from_db()
        self.forest_roadmap.title = "Дорожная карта Лесного района, новая редакция"
        self.forest_roadmap.save()
        self.assertEqual(self.public_url(), url)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_publishes_twice_without_a_second_record(self) -> None:
        self.publish("bob")
        self.publish("bob")
        self.assertEqual(AuditEvent.objects.filter(action="plan.publish").count(), 1)

    def test_it_hides_an_unpublished_plan(self) -> None:
        self.publish("bob")
        url = self.public_url()
        response = self.publish("bob", step="plan-unpublish")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="plan.unpublish").exists())
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_hides_a_published_plan_returned_for_rework(self) -> None:
        self.publish("bob")
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.RETURNED)
        self.client.logout()
        self.assertEqual(self.client.get(self.public_url()).status_code, 404)

    def test_it_has_no_page_for_an_unknown_address(self) -> None:
        self.assertEqual(self.client.get("/p/99-abcdefghjk/").status_code, 404)

    def test_it_refuses_to_publish_a_draft(self) -> None:
        self.client.login(username="mike", password=PASSWORD)
        url = reverse("plan-publish", args=[self.seaside_roadmap.pk])
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Опубликовать можно только утверждённый план")
        self.assertContains(response, "черновик")
        self.assertFalse(Publication.objects.filter(plan=self.seaside_roadmap).exists())
        self.assertFalse(AuditEvent.objects.filter(action="plan.publish").exists())

    def test_it_refuses_another_municipality(self) -> None:
        self.assertEqual(self.publish("mike").status_code, 404)
        self.assertFalse(Publication.objects.exists())

    def test_it_refuses_those_who_see_the_plan_but_do_not_keep_it(self) -> None:
        for username in ["carl", "sam", "alice"]:
            with self.subTest(username=username):
                self.assertEqual(self.publish(username).status_code, 403)
        self.assertFalse(Publication.objects.exists())

    def test_it_refuses_to_unpublish_for_someone_else(self) -> None:
        self.publish("bob")
        self.assertEqual(self.publish("mike", step="plan-unpublish").status_code, 404)
        self.assertEqual(self.publish("carl", step="plan-unpublish").status_code, 403)
        self.assertTrue(Publication.objects.get().is_published)

    def test_it_lets_the_regional_coordinator_publish_the_regional_plan(self) -> None:
        Plan.objects.filter(pk=self.regional_plan.pk).update(state=Plan.State.APPROVED)
        self.publish("alice", self.regional_plan)
        self.client.logout()
        self.assertEqual(self.client.get(self.public_url(self.regional_plan)).status_code, 200)

    def test_it_sends_an_anonymous_publisher_to_log_in(self) -> None:
        response = self.client.post(reverse("plan-publish", args=[self.forest_roadmap.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_it_allows_only_the_right_methods(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        for step in ["plan-publish", "plan-unpublish"]:
            url = reverse(step, args=[self.forest_roadmap.pk])
            self.assertEqual(self.client.get(url).status_code, 405)
        self.publish("bob")
        self.assertEqual(self.client.post(self.public_url()).status_code, 405)

    def test_it_shows_the_public_address_on_the_plan_page(self) -> None:
        self.publish("bob")
        response = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(response, self.public_url())
        self.assertContains(response, "Снять с публикации")

    def test_it_offers_publishing_only_for_an_approved_plan(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertContains(response, reverse("plan-publish", args=[self.forest_roadmap.pk]))
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(state=Plan.State.DRAFT)
        response = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertNotContains(response, reverse("plan-publish", args=[self.forest_roadmap.pk]))
        self.assertContains(response, "Опубликовать можно утверждённый план.")


class PublicPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            state=Plan.State.APPROVED,
            working_group="Мазурова Е.В., главный специалист, тел. 8 (8617) 64-37-21, "
            "mazurova@uo-les.ru",
        )
        self.person = Person.objects.create(
            full_name="Лукияник Сергей Николаевич",
            short_name="Лукияник С.Н.",
            position="директор лицея",
            email="lukiyanik@licey.example.ru",
            phone="+7 918 123-45-67",
        )
        self.forest_activity.responsible_people.add(self.person)
        self.client.login(username="bob", password=PASSWORD)
        self.client.post(reverse("plan-publish", args=[self.forest_roadmap.pk]))
        self.client.logout()
        slug = Publication.objects.get(plan=self.forest_roadmap).slug
        self.url = reverse("public-plan", args=[slug])

    def test_it_shows_names_and_positions_without_contacts(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Лукияник Сергей Николаевич, директор лицея")
        content = response.content.decode()
        for secret in ["lukiyanik@", "918 123", "123-45-67", "mazurova@", "64-37-21", "@"]:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, content)
        self.assertIn("Мазурова Е.В., главный специалист, тел. [скрыто]", content)

    @override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    def test_it_lists_documents_without_their_files(self) -> None:
        document = Document.objects.create(
            plan=self.forest_roadmap,
            execution=self.forest_execution,
            kind=Document.Kind.REGISTRATION_SHEET,
            title="Лист регистрации участников",
        )
        document.file.save("registration.pdf", ContentFile(b"%PDF-1.4 signatures"))
        content = self.client.get(self.url).content.decode()
        self.assertIn("Лист регистрации участников", content)
        self.assertNotIn("registration.pdf", content)
        self.assertNotIn(f"documents/{self.forest_roadmap.pk}/", content)
        self.assertNotIn(reverse("document-download", args=[document.pk]), content)
        self.assertNotIn("/media/", content)

    def test_it_shows_no_comments_or_history(self) -> None:
        self.client.login(username="carl", password=PASSWORD)
        self.client.post(
            reverse("plan-comment", args=[self.forest_roadmap.pk]),
            {"text": "Внутреннее замечание куратора"},
        )
        self.client.logout()
        content = self.client.get(self.url).content.decode()
        self.assertNotIn("Внутреннее замечание куратора", content)
        self.assertNotIn("История", content)

    def test_it_runs_the_same_number_of_queries_for_a_longer_plan(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tests.base import make_activity, make_evidence

        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        for n in range(10):
            activity = make_activity(self.forest_roadmap, f"2.{n}.", f"Совещание {n}", "май")
            activity.responsible_people.add(self.person)
            make_evidence(activity, str(500 + n))
        with self.assertNumQueries(len(queries)):
            self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_hides_contacts_in_every_free_text_field(self) -> None:
        secret_phone, secret_mail = "(86137) 2-15-46", "ivanov [at] mail [dot] ru"
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(
            title=f"Дорожная карта Лесного района, тел. {secret_phone}",
            approval_text=f"Утверждена приказом № 12, исп. Иванов, тел. 2-15-46, {secret_mail}",
        )
        section = self.forest_activity.section
        section.title = "Организационные мероприятия (ответственный: 7 918 1234567)"
        section.save()
        Activity.objects.filter(pk=self.forest_activity.pk).update(
            deadline_text="до 1 ноября, уточнять по тел. 8 (86137) 2-15-46",
            execution_mark="Внутренняя отметка об исполнении",
            audience="Внутренний список адресатов",
        )
        self.person.position = "директор лицея, ivanov(at)mail.ru"
        self.person.save()
        execution, document = make_evidence(self.forest_activity, "237 тел. 2-15-46")
        execution.date, execution.date_text = None, "сентябрь, тел./факс 2-15-46"
        execution.audience = "Иванова, ул. Ленина, д. 5, кв. 12"
        execution.save()
        document.issuer, document.text = "Секретарь, тел. 21546", "Внутренний текст документа"
        document.save()

        content = self.client.get(self.url).content.decode()

        for secret in ["2-15-46", "21546", "918", "1234567", "ivanov", "mail", "Ленина"]:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, content)
        for internal in ["Внутренняя отметка", "Внутренний список", "Внутренний текст"]:
            with self.subTest(internal=internal):
                self.assertNotIn(internal, content)
        self.assertIn("Дорожная карта Лесного района, тел. [скрыто]", content)
        self.assertIn("Приказ № 237 тел. [скрыто]", content)
        self.assertIn("Утверждена приказом № 12", content)


class PublicTemplatesTestCase(SimpleTestCase):
    """Every free-text field of a public page goes through the one scrubber."""

    # What a public template may print without it: dates, choices, ids, numbers of our own.
    NOT_FREE_TEXT = {
        "plan.get_kind_display",
        "plan.years_label",
        "page.publication.published_at",
        "label",
        "row.depth",
        "activity.pk",
        "execution.date",
        "document.get_kind_display",
        "document.date",
        "activity.status",
        "activity.get_status_display",
    }

    def test_it_scrubs_every_free_text_field_of_the_public_templates(self) -> None:
        import re
        from pathlib import Path

        import orientir.publication

        folder = Path(orientir.publication.__file__).parent / "templates"
        templates = sorted(folder.rglob("*.html"))
        self.assertTrue(templates)
        for template in templates:
            for expression in re.findall(r"{{\s*(.*?)\s*}}", template.read_text()):
                variable, *filters = [part.split(":")[0].strip() for part in expression.split("|")]
                with self.subTest(template=template.name, expression=expression):
                    self.assertTrue(
                        variable in self.NOT_FREE_TEXT or filters[:1] == ["without_contacts"],
                        f"{expression} is printed without |without_contacts",
                    )


class WithoutContactsTestCase(SimpleTestCase):
    def test_it_hides_e_mails_and_phones_but_not_dates_or_numbers(self) -> None:
        table = [
            ("пишите на info@school4.ru", "пишите на [скрыто]"),
            ("тел. +7 (861) 234-56-78", "тел. [скрыто]"),
            ("тел. 8 918 123 45 67.", "тел. [скрыто]."),
            ("тел. 8-86137-2-15-46", "тел. [скрыто]"),
            ("приказ от 26.09.2016 № 4537", "приказ от 26.09.2016 № 4537"),
            ("2018-2019 учебный год, 85 участников", "2018-2019 учебный год, 85 участников"),
            (None, ""),
        ]
        for text, expected in table:
            with self.subTest(text=text):
                self.assertEqual(without_contacts(text), expected)
