"""Forms for reporting execution: one occurrence, and a document that proves it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models.fields.files import FieldFile

from orientir.execution.completeness import ANY
from orientir.execution.evidence import ACCEPT, evidence_problem
from orientir.execution.models import Document, Execution
from orientir.execution.services import DOCUMENT_FIELDS, EXECUTION_FIELDS
from orientir.plans.versioned import VersionedModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_evidence_bytes() -> int:
    return int(getattr(settings, "ORIENTIR_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


class ExecutionForm(VersionedModelForm):
    class Meta:
        model = Execution
        fields = EXECUTION_FIELDS
        widgets = {"date": DATE, "description": TEXT, "audience": TEXT}
        help_texts = {"description": "Место, формат, цель."}

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["date"].required = True
        self.fields["description"].required = True


class DocumentForm(VersionedModelForm):
    """A document: a file (checked by its content) or a link, with kind, number and date."""

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        widgets = {"date": DATE, "file": forms.ClearableFileInput(attrs={"accept": ACCEPT})}
        labels = {"url": "Ссылка (если файла нет)"}

    def __init__(self, *args: Any, optional: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.optional = optional

    def is_empty(self) -> bool:
        """Whether the optional document part of a form was left blank."""
        data = self.data
        names = ["number", "date", "title", "issuer", "url"]
        return not any(data.get(self.add_prefix(n), "").strip() for n in names) and not (
            self.files.get(self.add_prefix("file"))
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        # A document being edited keeps its stored file unless a new one is chosen.
        if upload and hasattr(upload, "size") and not isinstance(upload, FieldFile):
            problem = evidence_problem(upload.name, upload.size, upload, max_evidence_bytes())
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A document recorded as written in a plan, with neither, may be corrected as it is.
        as_written = self.instance.pk and not self.instance.file and not self.instance.url
        if not data.get("file") and not data.get("url") and not as_written:
            raise forms.ValidationError("Приложите файл документа или укажите ссылку на него.")
        return data


class EvidenceRuleForm(forms.Form):
    """How many documents of each kind one occurrence of a kind of activity needs."""

    def __init__(self, *args: Any, initial_counts: dict[str, int], **kw: Any) -> None:
        super().__init__(*args, **kw)
        for kind, label in [(ANY, "любой подтверждающий документ"), *Document.Kind.choices]:
            self.fields[_field_name(kind)] = forms.IntegerField(
                label=str(label).capitalize(),
                min_value=0,
                max_value=100,
                initial=initial_counts.get(kind, 0),
                widget=forms.NumberInput(attrs={"class": "input--short"}),
            )

    def counts(self) -> dict[str, int]:
        """Return the valid counts by document kind; 0 means not required."""
        return {
            kind: self.cleaned_data[_field_name(kind)] or 0 for kind in [ANY, *Document.Kind.values]
        }


def _field_name(kind: str) -> str:
    return f"count_{kind or 'any'}"
