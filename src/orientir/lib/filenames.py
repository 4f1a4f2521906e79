"""Names for stored files that every file system accepts (domain-free).

A file system limits a name to 255 bytes, and a Cyrillic letter takes two of them in UTF-8:
a title typed as a file name, «Приказ управления образования … о проведении семинара.pdf»,
is longer than that. The stored name is shortened by bytes, keeps its extension and leaves
room for the suffix the storage adds to make it unique; the name the user gave is kept apart.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

# Well below 255 bytes: room for the storage's `_abc1234` suffix and for careful file systems.
STORED_NAME_MAX_BYTES = 120
_EXTENSION_MAX_BYTES = 10


def original_name(name: str) -> str:
    """Return the last part of an uploaded file's name, as the user's computer called it."""
    base = PurePath(name.replace("\\", "/")).name
    return unicodedata.normalize("NFC", "".join(ch for ch in base if ch.isprintable())).strip()


def _cut(text: str, max_bytes: int) -> str:
    return text.encode()[:max_bytes].decode("utf-8", "ignore")


def stored_name(name: str, max_bytes: int = STORED_NAME_MAX_BYTES) -> str:
    """Return `name` shortened to at most `max_bytes` bytes of UTF-8, with its extension."""
    base = original_name(name)
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or len(extension.encode()) > _EXTENSION_MAX_BYTES:
        stem, extension = base, ""
    suffix = f".{extension.lower()}" if extension else ""
    stem = _cut(stem, max_bytes - len(suffix.encode())).rstrip(" ._-") or "file"
    return stem + suffix
