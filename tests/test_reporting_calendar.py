"""The reporting calendar (issue 11, item 7; seed 000, «Отчетные документы и сроки»)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orientir.accounts import rules
from orientir.audit.models import AuditEvent
from orientir.notifications.digest import send_digest
from orientir.notifications.selectors import notification_count, notifications_for
from orientir.registry.models import AcademicYear
from orientir.reports.models import ReportingDuty, Submission
from tests.base import BaseTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def pdf(name: str = "дорожная-карта.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@override_settings(STORAGES=STORAGE)
class ReportingCalendarTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.today = timezone.localdate()
        cls.roadmap_duty = cls.duty("Муниципальная дорожная карта", cls.today + dt.timedelta(5))

    @classmethod
    def duty(cls, title: str, due: dt.date, **fields: object) -> ReportingDuty:
        values: dict[str, object] = {
            "region": cls.region,
            "academic_year": cls.year,
            "title": title,
            "contents": "Подписывается руководителем управления образования.",
            "due_date": due,
            "owed_by": ReportingDuty.Owers.MUNICIPALITIES,
            **fields,
        }
        return ReportingDuty.objects.create(**values)

    def hand_in(self, duty: ReportingDuty, **data: object):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("duty-hand-in", args=[duty.pk]), data)

    def test_it_lets_the_regional_coordinator_define_a_duty(self) -> None:
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(reverse("duty-new")), "Новый отчётный документ")
        response = self.client.post(
            reverse("duty-new"),
            {
                "academic_year": self.year.pk,
                "title": "Программы перехода школ в эффективный режим",
                "contents": "Утверждается директором школы.",
                "due_date": "2018-10-19",
                "owed_by": "target_schools",
                "export": "plan",
            },
        )
        duty = ReportingDuty.objects.get(title__startswith="Программы перехода")
        self.assertRedirects(response, reverse("duty", args=[duty.pk]))
        self.assertEqual((duty.region, duty.created_by), (self.region, self.alice))
        event = AuditEvent.objects.get(action="reporting_duty.create")
        self.assertEqual((event.actor, event.changes["due_date"]), (self.alice, "2018-10-19"))

    def test_it_refuses_to_define_duties_to_others(self) -> None:
        for user in (self.anna, self.carl, self.bob, self.sam):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("duty-new")).status_code, 403)
                post = self.client.post(reverse("duty-new"), {"title": "x"})
                self.assertEqual(post.status_code, 403)
        self.assertEqual(ReportingDuty.objects.count(), 1)

    def test_it_rejects_a_duty_without_a_due_date(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("duty-new"), {"academic_year": self.year.pk, "title": "Отчёт"}
        )
        self.assertContains(response, "Обязательное поле")
        self.assertEqual(ReportingDuty.objects.count(), 1)

    def test_it_takes_a_municipalitys_file_and_shows_the_region_who_handed_in(self) -> None:
        self.client.force_login(self.bob)
        self.assertContains(
            self.client.get(reverse("duty", args=[self.roadmap_duty.pk])), "Сдать файл"
        )
        response = self.hand_in(self.roadmap_duty, file=pdf())
        self.assertRedirects(response, reverse("duty", args=[self.roadmap_duty.pk]))
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.municipality, submission.school, submission.original_name),
            (self.forest, None, "дорожная-карта.pdf"),
        )
        event = AuditEvent.objects.get(action="submission.create")
        self.assertEqual((event.actor, event.changes["file"]), (self.bob, "дорожная-карта.pdf"))

        self.client.force_login(self.alice)
        page = self.client.get(reverse("duty", args=[self.roadmap_duty.pk]))
        self.assertNotContains(page, "Сдать файл")
        self.assertContains(page, "badge--standing-handed_in")
        self.assertContains(page, "badge--standing-due")  # Приморск has five days left
        self.assertContains(page, reverse("submission-download", args=[submission.pk]))
        download = self.client.get(reverse("submission-download", args=[submission.pk]))
        self.assertEqual(b"".join(download.streaming_content), PDF)

    def test_it_shows_late_and_missing_per_municipality(self) -> None:
        past = self.duty("Пресс-релиз семинара", self.today - dt.timedelta(3))
        self.client.force_login(self.bob)
        self.hand_in(past, file=pdf("press.pdf"))
        self.client.force_login(self.alice)
        rows = {
            row["title"]: row
            for row in self.calendar_counts(self.client.get(reverse("reporting-calendar")))
        }
        self.assertEqual(rows["Пресс-релиз семинара"]["late"], 1)
        self.assertEqual(rows["Пресс-релиз семинара"]["missing"], 1)
        self.assertEqual(rows["Муниципальная дорожная карта"]["due"], 2)
        page = self.client.get(reverse("duty", args=[past.pk]))
        self.assertContains(page, "сдан с опозданием")
        self.assertContains(page, "не сдан, срок прошёл")

    def calendar_counts(self, response) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
        rows = response.context["rows"]
        return [{"title": row.duty.title, **row.counts} for row in rows]

    def test_it_shows_each_territory_only_its_own_part(self) -> None:
        self.client.force_login(self.bob)
        self.hand_in(self.roadmap_duty, file=pdf())
        submission = Submission.objects.get()
        self.client.force_login(self.mike)
        page = self.client.get(reverse("duty", args=[self.roadmap_duty.pk]))
        self.assertEqual([o.owner_name for o in page.context["owed"]], [self.seaside.name])
        self.assertNotContains(page, self.forest.name)
        for user in (self.mike, self.tom, self.sam):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                download = self.client.get(reverse("submission-download", args=[submission.pk]))
                self.assertEqual(download.status_code, 404)

    def test_it_checks_a_handed_in_file_as_evidence(self) -> None:
        self.client.force_login(self.bob)
        fake = SimpleUploadedFile("скан.pdf", b"\xff\xd8\xff\xe0 jpeg")
        response = self.hand_in(self.roadmap_duty, file=fake)
        self.assertEqual(response["Location"], reverse("duty", args=[self.roadmap_duty.pk]))
        page = self.client.get(reverse("duty", args=[self.roadmap_duty.pk]))
        self.assertContains(page, "Файл назван как PDF, а по содержимому это JPG.")
        with override_settings(ORIENTIR_EVIDENCE_MAX_BYTES=10):
            self.hand_in(self.roadmap_duty, file=pdf())
        page = self.client.get(reverse("duty", args=[self.roadmap_duty.pk]))
        self.assertContains(page, "Файл больше допустимого")
        self.hand_in(self.roadmap_duty)
        self.assertContains(
            self.client.get(reverse("duty", args=[self.roadmap_duty.pk])),
            "Выберите файл документа.",
        )
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="submission.create").exists())

    def test_it_refuses_a_hand_in_by_who_does_not_owe_it(self) -> None:
        for user in (self.alice, self.anna, self.carl, self.sam):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.hand_in(self.roadmap_duty, file=pdf()).status_code, 403)
        self.assertFalse(Submission.objects.exists())

    def test_it_attaches_the_municipal_execution_report_in_one_click(self) -> None:
        duty = self.duty(
            "Отчёт о выполнении дорожной карты",
            self.today + dt.timedelta(10),
            export=ReportingDuty.Export.EXECUTION_REPORT,
        )
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(reverse("duty", args=[duty.pk])), 'value="xlsx"')
        self.hand_in(duty, attach="xlsx")
        submission = Submission.objects.get()
        self.assertEqual(submission.source, Submission.Source.EXPORT)
        self.assertTrue(submission.original_name.endswith("2018-2019.xlsx"))
        workbook = openpyxl.load_workbook(io.BytesIO(submission.file.read()))
        cells = [str(v) for row in workbook.active.iter_rows(values_only=True) for v in row]
        self.assertIn(f"1.1. {self.forest_activity.title}", cells)
        self.assertTrue(AuditEvent.objects.filter(action="report.export", actor=self.bob).exists())

    def test_it_attaches_a_target_schools_programme(self) -> None:
        duty = self.duty(
            "Программа перехода в эффективный режим",
            self.today + dt.timedelta(10),
            owed_by=ReportingDuty.Owers.TARGET_SCHOOLS,
            export=ReportingDuty.Export.PLAN,
        )
        self.client.force_login(self.sam)
        self.hand_in(duty, attach="docx")
        submission = Submission.objects.get()
        self.assertEqual((submission.school, submission.municipality), (self.school4, self.forest))
        text = "\n".join(
            p.text for p in docx.Document(io.BytesIO(submission.file.read())).paragraphs
        )
        self.assertIn("ПРОГРАММА\nперехода СОШ № 4 на 2018/2019 учебный год", text)
        # A leader school is no target school: it owes nothing here.
        self.client.force_login(self.sara)
        self.hand_in(duty, attach="docx")
        page = self.client.get(reverse("duty", args=[duty.pk]))
        self.assertContains(page, "не входит в число целевых")
        self.assertEqual(Submission.objects.count(), 1)
        # The municipality sees both of its target schools' standing; the region, all three.
        self.client.force_login(self.bob)
        owed = self.client.get(reverse("duty", args=[duty.pk])).context["owed"]
        self.assertEqual([o.school for o in owed], [self.school4])
        self.client.force_login(self.alice)
        owed = self.client.get(reverse("duty", args=[duty.pk])).context["owed"]
        self.assertEqual({o.school for o in owed}, {self.school4, self.school12})

    def test_it_says_when_there_is_no_plan_to_attach(self) -> None:
        later = AcademicYear.objects.create(start_year=2019)
        duty = self.duty(
            "Дорожная карта на 2019/2020",
            self.today + dt.timedelta(10),
            academic_year=later,
            export=ReportingDuty.Export.PLAN,
        )
        self.client.force_login(self.bob)
        self.hand_in(duty, attach="docx")
        page = self.client.get(reverse("duty", args=[duty.pk]))
        self.assertContains(page, "нет дорожной карты муниципалитета на 2019/2020")
        self.assertFalse(Submission.objects.exists())

    def test_it_notifies_the_owers_until_they_hand_in(self) -> None:
        late = self.duty("Листы регистрации", self.today - dt.timedelta(1))
        far = self.duty("Методический сборник", self.today + dt.timedelta(60))
        self.bob.email = "bob@example.ru"
        self.bob.save()
        found = notifications_for(self.bob, self.today)
        self.assertEqual([d.title for d in found.reports], [late.title, self.roadmap_duty.title])
        self.assertNotIn(far, found.reports)
        before = notification_count(self.bob, self.today)
        self.assertEqual(before, found.total)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("notifications"))
        self.assertContains(page, "Отчётные документы к сдаче — 2")
        self.assertContains(page, "срок истёк")
        sent = send_digest(today=self.today, dry_run=True).sent
        self.assertEqual([row["reports"] for row in sent if row["user"] == "bob"], [2])

        self.hand_in(late, file=pdf())
        self.assertEqual(notification_count(self.bob, self.today), before - 1)
        self.assertEqual(
            notifications_for(self.mike, self.today).reports, [late, self.roadmap_duty]
        )
        self.assertEqual(notifications_for(self.alice, self.today).reports, [])

    def test_it_writes_the_duties_into_the_digest(self) -> None:
        from orientir.notifications.digest import digest_message

        self.bob.email = "bob@example.ru"
        found = notifications_for(self.bob, self.today)
        message = digest_message(self.bob, found, self.today, "https://orientir.example.ru")
        self.assertIn("Отчётные документы к сдаче — 1", message.body)
        self.assertIn(
            f"https://orientir.example.ru/reporting/{self.roadmap_duty.pk}/", message.body
        )

    def test_it_reads_the_calendar_in_as_many_queries_for_more_duties(self) -> None:
        self.client.force_login(self.alice)
        few = self.queries(reverse("reporting-calendar"))
        self.client.force_login(self.bob)
        for n in range(6):
            duty = self.duty(f"Документ {n}", self.today + dt.timedelta(n))
            self.hand_in(duty, file=pdf())
        self.client.force_login(self.alice)
        self.assertEqual(self.queries(reverse("reporting-calendar")), few)
        self.assertEqual(
            self.queries(reverse("duty", args=[duty.pk])),
            self.queries(reverse("duty", args=[self.roadmap_duty.pk])),
        )

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_it_decides_by_the_rulebook(self) -> None:
        school_duty = self.duty("Программа", self.today, owed_by=ReportingDuty.Owers.TARGET_SCHOOLS)
        cases = [
            ("define_reporting_duties", None, {"alice"}),
            ("hand_in_report", self.roadmap_duty, {"bob", "mike"}),
            ("hand_in_report", school_duty, {"sam", "tom", "sara"}),
        ]
        people = (
            self.alice,
            self.anna,
            self.carl,
            self.bob,
            self.mike,
            self.sam,
            self.sara,
            self.tom,
        )
        for name, obj, allowed in cases:
            with self.subTest(rule=name, obj=obj):
                self.assertEqual(
                    {u.username for u in people if rules.allows(name, u, obj)}, allowed
                )
