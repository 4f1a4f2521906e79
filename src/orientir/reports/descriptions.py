"""Writes of the municipalities' descriptions of their models of work (for the collection)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from orientir.accounts import rules
from orientir.accounts.models import User
from orientir.audit.models import record
from orientir.execution.evidence import evidence_problem, sniff
from orientir.registry.models import AcademicYear, Municipality
from orientir.reports.markup import docx_markup, words
from orientir.reports.models import ModelDescription

STALE = (
    "Описание уже изменил {who} ({when:%d.%m.%Y %H:%M}), пока вы его правили. Ваш текст "
    "ниже не сохранён: откройте страницу заново, сравните и внесите правку ещё раз."
)


def version(found: ModelDescription | None) -> str:
    """What the form carries back, to refuse saving over an edit made in the meantime."""
    return found.updated_at.isoformat() if found else ""


def upload_text(upload: UploadedFile) -> str:
    """Return the markup of an uploaded .docx, checked as evidence is; else ValidationError."""
    stream: Any = upload
    name = upload.name or "описание.docx"
    problem = evidence_problem(name, upload.size or 0, stream, settings.ORIENTIR_EVIDENCE_MAX_BYTES)
    if problem is None and sniff(stream) != "docx":
        problem = "Описание модели загружается из файла Word (.docx)."
    if problem:
        raise ValidationError(problem)
    text = docx_markup(upload.read())
    if not text.strip():
        raise ValidationError("В файле Word нет текста.")
    return text


def model_description_save(
    *,
    actor: User,
    municipality: Municipality,
    year: AcademicYear,
    text: str,
    source: str,
    loaded: str,
) -> ModelDescription:
    """Write the municipality's description of `year`; audit it with the text it replaced."""
    rules.check("write_model_description", actor, municipality)
    with transaction.atomic():
        found = (
            ModelDescription.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(municipality=municipality, academic_year=year)
            .first()
        )
        if version(found) != loaded and found is not None:
            who = found.updated_by.display_name if found.updated_by else "другой пользователь"
            raise ValidationError(STALE.format(who=who, when=found.updated_at))
        before = found.text if found else ""
        if found is None:
            found = ModelDescription(municipality=municipality, academic_year=year)
        found.text, found.source, found.updated_by = text, source, actor
        found.save()
        changes = {"year": year.name, "source": source, "words": words(text), "before": before}
        record(actor=actor, action="model_description.save", obj=found, changes=changes)
    return found
