"""Who runs a command: the user named by `--actor LOGIN`, or else the OS user, by name.

A command-line import writes as much as a web one, so its audit rows must say who did it.
With `--actor` the row has that user (and their territory rule applies where the service
asks it); without, the row keeps the name of the operating-system account that ran the
command, and the command says so.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model


class UnknownActor(Exception):
    """`--actor` names no active user."""


@dataclass(frozen=True)
class CommandActor:
    """The user a command acts as, or None and the OS account's name."""

    user: Any
    os_name: str = ""

    @property
    def label(self) -> str:
        """Return what the audit row keeps as `actor_label` ('' when there is a user)."""
        return "" if self.user is not None else f"{self.os_name} (командная строка)"

    @property
    def note(self) -> str:
        """Return the line a command prints when no user was named, else ''."""
        if self.user is not None:
            return ""
        return (
            f"В журнал изменений записан пользователь ОС «{self.os_name}»: "
            "укажите --actor LOGIN, чтобы записать пользователя Ориентира."
        )


def os_user() -> str:
    """Return the name of the operating-system account running the process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return "неизвестен"


def command_actor(login: str | None) -> CommandActor:
    """Return the user `login` names, or, without one, the OS user as a label."""
    if not login:
        return CommandActor(None, os_user())
    user = get_user_model().objects.filter(username=login, is_active=True).first()
    if user is None:
        raise UnknownActor(f"Пользователь «{login}» (--actor) не найден или отключён.")
    return CommandActor(user)
