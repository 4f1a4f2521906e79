"""Read the formats authorities still send (.doc, .rtf, .odt, .xls, .ods) through LibreOffice.

LibreOffice converts the file to .docx or .xlsx, which the existing readers then read, so every
layout they understand is understood in the old formats too. A document is converted once per
process for the same bytes: the upload, its preview and the confirmation each read it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from orientir.imports.errors import ImportProblem
from orientir.lib import office

# Each old format and the modern one LibreOffice turns it into.
TARGETS = {".doc": ".docx", ".rtf": ".docx", ".odt": ".docx", ".xls": ".xlsx", ".ods": ".xlsx"}
PACKAGES = "libreoffice-writer-nogui и libreoffice-calc-nogui"
TIMEOUT = 120  # seconds; a long road map in .doc converts in a few
_CACHE_SIZE = 8
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def missing_message(suffix: str) -> str:
    """The one Russian line saying what to install to read `suffix`."""
    return (
        f"Для чтения {suffix} установите LibreOffice: пакеты {PACKAGES} (make office), "
        "или сохраните документ как .docx/.xlsx."
    )


def to_modern(data: bytes, name: str, suffix: str) -> bytes:
    """Return `data` (an old-format document) converted to TARGETS[suffix]."""
    key = hashlib.sha256(suffix.encode() + data).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    target = TARGETS[suffix].lstrip(".")
    try:
        converted = office.convert(data, suffix, target, timeout=TIMEOUT)
    except office.OfficeNotInstalled as error:
        raise ImportProblem(f"Файл {name}: {missing_message(suffix)}") from error
    except office.OfficeTimeout as error:
        raise ImportProblem(f"Файл {name}: {error}") from error
    except office.OfficeMissing as error:
        raise ImportProblem(
            f"Файл {name}: LibreOffice не смог его открыть — он повреждён, защищён паролем "
            f"или это не документ {suffix}."
        ) from error
    with _cache_lock:
        _cache[key] = converted
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return converted
