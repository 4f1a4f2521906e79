"""How well and how fast a scanned road map is recognised (Tesseract with Russian).

A road map's PDF with a text layer is drawn as a scanner would give it (200 dpi, 0.4° askew,
grain and softness), wrapped in a PDF again, and read; its activities are compared field by
field with those read from the text layer.

Run: `.venv/bin/python benchmarks/ocr_scan.py [ACTIVITIES]` (default 30, three pages).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from typing import Any

FIELDS = ("number", "title", "responsible", "planned_result")


def scanned(pdf: bytes) -> bytes:
    """Draw every page of `pdf` as a grainy, crooked 200-dpi picture; return them as a PDF."""
    import numpy as np
    import pypdfium2
    from PIL import Image, ImageFilter

    grain = np.random.default_rng(1)
    pages = []
    for page in pypdfium2.PdfDocument(pdf):
        picture = page.render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        turned = picture.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
        crooked = np.asarray(turned, dtype=np.int16)
        noisy = crooked + grain.normal(0, 12, crooked.shape).astype(np.int16)
        image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
        pages.append(image.filter(ImageFilter.GaussianBlur(0.6)))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return out.getvalue()


def compare(expected: dict[str, Any], got: dict[str, Any]) -> tuple[int, int]:
    """Count the fields of the scan's activities equal to the text layer's, and all fields."""
    right = total = 0
    for want, have in zip(expected["activities"], got["activities"], strict=False):
        pairs = [(want[f], have[f]) for f in FIELDS]
        pairs.append((want["deadline"]["text"], have["deadline"]["text"]))
        right += sum(a == b for a, b in pairs)
        total += len(pairs)
    total += (len(FIELDS) + 1) * abs(len(expected["activities"]) - len(got["activities"]))
    return right, total


def main() -> None:
    os.environ["ORIENTIR_DATA_DIR"] = tempfile.mkdtemp(prefix="orientir-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from orientir.imports.parsing import parse_upload
    from orientir.imports.samples import roadmap_sample, to_pdf

    activities = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    text_layer = to_pdf(roadmap_sample(activities))
    scan = scanned(text_layer)
    expected = parse_upload(text_layer, "roadmap.pdf").as_json()
    started = time.monotonic()
    got = parse_upload(scan, "roadmap-scan.pdf").as_json()
    seconds = time.monotonic() - started
    right, total = compare(expected, got)
    print(f"activities: {len(expected['activities'])} read, {len(got['activities'])} recognised")
    print(f"fields as in the text layer: {right} of {total} ({right / max(total, 1):.0%})")
    print(f"recognition: {seconds:.1f} s")


if __name__ == "__main__":
    main()
