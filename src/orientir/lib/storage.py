"""Uploaded files on disk that are stored whole or not at all.

Django's `FileSystemStorage` leaves the part it wrote when a write fails (a full disk), and a
file saved inside a transaction stays when the transaction rolls back. `FileSystemStorage`
here removes its own partial file and says "disk full" as `StorageFull`; `discarded_on_failure`
deletes what the block saved when the block fails, so rows and files never disagree.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import default_storage

# Errors of a disk (or the user's quota) that has no room left.
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
DISK_FULL = (
    "На сервере закончилось место для файлов: файл не сохранён, и ничего не записано. "
    "Сообщите администратору системы и повторите попытку позже."
)
_saved: ContextVar[list[str] | None] = ContextVar("orientir_saved_files", default=None)


class StorageFull(OSError):
    """The disk had no room for a file; nothing of the file was kept."""

    def __init__(self) -> None:
        super().__init__(errno.ENOSPC, DISK_FULL)

    def __str__(self) -> str:
        return DISK_FULL


def is_disk_full(error: BaseException | None) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


class FileSystemStorage(DjangoFileSystemStorage):
    """The default storage: a failed write leaves no partial file behind."""

    def _save(self, name: str, content: Any) -> str:
        # `save()` chose a free name; a file there after a failure is this write's remains.
        # (Django retries under another name only when this one is taken meanwhile.)
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            saved = super()._save(name, content)  # type: ignore[misc]  # not in the stubs
        except OSError as error:
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(path)
            if is_disk_full(error):
                raise StorageFull from error
            raise
        if (names := _saved.get()) is not None:
            names.append(saved)
        return saved


@contextlib.contextmanager
def discarded_on_failure() -> Iterator[None]:
    """Delete the files the default storage saved inside the block if the block raises.

    Put it around the block's transaction: a document's file is written before its row, so
    a row that is never committed (the database lost, the disk full for the next file)
    would otherwise leave its file on disk with nothing pointing to it.
    """
    outer, names = _saved.get(), list[str]()
    token = _saved.set(names)
    try:
        yield
    except BaseException:
        for name in names:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        raise
    finally:
        _saved.reset(token)
    if outer is not None:  # an enclosing block that fails later deletes these too
        outer.extend(names)
