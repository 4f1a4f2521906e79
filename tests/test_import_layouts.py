"""Documents laid out unlike the seeds are understood field by field (tests/documents/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.documents.corpus import documents, score_document

CORPUS = documents()


def test_it_has_a_corpus_of_thirty_documents_in_every_format() -> None:
    assert len(CORPUS) >= 30
    assert {path.suffix for path in CORPUS} == {".docx", ".xlsx", ".pdf", ".txt"}


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_it_understands_every_field_of_a_corpus_document(path: Path) -> None:
    score = score_document(path)
    assert score.misses == [], "\n".join(score.misses)
