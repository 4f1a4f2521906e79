"""Time parsing and importing a 200-activity road map into a fresh SQLite database.

Run: `.venv/bin/python benchmarks/import_roadmap.py` (target: under 2 s for both together).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="orientir-bench-")
    os.environ["ORIENTIR_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from orientir.imports.parsing import parse_upload
    from orientir.imports.samples import roadmap_sample, to_docx
    from orientir.imports.services import file_hash, plan_import
    from orientir.registry.models import Municipality, Organisation, Region

    region = Region.objects.create(name="Южная область", code="99")
    municipality = Municipality.objects.create(region=region, name="Лесной район")
    Organisation.objects.create(
        kind=Organisation.Kind.MUNICIPAL_AUTHORITY,
        name="Управление образованием Лесного района",
        short_name="УО",
        region=region,
        municipality=municipality,
    )
    data = to_docx(roadmap_sample(200, per_section=10))

    started = time.perf_counter()
    parsed = parse_upload(data, "roadmap.docx")
    parsed_at = time.perf_counter()
    result = plan_import(
        parsed=parsed,
        actor=None,
        region=region,
        municipality=municipality,
        file_name="roadmap.docx",
        digest=file_hash(data),
    )
    imported_at = time.perf_counter()
    again = plan_import(
        parsed=parsed,
        actor=None,
        region=region,
        municipality=municipality,
        file_name="roadmap.docx",
        digest=file_hash(data),
    )
    reimported_at = time.perf_counter()

    count = result.plan.activities.count()
    assert count == 200 and again.plan.pk == result.plan.pk, count
    print(f"docx: {len(data) / 1024:.0f} KB, activities: {count}")
    print(f"parse:    {parsed_at - started:.3f} s")
    print(f"import:   {imported_at - parsed_at:.3f} s")
    print(f"total:    {imported_at - started:.3f} s (target < 2 s)")
    print(f"re-import (update in place, no changes): {reimported_at - imported_at:.3f} s")
    sys.exit(0 if imported_at - started < 2 else 1)


if __name__ == "__main__":
    main()
