"""The share of fields the importer understands over the layout corpus and the seeds.

Run: `.venv/bin/python benchmarks/import_corpus.py`.

Corpus documents (`tests/documents/`) are scored against their hand-written
`.expected.json` (see `tests/documents/corpus.py`). The seeds (`../shared/seeds/`, skipped
when absent) have no expected files, so for them a field counts as understood when the
document has the column and the importer filled the field from it: a number, a title, a
deadline whose dates were derived (or a deadline the text itself leaves undated, «по
графику»), a responsible, a planned result.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]


def seed_share(path: Path) -> tuple[int, int]:
    """Fields understood and fields present in a seed, by the columns its table has."""
    from orientir.imports.parsing import parse_document

    parsed = parse_document(path)
    present = {name for name, _ in parsed.columns}
    names = [
        ("number", "number"),
        ("title", "title"),
        ("deadline", "deadline"),
        ("responsible", "responsible"),
        ("result", "planned_result"),
    ]
    matched = total = 0
    for activity in parsed.as_json()["activities"]:
        for column, key in names:
            if column not in present and not (column == "deadline" and "date" in present):
                continue
            total += 1
            value = activity[key]
            if column == "deadline" and value is not None:
                value = value["start"] or value["end"] or value["kind"] == "event"
            matched += bool(value)
    return matched, total


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from tests.documents.corpus import documents, score_document

    matched = total = 0
    for path in documents():
        score = score_document(path)
        matched, total = matched + score.matched, total + score.total
        print(f"{path.name:42} {score.matched:4}/{score.total:<4} {score.share:7.1%}")
        for miss in score.misses[:3] if "-v" in sys.argv else []:
            print(f"    {miss}")
    print(f"{'corpus':42} {matched:4}/{total:<4} {matched / total:7.1%}")
    seeds = Path(os.environ.get("ORIENTIR_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
    if not seeds.is_dir():
        print("seeds: absent, skipped")
        return
    matched = total = 0
    for path in sorted(seeds.glob("0*.txt")):
        found, present = seed_share(path)
        matched, total = matched + found, total + present
        print(f"{path.name:42} {found:4}/{present:<4} {found / present:7.1%}")
    print(f"{'seeds':42} {matched:4}/{total:<4} {matched / total:7.1%}")


if __name__ == "__main__":
    main()
