"""Documents uploaded for import, kept between preview and confirmation (lib/uploads.py).

They lie under `imports/pending/<user id>/<token>/<name>` in the default storage.
"""

from __future__ import annotations

from orientir.lib.uploads import PendingStore

ROOT = "imports/pending"
STORE = PendingStore(ROOT)


def save_pending(user_id: int | None, name: str, data: bytes) -> str:
    """Store an upload for `user_id`; return its token."""
    return STORE.save(user_id, name, data)


def pending_path(user_id: int | None, token: str) -> str:
    """Return the stored file of `token`, or raise 404 (unknown, expired or someone else's)."""
    return STORE.path(user_id, token)


def load_pending(user_id: int | None, token: str) -> tuple[str, bytes]:
    return STORE.load(user_id, token)


def delete_pending(user_id: int | None, token: str) -> None:
    STORE.delete(user_id, token)
