"""Backup and restore: every row and every uploaded file comes back as it was."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from orientir.accounts.models import User
from orientir.backup.archive import DATABASE, BackupProblem, backup_make, backup_restore
from orientir.execution.models import Document
from orientir.plans.models import Plan
from tests.base import build_territory, make_evidence, reseed_migration_data

SCAN = b"%PDF-1.4\n% a scanned order\n" + bytes(range(256)) * 40


def rows_of(path: Path) -> list[dict[str, Any]]:
    """Return the rows a backup holds, in a stable order, each as a parsed object."""
    with tarfile.open(path) as archive:
        member = archive.extractfile(DATABASE)
        assert member is not None
        lines = gzip.decompress(member.read()).decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return sorted(rows, key=lambda r: (r["model"], json.dumps(r.get("pk"))))


def dump_now() -> list[dict[str, Any]]:
    """Return every row the database holds now, as a backup would write it."""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "now.tar"
        backup_make(path)
        return rows_of(path)


class BackupTestCase(TransactionTestCase):
    """Real commits: a restore empties and refills every table, as it does in production."""

    def setUp(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="orientir-test-backup-"))
        media = override_settings(MEDIA_ROOT=str(self.work / "media"))
        media.enable()
        self.addCleanup(media.disable)
        build_territory(self)
        _, self.document = make_evidence(self.forest_activity, "300")
        self.document.file.save("приказ о семинаре.pdf", ContentFile(SCAN))
        self.path = self.work / "orientir.tar"

    def _fixture_teardown(self) -> None:
        super()._fixture_teardown()
        reseed_migration_data()

    def stored_file(self) -> Path:
        return Path(settings.MEDIA_ROOT) / Document.objects.get(pk=self.document.pk).file.name

    def test_it_restores_every_row_and_every_file_byte_for_byte(self) -> None:
        manifest = backup_make(self.path)
        before = rows_of(self.path)
        self.assertEqual(manifest.counts["plans.plan"], Plan.objects.count())
        self.assertEqual(manifest.files, 1)
        # what happens after the backup is undone by the restore
        Plan.objects.filter(pk=self.seaside_roadmap.pk).delete()
        User.objects.filter(username="mike").delete()
        self.stored_file().write_bytes(b"changed")
        stray = Path(settings.MEDIA_ROOT) / "stray.txt"
        stray.write_text("загружен после копии")

        _, aside = backup_restore(self.path, replace=True)

        self.assertEqual(dump_now(), before)
        self.assertEqual(self.stored_file().read_bytes(), SCAN)
        self.assertFalse(stray.exists())
        assert aside is not None
        self.assertEqual((aside / "stray.txt").read_text(), "загружен после копии")
        self.assertTrue(User.objects.get(username="mike").check_password("пароль-для-тестов"))

    def test_it_refuses_a_damaged_backup_and_changes_nothing(self) -> None:
        backup_make(self.path)
        damaged = self.work / "damaged.tar"
        with tarfile.open(self.path) as source, tarfile.open(damaged, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()  # type: ignore[union-attr]
                if member.name.startswith("media/"):
                    data = data[:-1] + b"!"
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        Plan.objects.filter(pk=self.seaside_roadmap.pk).delete()
        plans = Plan.objects.count()
        with self.assertRaisesMessage(BackupProblem, "повреждён"):
            backup_restore(damaged, replace=True)
        self.assertEqual(Plan.objects.count(), plans)
        self.assertEqual(self.stored_file().read_bytes(), SCAN)
        media = Path(settings.MEDIA_ROOT)
        self.assertEqual(list(media.parent.glob(f"{media.name}.*")), [])  # nothing staged left

    def test_it_restores_into_a_filled_database_only_when_told_to(self) -> None:
        backup_make(self.path)
        with self.assertRaisesMessage(BackupProblem, "--replace"):
            backup_restore(self.path)

    def test_it_never_overwrites_an_earlier_backup(self) -> None:
        self.path.write_bytes(b"an earlier backup")
        with self.assertRaisesMessage(BackupProblem, "уже существует"):
            backup_make(self.path)
        self.assertEqual(self.path.read_bytes(), b"an earlier backup")

    def test_it_says_a_file_is_not_a_backup(self) -> None:
        self.path.write_bytes(b"not a tar file at all")
        with self.assertRaisesMessage(BackupProblem, "не резервная копия"):
            backup_restore(self.path, replace=True)

    def test_it_refuses_a_backup_of_another_schema(self) -> None:
        backup_make(self.path)
        patched = self.work / "other.tar"
        with tarfile.open(self.path) as source, tarfile.open(patched, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == "manifest.json":
                    manifest = json.loads(data)
                    manifest["migrations"]["plans"].append("0099_from_the_future")
                    data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        with self.assertRaisesMessage(BackupProblem, "другой версией"):
            backup_restore(patched, replace=True)

    def test_it_keeps_rows_and_files_when_the_loaded_counts_disagree(self) -> None:
        backup_make(self.path)
        patched = self.work / "counts.tar"
        with tarfile.open(self.path) as source, tarfile.open(patched, "w") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == "manifest.json":
                    manifest = json.loads(data)
                    manifest["counts"]["plans.plan"] += 1
                    data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        Plan.objects.filter(pk=self.seaside_roadmap.pk).delete()
        self.stored_file().write_bytes(b"changed after the backup")
        plans = Plan.objects.count()
        with self.assertRaisesMessage(BackupProblem, "база оставлена как была"):
            backup_restore(patched, replace=True)
        self.assertEqual(Plan.objects.count(), plans)
        self.assertEqual(self.stored_file().read_bytes(), b"changed after the backup")
        media = Path(settings.MEDIA_ROOT)
        self.assertEqual(list(media.parent.glob(f"{media.name}.*")), [])

    def test_the_commands_exit_2_with_a_russian_line(self) -> None:
        self.path.write_bytes(b"x")
        for command in ("backup", "restore"):
            with self.subTest(command=command), self.assertRaises(SystemExit) as stop:
                call_command(command, str(self.path), stderr=io.StringIO())
            self.assertEqual(stop.exception.code, 2)

    @pytest.mark.skipif(
        "DATABASE_URL" in os.environ, reason="the SQLite run carries the backup to PostgreSQL"
    )
    def test_it_carries_a_sqlite_installation_to_postgresql(self) -> None:
        if not postgres_answers():
            self.skipTest("PostgreSQL does not answer on 127.0.0.1:5432")
        self.assertEqual(connection.vendor, "sqlite")
        backup_make(self.path)
        name = f"orientir_restore_{uuid.uuid4().hex[:8]}"
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        env = {**os.environ, "DATABASE_URL": url, "ORIENTIR_DATA_DIR": str(self.work / "pg")}
        orientir = [sys.executable, "-m", "orientir"]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        try:
            for step in (["migrate", "--verbosity", "0"], ["restore", str(self.path)]):
                subprocess.run([*orientir, *step], env=env, check=True, capture_output=True)
            again = self.work / "again.tar"
            subprocess.run([*orientir, "backup", str(again)], env=env, check=True)
        finally:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)
        self.assertEqual(rows_of(again), rows_of(self.path))
        with tarfile.open(again) as archive:
            restored = archive.extractfile(f"media/{self.document.file.name}")
            self.assertEqual(restored.read(), SCAN)  # type: ignore[union-attr]


def postgres_answers() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 5432)) == 0
