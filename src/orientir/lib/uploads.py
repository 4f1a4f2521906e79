"""Keep an uploaded file between preview and confirmation, private to its uploader.

A store keeps each file in the default storage under `<root>/<user id>/<token>/<name>`: the
token is random and the path has the user's id, so nobody else can reach it, and the session
holds nothing. The caller deletes the file on confirmation or cancel; files older than
LIFETIME are deleted whenever the same user uploads again, and `orientir uploads sweep`
deletes those of every user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import posixpath
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

LIFETIME = dt.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def safe_name(name: str) -> str:
    """Return a file name without directories or characters a file system may refuse."""
    base = posixpath.basename(name.replace("\\", "/")).strip() or "document"
    return re.sub(r"[^\w.\- ]", "_", base)[-120:]


def _listdir(folder: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return [], []


def _delete_folder(folder: str) -> None:
    """Remove an emptied folder of a file-system storage (other storages have none)."""
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(folder))


class PendingStore:
    """Uploads of one kind waiting for their uploader's confirmation."""

    def __init__(self, root: str) -> None:
        self.root = root

    def user_dir(self, user_id: int | None) -> str:
        return f"{self.root}/{int(user_id or 0)}"

    def save(self, user_id: int | None, name: str, data: bytes) -> str:
        """Store an upload for `user_id`; return its token."""
        self.purge_expired(user_id)
        token = secrets.token_urlsafe(24)
        path = f"{self.user_dir(user_id)}/{token}/{safe_name(name)}"
        try:
            default_storage.save(path, ContentFile(data))
        except OSError:  # a full disk: the storage removed its part, the folder goes too
            self.delete(user_id, token)
            raise
        return token

    def path(self, user_id: int | None, token: str) -> str:
        """Return the stored file of `token`, or raise 404 (unknown, expired or someone else's)."""
        if not _TOKEN.match(token):
            raise Http404("Загрузка не найдена")
        folder = f"{self.user_dir(user_id)}/{token}"
        _, files = _listdir(folder)
        if not files:
            raise Http404("Загрузка не найдена или устарела")
        return f"{folder}/{files[0]}"

    def load(self, user_id: int | None, token: str) -> tuple[str, bytes]:
        """Return the original name and the bytes of a stored upload."""
        path = self.path(user_id, token)
        with default_storage.open(path, "rb") as stored:
            return posixpath.basename(path), stored.read()

    def delete(self, user_id: int | None, token: str) -> None:
        """Delete an upload (confirmed or cancelled); an unknown token is no error."""
        if not _TOKEN.match(token):
            return
        folder = f"{self.user_dir(user_id)}/{token}"
        _, files = _listdir(folder)
        for name in files:
            default_storage.delete(f"{folder}/{name}")
        _delete_folder(folder)

    def purge_expired(self, user_id: int | None, lifetime: dt.timedelta = LIFETIME) -> int:
        """Delete this user's uploads older than `lifetime`; return how many were deleted."""
        folder = self.user_dir(user_id)
        tokens, _ = _listdir(folder)
        limit = timezone.now() - lifetime
        deleted = 0
        for token in tokens:
            _, files = _listdir(f"{folder}/{token}")
            modified = [default_storage.get_modified_time(f"{folder}/{token}/{f}") for f in files]
            if all(time < limit for time in modified):
                self.delete(user_id, token)
                deleted += 1
        _delete_folder(folder)  # only if nothing is left in it
        return deleted

    def sweep(self, lifetime: dt.timedelta = LIFETIME) -> int:
        """Delete every user's uploads older than `lifetime`; return how many were deleted."""
        users, _ = _listdir(self.root)
        return sum(self.purge_expired(int(user), lifetime) for user in users if user.isdigit())
