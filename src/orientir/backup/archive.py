"""Back up and restore a whole installation: the database and the uploaded files, in one file.

Why `dumpdata` and not `pg_dump`: the same backup must restore into either engine (a region
moving from SQLite to PostgreSQL), and Django's serialisation is the one format both read.
Rows keep their ids; content types and permissions, which each database numbers its own way,
are written by their natural keys and rebuilt by `migrate`. Sessions are left out: people
log in again after a restore.

The archive is a plain tar file:

- `manifest.json`: when and from what it was made, the applied migrations, the row count of
  every model, and the size and SHA-256 of every other member;
- `database.jsonl.gz`: the rows, one JSON object a line (loaded as a stream);
- `media/…`: every file under `MEDIA_ROOT`, byte for byte.

A restore checks every checksum before it touches anything, copies the files beside
`MEDIA_ROOT`, loads the rows in one transaction (all or nothing) and checks the counts
against the manifest inside it, and only then swaps the files in by two renames; the files
that were there are kept aside, not deleted.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl.gz"
MEDIA = "media"
# Rebuilt by `migrate` in every database (and numbered its own way), or not worth keeping.
LEFT_OUT = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1 << 20


class BackupProblem(Exception):
    """A backup cannot be made or restored; the message says why, in Russian."""


@dataclass
class Manifest:
    created: str
    engine: str
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created": self.created,
            "engine": self.engine,
            "migrations": self.migrations,
            "counts": self.counts,
            "members": self.members,
        }

    @property
    def files(self) -> int:
        return sum(1 for name in self.members if name.startswith(f"{MEDIA}/"))


def _kept_models() -> list[Any]:
    left_out = {label for label in LEFT_OUT if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in LEFT_OUT
        and model._meta.label_lower not in left_out
        and model._meta.managed
        and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    """Return the number of rows of every model a backup keeps, by its label."""
    return {m._meta.label_lower: m._default_manager.count() for m in _kept_models()}


def applied_migrations() -> dict[str, list[str]]:
    """Return the migrations applied to the database, by app, in name order."""
    found: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        found.setdefault(app, []).append(name)
    return found


def _digest(path: Path) -> dict[str, Any]:
    sha = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            sha.update(chunk)
    return {"size": path.stat().st_size, "sha256": sha.hexdigest()}


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _dump_database(target: Path) -> None:
    """Write every kept row to `target` as gzip-compressed JSON lines, model by model."""
    labels = [m._meta.label for m in _kept_models()]
    with gzip.open(target, "wt", encoding="utf-8") as stream:
        call_command(
            "dumpdata",
            *labels,
            format="jsonl",
            natural_foreign=True,
            use_base_manager=True,
            stdout=stream,
            verbosity=0,
        )


def _read_one_snapshot() -> None:
    """Make every query of the transaction see the database as at its start, so counts, rows
    and files agree while people keep working (SQLite's transaction does this already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def backup_make(path: Path) -> Manifest:
    """Write a backup of the database and the uploaded files to the tar file `path`."""
    if path.exists():
        raise BackupProblem(
            f"{path}: файл уже существует — выберите новое имя, старую копию не трогаем."
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="orientir-backup-") as work:
        dump = Path(work) / DATABASE
        with transaction.atomic():
            _read_one_snapshot()
            manifest = Manifest(
                created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                engine=connection.vendor,
                migrations=applied_migrations(),
                counts=row_counts(),
            )
            _dump_database(dump)
        manifest.members[DATABASE] = _digest(dump)
        partial = path.with_name(path.name + ".partial")
        try:
            _write_tar(partial, dump, media_root, manifest)
        except BaseException as error:
            partial.unlink(missing_ok=True)  # never a half-written backup left behind
            if isinstance(error, OSError):  # a file deleted meanwhile, a full disk
                raise BackupProblem(f"{path}: копия не записана ({error}).") from error
            raise
        partial.replace(path)
    return manifest


def _write_tar(partial: Path, dump: Path, media_root: Path, manifest: Manifest) -> None:
    """Write the archive; each file is read once and its checksum taken from what is stored."""
    with tarfile.open(partial, "w") as archive:
        archive.add(dump, arcname=DATABASE)
        for file in _media_files(media_root):
            name = f"{MEDIA}/{file.relative_to(media_root).as_posix()}"
            data = file.read_bytes()
            manifest.members[name] = {
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            info = archive.gettarinfo(str(file), arcname=name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        _add_bytes(archive, MANIFEST, json.dumps(manifest.as_json(), ensure_ascii=False, indent=1))


def _add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# ---------------------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile, path: Path) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
        data = json.loads(member.read().decode("utf-8")) if member else None
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        raise BackupProblem(f"{path}: это не резервная копия Ориентира (нет описи).") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupProblem(f"{path}: опись резервной копии в неизвестном формате.")
    return Manifest(
        created=str(data["created"]),
        engine=str(data["engine"]),
        migrations=data["migrations"],
        counts=data["counts"],
        members=data["members"],
    )


def _extract_checked(archive: tarfile.TarFile, manifest: Manifest, path: Path, into: Path) -> None:
    """Unpack every member the manifest lists into `into`, checking its size and checksum."""
    names = {m.name for m in archive.getmembers() if m.isfile()} - {MANIFEST}
    missing, extra = set(manifest.members) - names, names - set(manifest.members)
    if missing or extra:
        first = sorted(missing or extra)[0]
        what = "не хватает файла" if missing else "лишний файл"
        raise BackupProblem(f"{path}: в копии {what} {first} — она повреждена.")
    for name, expected in manifest.members.items():
        archive.extract(name, into, filter="data")
        if _digest(into / name) != expected:
            raise BackupProblem(f"{path}: файл {name} повреждён (не совпадает контрольная сумма).")


def _check_migrations(manifest: Manifest, path: Path) -> None:
    ours = applied_migrations()
    if manifest.migrations != ours:
        raise BackupProblem(
            f"{path}: копия сделана другой версией Ориентира (другой набор миграций базы). "
            "Восстановите её той версией, которой она сделана, затем обновите программу."
        )


def _load_database(dump: Path, manifest: Manifest) -> None:
    """Replace every row with those of the backup, in one transaction, and check the counts."""
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=False)
        call_command("loaddata", str(dump), verbosity=0)
        counts = row_counts()
        wrong = sorted(
            label for label in manifest.counts if counts.get(label) != manifest.counts[label]
        )
        if wrong:
            raise BackupProblem(
                f"после загрузки в таблице {wrong[0]} {counts.get(wrong[0])} строк вместо "
                f"{manifest.counts[wrong[0]]}; база оставлена как была."
            )


def _stage_media(unpacked: Path, staged: Path) -> None:
    """Copy the backup's files beside `MEDIA_ROOT` before the rows are replaced, so that
    what is left after the database commits is two renames on one disk."""
    staged.parent.mkdir(parents=True, exist_ok=True)
    source = unpacked / MEDIA
    if source.exists():
        shutil.copytree(source, staged)
    else:
        staged.mkdir()


def _swap_media(staged: Path, kept_aside: Path) -> None:
    """Put the staged files in place of the current ones, which are moved aside."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        media_root.rename(kept_aside)
    staged.rename(media_root)


def is_empty() -> bool:
    """Whether the database holds nothing a person entered (migrations' own rows aside)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not user_model._default_manager.exists()


def _open_tar(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r")  # the caller closes it
    except (tarfile.TarError, OSError) as error:
        raise BackupProblem(f"{path}: это не резервная копия Ориентира ({error}).") from error


def backup_restore(path: Path, *, replace: bool = False) -> tuple[Manifest, Path | None]:
    """Restore the backup `path` into this installation; return its manifest and where the
    files that were in `MEDIA_ROOT` were moved (None when there were none)."""
    if not path.is_file():
        raise BackupProblem(f"{path}: файл не найден.")
    if not replace and not is_empty():
        raise BackupProblem(
            "в базе уже есть данные: восстановление заменит их все. "
            "Повторите с --replace, если это и нужно."
        )
    with (
        _open_tar(path) as archive,
        tempfile.TemporaryDirectory(prefix="orientir-restore-") as work,
    ):
        manifest = _read_manifest(archive, path)
        _check_migrations(manifest, path)
        _extract_checked(archive, manifest, path, Path(work))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        media_root = Path(settings.MEDIA_ROOT)
        aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        staged = media_root.with_name(f"{media_root.name}.restoring-{stamp}")
        _stage_media(Path(work), staged)
        try:
            _load_database(Path(work) / DATABASE, manifest)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        _swap_media(staged, aside)
    return manifest, aside if aside.exists() else None
