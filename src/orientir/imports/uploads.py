"""Keep an uploaded document between preview and confirmation, private to its uploader.

The file lies in the default storage under `imports/pending/<user id>/<token>/<name>`: the
token is random and the path has the user's id, so nobody else can reach it, and the
session holds nothing. It is deleted after the import, and files older than a day are
deleted whenever the same user uploads again.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

ROOT = "imports/pending"
LIFETIME = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def safe_name(name: str) -> str:
    """Return a file name without directories or characters a file system may refuse."""
    base = posixpath.basename(name.replace("\\", "/")).strip() or "document"
    return re.sub(r"[^\w.\- ]", "_", base)[-120:]


def user_dir(user_id: int | None) -> str:
    return f"{ROOT}/{int(user_id or 0)}"


def save_pending(user_id: int | None, name: str, data: bytes) -> str:
    """Store an upload for `user_id`; return its token."""
    purge_expired(user_id)
    token = secrets.token_urlsafe(24)
    default_storage.save(f"{user_dir(user_id)}/{token}/{safe_name(name)}", ContentFile(data))
    return token


def pending_path(user_id: int | None, token: str) -> str:
    """Return the stored file of `token`, or raise 404 (unknown, expired or someone else's)."""
    if not _TOKEN.match(token):
        raise Http404("Загрузка не найдена")
    folder = f"{user_dir(user_id)}/{token}"
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    if not files:
        raise Http404("Загрузка не найдена или устарела")
    return f"{folder}/{files[0]}"


def load_pending(user_id: int | None, token: str) -> tuple[str, bytes]:
    """Return the original name and the bytes of a stored upload."""
    path = pending_path(user_id, token)
    with default_storage.open(path, "rb") as stored:
        return posixpath.basename(path), stored.read()


def delete_pending(user_id: int | None, token: str) -> None:
    folder = f"{user_dir(user_id)}/{token}"
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    delete_folder(folder)


def delete_folder(folder: str) -> None:
    """Remove an emptied folder of a file-system storage (other storages have none)."""
    import contextlib
    import os

    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(folder))


def purge_expired(user_id: int | None) -> None:
    """Delete this user's uploads that were never confirmed and are older than a day."""
    try:
        tokens, _ = default_storage.listdir(user_dir(user_id))
    except FileNotFoundError:
        return
    limit = timezone.now() - LIFETIME
    for token in tokens:
        folder = f"{user_dir(user_id)}/{token}"
        _, files = default_storage.listdir(folder)
        if all(default_storage.get_modified_time(f"{folder}/{f}") < limit for f in files):
            delete_pending(user_id, token)
