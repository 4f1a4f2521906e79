"""Restoring deleted executions and documents from the audit trail."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from orientir.accounts import rules
from orientir.accounts.roles import Role
from orientir.audit.history import deleted, deleted_restorable
from orientir.audit.models import AuditEvent, record
from orientir.execution.models import Document, Execution
from orientir.execution.restore import (
    NO_ACTIVITY,
    NO_EXECUTION,
    deleted_items,
    deletion,
    documents_deleted_with,
)
from orientir.execution.services import DOCUMENT_FIELDS, document_delete, execution_delete
from orientir.plans import services
from orientir.plans.models import Comment
from orientir.plans.services import activity_delete
from orientir.registry.models import Region
from tests.base import PASSWORD, BaseTestCase, make_evidence, make_user

MEDIA_ROOT = tempfile.mkdtemp(prefix="orientir-test-restore-")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class RestoreBase(BaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def delete_forest_execution(self) -> AuditEvent:
        second = Document.objects.create(
            plan=self.forest_roadmap,
            execution=self.forest_execution,
            kind=Document.Kind.PROTOCOL,
            number="12",
            title="Протокол семинара",
        )
        self.second_document_pk = second.pk
        execution_delete(actor=self.bob, execution=self.forest_execution)
        return AuditEvent.objects.get(action="execution.delete")

    def restore(self, event: AuditEvent, username: str = "alice") -> object:
        self.login(username)
        return self.client.post(reverse("notifications-restore", args=[event.pk]), follow=True)


class RestoreTestCase(RestoreBase):
    def test_it_lists_a_deleted_execution_with_its_documents(self) -> None:
        event = self.delete_forest_execution()
        self.login("alice")
        response = self.client.get(reverse("notifications-deleted"))
        self.assertContains(response, "Семинар в актовом зале школы")
        self.assertContains(response, "Протокол семинара")
        self.assertContains(response, "Восстановить")
        items = deleted_items(self.alice)
        self.assertEqual([item.event for item in items], [event])
        self.assertEqual(len(items[0].documents), 2)

    def test_it_restores_an_execution_with_its_documents_and_ids(self) -> None:
        execution_pk, document_pk = self.forest_execution.pk, self.forest_document.pk
        event = self.delete_forest_execution()
        response = self.restore(event)
        self.assertContains(response, "Проведение восстановлено вместе с 2 документами.")
        execution = Execution.objects.get(pk=execution_pk)
        self.assertEqual(execution.activity, self.forest_activity)
        self.assertEqual(execution.description, "Семинар в актовом зале школы")
        self.assertEqual(execution.participants, 24)
        self.assertEqual(str(execution.date), "2018-09-12")
        document = Document.objects.get(pk=document_pk)
        self.assertEqual((document.execution_id, document.number), (execution_pk, "237"))
        self.assertEqual(document.plan, self.forest_roadmap)
        self.assertTrue(Document.objects.filter(pk=self.second_document_pk).exists())
        restored = AuditEvent.objects.get(action="execution.restore")
        self.assertEqual((restored.actor, restored.changes), (self.alice, {"_from": event.pk}))
        self.assertEqual(AuditEvent.objects.filter(action="document.restore").count(), 2)
        self.assertEqual(deleted_items(self.alice), [])

    def test_it_refuses_to_restore_twice_in_russian(self) -> None:
        event = self.delete_forest_execution()
        self.restore(event)
        response = self.restore(event)
        self.assertContains(response, "Это проведение уже восстановлено.")
        self.assertEqual(AuditEvent.objects.filter(action="execution.restore").count(), 1)

    def test_it_refuses_those_who_keep_no_plans(self) -> None:
        event = self.delete_forest_execution()
        for username in ("carl", "anna"):
            with self.subTest(user=username):
                self.login(username)
                self.assertEqual(self.client.get(reverse("notifications-deleted")).status_code, 403)
                url = reverse("notifications-restore", args=[event.pk])
                # Приморск does not see Лесной район's plan: its deletion does not exist for it.
                expected = 404 if username == "mike" else 403
                self.assertEqual(self.client.post(url).status_code, expected)
        self.assertFalse(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_hides_another_regions_deletions(self) -> None:
        event = self.delete_forest_execution()
        other = Region.objects.create(name="Северная область", code="98")
        make_user("olga", Role.REGIONAL_COORDINATOR, region=other)
        self.login("olga")
        self.assertNotContains(self.client.get(reverse("notifications-deleted")), "Семинар")
        url = reverse("notifications-restore", args=[event.pk])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_it_sends_anonymous_users_to_login(self) -> None:
        event = self.delete_forest_execution()
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_it_refuses_get_on_restore(self) -> None:
        event = self.delete_forest_execution()
        self.login("alice")
        url = reverse("notifications-restore", args=[event.pk])
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_it_restores_a_document_deleted_alone_to_its_execution(self) -> None:
        document_delete(actor=self.bob, document=self.forest_document)
        event = AuditEvent.objects.get(action="document.delete")
        [item] = deleted_items(self.alice)
        self.assertFalse(item.problem)
        response = self.restore(event)
        self.assertContains(response, "Документ восстановлен.")
        restored = Document.objects.get(pk=event.object_id)
        self.assertEqual(restored.execution, self.forest_execution)
        self.assertEqual(restored.number, "237")

    def test_it_cannot_restore_a_document_whose_record_has_no_snapshot(self) -> None:
        record(
            actor=self.bob,
            action="document.delete",
            obj=self.forest_document,
            changes=deleted(self.forest_document, DOCUMENT_FIELDS),
            plan=self.forest_roadmap,
            activity=self.forest_activity,
        )
        self.forest_document.delete()
        event = AuditEvent.objects.get(action="document.delete")
        [item] = deleted_items(self.alice)
        self.assertEqual(item.problem, NO_EXECUTION)
        response = self.restore(event)
        self.assertContains(response, "В журнале не записано, к какому проведению")
        self.assertFalse(Document.objects.filter(pk=event.object_id).exists())

    def test_it_restores_a_document_from_a_snapshot_with_its_file(self) -> None:
        document = self.forest_document
        document.file.save("prikaz-237.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        name = document.file.name
        record(
            actor=self.bob,
            action="document.delete",
            obj=document,
            changes=deleted_restorable(document, DOCUMENT_FIELDS),
            plan=document.plan,
            activity=self.forest_activity,
        )
        document.delete()
        self.assertTrue(default_storage.exists(name))
        event = AuditEvent.objects.get(action="document.delete")
        response = self.restore(event)
        self.assertContains(response, "Документ восстановлен.")
        restored = Document.objects.get(pk=event.object_id)
        self.assertEqual(restored.execution, self.forest_execution)
        self.assertEqual(restored.file.name, name)
        self.assertEqual(restored.file.read(), b"%PDF-1.4 test")
        self.assertEqual(restored.created_at, document.created_at)
        history = self.client.get(reverse("plan", args=[self.forest_roadmap.pk]))
        self.assertNotContains(history, "_snapshot")

    def test_it_keeps_the_file_when_the_service_deletes_a_document(self) -> None:
        document = self.forest_document
        document.file.save("protokol.pdf", ContentFile(b"%PDF-1.4"), save=True)
        document_delete(actor=self.bob, document=document)
        self.assertTrue(default_storage.exists(document.file.name))

    def test_it_warns_when_the_file_is_gone(self) -> None:
        document = self.forest_document
        document.file.save("gone.pdf", ContentFile(b"%PDF-1.4"), save=True)
        event = self.delete_forest_execution()
        default_storage.delete(document.file.name)
        response = self.restore(event)
        self.assertContains(response, "не найден в хранилище: загрузите его заново")
        self.assertTrue(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_cannot_restore_into_a_deleted_activity(self) -> None:
        event = self.delete_forest_execution()
        self.forest_activity.refresh_from_db()
        activity_delete(actor=self.bob, activity=self.forest_activity)
        [item] = deleted_items(self.alice)
        self.assertEqual(item.problem, NO_ACTIVITY)
        self.assertContains(self.restore(event), "Мероприятие, к которому относилось")

    def test_it_takes_only_the_documents_deleted_with_the_execution(self) -> None:
        execution, _ = make_evidence(self.forest_activity, "300")
        document_delete(actor=self.bob, document=self.forest_document)
        # another request, a minute earlier, on another execution of the same activity
        AuditEvent.objects.filter(action="document.delete").update(
            at=timezone.now() - dt.timedelta(minutes=1)
        )
        execution_delete(actor=self.bob, execution=execution)
        event = AuditEvent.objects.get(action="execution.delete")
        self.assertEqual(
            [row.object_repr for row in documents_deleted_with(event)],
            ["Приказ от 03.09.2018 № 300 «О проведении муниципального семинара»"],
        )
        items = deleted_items(self.alice)
        self.assertEqual(len(items), 2)
        self.assertEqual(len(items[0].documents), 1)
        self.assertEqual(items[1].problem, "")  # its own snapshot says which execution

    def test_it_lists_the_region_in_a_fixed_number_of_queries(self) -> None:
        self.delete_forest_execution()
        execution_delete(actor=self.mike, execution=self.seaside_execution)
        self.login("alice")
        url = reverse("notifications-deleted")
        # session, user, the rows, which still exist (executions of the snapshots, executions,
        # documents, activities), their plans, which of them the user keeps, region, the
        # deleted plans
        with self.assertNumQueries(11) as first:
            self.client.get(url)
        for n in range(3):
            execution, _ = make_evidence(self.forest_activity, str(400 + n))
            execution_delete(actor=self.bob, execution=execution)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "Восстановить", count=5)

    def test_it_lists_a_keepers_deletions_by_others_in_a_fixed_number_of_queries(self) -> None:
        # bob keeps the school's programme but deleted none of these: the rule asks whether he
        # keeps each plan, which the list reads once for all of them
        for n in range(2):
            execution, _ = make_evidence(self.programme4_activity, str(500 + n))
            execution_delete(actor=self.sam, execution=execution)
        self.login("bob")
        url = reverse("notifications-deleted")
        with self.assertNumQueries(11) as first:
            self.client.get(url)
        for n in range(4):
            execution, _ = make_evidence(self.programme4_activity, str(600 + n))
            execution_delete(actor=self.sam, execution=execution)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "Восстановить", count=6)


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class ConfirmDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        self.url = reverse("execution-delete", args=[self.forest_execution.pk])

    def test_it_links_to_a_confirmation_instead_of_deleting_in_one_click(self) -> None:
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertContains(page, f'<a href="{self.url}"')
        self.assertNotContains(page, f'action="{self.url}"')

    def test_it_says_what_will_be_deleted_and_deletes_nothing_on_get(self) -> None:
        services.comment_add(
            actor=self.sam,
            plan=self.forest_roadmap,
            activity=self.forest_activity,
            execution=self.forest_execution,
            text="Пришлите, пожалуйста, программу семинара",
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Удалить проведение?")
        self.assertContains(response, "1 подтверждающий документ")
        self.assertContains(response, "1 комментарий к нему")
        self.assertContains(response, "в течение 90 дней")
        self.assertContains(response, f'<form method="post" action="{self.url}"')
        self.assertTrue(Execution.objects.filter(pk=self.forest_execution.pk).exists())
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "можно в течение 90 дней")
        self.assertFalse(Execution.objects.filter(pk=self.forest_execution.pk).exists())
        self.assertFalse(Comment.objects.filter(execution=self.forest_execution.pk).exists())

    def test_it_hides_the_confirmation_of_another_municipality(self) -> None:
        url = reverse("execution-delete", args=[self.seaside_execution.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class WhoRestoresTestCase(RestoreBase):
    def test_it_lets_the_author_restore_their_deletion(self) -> None:
        event = self.delete_forest_execution()
        self.login("bob")
        self.assertContains(self.client.get(reverse("notifications")), "Удалённые проведения")
        self.assertContains(self.client.get(reverse("notifications-deleted")), "Восстановить")
        response = self.restore(event, "bob")
        self.assertContains(response, "Проведение восстановлено вместе с 2 документами.")
        self.assertTrue(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_lets_the_coordinator_of_the_territory_restore_a_schools_deletion(self) -> None:
        execution, _ = make_evidence(self.programme4_activity, "15")
        execution_delete(actor=self.sam, execution=execution)
        event = AuditEvent.objects.get(action="execution.delete")
        self.assertEqual([item.event for item in deleted_items(self.bob)], [event])
        self.assertContains(self.restore(event, "bob"), "Проведение восстановлено")
        self.assertTrue(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_refuses_another_municipality(self) -> None:
        event = self.delete_forest_execution()
        self.assertEqual(deleted_items(self.mike), [])
        self.login("mike")
        self.assertNotContains(self.client.get(reverse("notifications-deleted")), "Семинар")
        url = reverse("notifications-restore", args=[event.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertFalse(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_refuses_a_school_that_only_sees_the_plan(self) -> None:
        event = self.delete_forest_execution()
        self.assertEqual(deleted_items(self.sam), [])
        self.login("sam")
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertEqual(response.status_code, 403)
        reason = rules.RULES["restore_deleted"].refusal(self.sam, deletion(event))
        self.assertIn("тот, кто удалил, координатор его территории", reason or "")
        self.assertFalse(Execution.objects.filter(pk=event.object_id).exists())

    def test_it_refuses_the_author_after_the_retention_period(self) -> None:
        event = self.delete_forest_execution()
        AuditEvent.objects.update(at=timezone.now() - dt.timedelta(days=91))
        event.refresh_from_db()
        self.assertEqual(deleted_items(self.bob), [])
        self.assertEqual(len(deleted_items(self.alice)), 1)
        self.login("bob")
        response = self.client.post(reverse("notifications-restore", args=[event.pk]))
        self.assertEqual(response.status_code, 403)
        reason = rules.RULES["restore_deleted"].refusal(self.bob, deletion(event))
        self.assertEqual(
            reason,
            "Прошло больше 90 дней после удаления: теперь восстановить его может только "
            "региональный координатор.",
        )
        self.assertFalse(Execution.objects.filter(pk=event.object_id).exists())
        self.assertContains(self.restore(event, "alice"), "Проведение восстановлено")

    @override_settings(ORIENTIR_RESTORE_DAYS=7)
    def test_it_takes_the_retention_period_from_the_setting(self) -> None:
        event = self.delete_forest_execution()
        AuditEvent.objects.update(at=timezone.now() - dt.timedelta(days=8))
        event.refresh_from_db()
        self.assertEqual(deleted_items(self.bob), [])
        reason = rules.RULES["restore_deleted"].refusal(self.bob, deletion(event))
        self.assertIn("Прошло больше 7 дней", reason or "")
        AuditEvent.objects.update(at=timezone.now() - dt.timedelta(days=6))
        self.assertEqual([item.event for item in deleted_items(self.bob)], [event])

    def test_it_brings_the_comments_back_with_their_execution(self) -> None:
        first = services.comment_add(
            actor=self.sam,
            plan=self.forest_roadmap,
            activity=self.forest_activity,
            execution=self.forest_execution,
            text="Пришлите программу семинара",
        )
        second = services.comment_add(
            actor=self.bob,
            plan=self.forest_roadmap,
            activity=self.forest_activity,
            execution=self.forest_execution,
            text="Программа во вложении к приказу",
        )
        Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
        first.refresh_from_db()
        execution_pk = self.forest_execution.pk
        event = self.delete_forest_execution()
        self.assertFalse(Comment.objects.filter(pk__in=[first.pk, second.pk]).exists())
        self.login("bob")
        self.assertContains(self.client.get(reverse("notifications-deleted")), "и 2 комментария")
        self.restore(event, "bob")
        restored = list(Comment.objects.filter(execution=execution_pk))
        self.assertEqual([c.pk for c in restored], [first.pk, second.pk])
        self.assertEqual(
            [(c.text, c.author, c.activity) for c in restored],
            [
                ("Пришлите программу семинара", self.sam, self.forest_activity),
                ("Программа во вложении к приказу", self.bob, self.forest_activity),
            ],
        )
        self.assertEqual(restored[0].created_at, first.created_at)
        self.assertEqual(AuditEvent.objects.filter(action="comment.restore").count(), 2)
        page = self.client.get(reverse("activity", args=[self.forest_activity.pk]))
        self.assertContains(page, "Программа во вложении к приказу")
        self.assertNotContains(page, "_comments")


def test_it_refuses_a_retention_period_that_is_not_a_number(tmp_path: Path) -> None:
    env = {**os.environ, "ORIENTIR_DATA_DIR": str(tmp_path), "ORIENTIR_RESTORE_DAYS": "месяц"}
    result = subprocess.run(
        [sys.executable, "-m", "orientir", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ORIENTIR_RESTORE_DAYS='месяц': ожидается целое число дней" in result.stderr
