"""The document `orientir identify --format json` prints (CONTRACTS.md), written a school at a time.

A national run lists tens of thousands of schools; building their explanations one by one
keeps the whole document (and its text) out of memory, from files and from the database alike.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, TextIO

from orientir.identification.explain import year_name
from orientir.identification.method import Settings


def write_document(
    year: int,
    settings: Settings,
    listed: list[int],
    entry: Callable[[int], dict[str, Any]],
    stream: TextIO,
) -> int:
    """Write the same text as `print_json` of the whole document; return the schools written.

    `entry(i)` gives the entry of the i-th school of `listed`'s numbering.
    """
    head = json.dumps(
        {"year": year_name(year), "settings": settings.as_json(), "schools": []},
        ensure_ascii=False,
        indent=2,
        default=str,
    )
    if not listed:
        stream.write(head + "\n")
        stream.flush()
        return 0
    stream.write(head.removesuffix("[]\n}") + "[\n")
    buffer = io.StringIO()
    for count, i in enumerate(listed):
        text = json.dumps(entry(i), ensure_ascii=False, indent=2, default=str)
        buffer.write((",\n    " if count else "    ") + text.replace("\n", "\n    "))
        if count % 500 == 499:
            stream.write(buffer.getvalue())
            buffer = io.StringIO()
    stream.write(buffer.getvalue() + "\n  ]\n}\n")
    stream.flush()
    return len(listed)
