"""Name a process so that another one can tell later whether it is still alive.

A background worker killed with SIGKILL says nothing; the rows it was working on stay
"running". Its name, `<host>:<pid>:<start>`, lets the next worker on the same machine see at
once that the process is gone: no such pid, or the pid now belongs to a process started at
another moment (pids are reused, and in a container every new worker may get the same one).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

# What fits of the host name, so that the whole name stays within django-tasks-db's 64 characters.
_HOST_LENGTH = 30


def _host() -> str:
    return socket.gethostname()[:_HOST_LENGTH].replace(":", "_")


def _started(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name, in parentheses, may hold spaces: count the fields after it.
    return stat.rpartition(")")[2].split()[19]


def process_name(pid: int | None = None) -> str:
    """Return `<host>:<pid>:<start>` of the process `pid` (this one by default)."""
    pid = os.getpid() if pid is None else pid
    return f"{_host()}:{pid}:{_started(pid)}"


def process_gone(name: str) -> bool:
    """Whether the process `name` (from `process_name`) surely no longer runs.

    False when it cannot be told: a name of another machine or of another form.
    """
    host, _, rest = name.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != _host() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        pass
    return bool(started) and _started(pid) not in ("", started)
