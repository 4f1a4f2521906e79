"""The filters of the activity table, and the forms that edit plans."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from django import forms
from django.db.models import QuerySet

from orientir.plans.activity_types import ActivityType
from orientir.plans.models import Activity, Plan, Section
from orientir.plans.review import check_approval_order
from orientir.plans.selectors import ActivityChoices
from orientir.plans.services import ACTIVITY_FIELDS, PARENT_KIND, PLAN_FIELDS, SECTION_FIELDS
from orientir.plans.versioned import VersionedModelForm, version_field
from orientir.registry.models import AcademicYear


class ActivityFilters(TypedDict):
    """The keyword arguments of `selectors.plan_page` that filter its activity table."""

    status: str
    only_overdue: bool


class ActivityFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "любой"), *Activity.Status.choices]
    )
    overdue = forms.BooleanField(label="Только просроченные", required=False)

    def filters(self) -> ActivityFilters:
        """Return the filters that are valid; an invalid value is dropped, not refused."""
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status", ""), "only_overdue": bool(data.get("overdue"))}


# ---------------------------------------------------------------------------------------
# Editing
# ---------------------------------------------------------------------------------------

TEXT = forms.Textarea(attrs={"rows": 3})


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """Return the form's field `name`, a choice field (`Form.fields` is typed as plain `Field`)."""
    return cast(forms.ChoiceField, form.fields[name])


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """Return the form's field `name`, which a foreign key or many-to-many field makes."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])  # generic only in the stubs


def _years(plan_first: int, plan_last: int) -> QuerySet[AcademicYear]:
    return AcademicYear.objects.filter(start_year__gte=plan_first, start_year__lte=plan_last)


class YearsMixin(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last.start_year < first.start_year:
            self.add_error("last_year", "Последний учебный год не может быть раньше первого.")
        return data


class PlanCreateForm(YearsMixin):
    kind = forms.ChoiceField(label="Вид плана")

    class Meta:
        model = Plan
        fields = ["kind", "title", "first_year", "last_year", "parent"]

    def __init__(self, *args: Any, kinds: list[Plan.Kind], parents: QuerySet[Plan], **kw: Any):
        super().__init__(*args, **kw)
        _choice(self, "kind").choices = [(k.value, k.label.capitalize()) for k in kinds]
        parent = _model_choice(self, "parent")
        parent.queryset = parents
        parent.empty_label = "— не указан —"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parent = data.get("parent")
        expected = PARENT_KIND.get(data.get("kind", ""))
        if parent is not None and parent.kind != expected:
            self.add_error("parent", "Этот план не может быть планом верхнего уровня для такого.")
        return data


class PlanPassportForm(YearsMixin, VersionedModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {name: TEXT for name in PLAN_FIELDS[5:]}

    def __init__(self, *args: Any, parents: QuerySet[Plan], **kw: Any):
        super().__init__(*args, **kw)
        parent = _model_choice(self, "parent")
        parent.queryset = parents
        parent.empty_label = "— не указан —"


class SectionForm(VersionedModelForm):
    class Meta:
        model = Section
        fields = SECTION_FIELDS
        labels = {"parent": "Входит в раздел"}

    def __init__(self, *args: Any, plan: Plan, **kw: Any):
        super().__init__(*args, **kw)
        sections = plan.sections.order_by("position", "pk")
        if self.instance.pk:
            sections = sections.exclude(pk=self.instance.pk)
        parent = _model_choice(self, "parent")
        parent.queryset = sections
        parent.empty_label = "— верхний уровень —"

    def clean_parent(self) -> Section | None:
        parent = self.cleaned_data.get("parent")
        ancestor, seen = parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.instance.pk and ancestor.pk == self.instance.pk:
                raise forms.ValidationError("Раздел не может входить сам в себя.")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return parent


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        labels = {
            "section": "Раздел",
            "academic_year": "Учебный год",
            "responsible_organisations": "Ответственные организации",
            "responsible_people": "Ответственные лица",
            "responsible_text": "Ответственные (как написать в плане)",
            "implements": "Реализует мероприятие плана верхнего уровня",
        }
        help_texts = {
            "deadline_text": "Как в плане: «до 1 ноября», «1-4 кв.», «Ноябрь 2018 – май 2019».",
            "academic_year": "Месяцы без года относятся к этому учебному году.",
            "responsible_text": "Если в реестре нет нужной организации или человека.",
        }
        widgets = {
            "title": TEXT,
            "responsible_text": TEXT,
            "audience": TEXT,
            "planned_result": TEXT,
            "execution_mark": TEXT,
            "responsible_organisations": forms.SelectMultiple(attrs={"size": 6}),
            "responsible_people": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, plan: Plan, choices: ActivityChoices, **kw: Any):
        super().__init__(*args, **kw)
        section = _model_choice(self, "section")
        section.queryset = plan.sections.order_by("position", "pk")
        section.empty_label = "— вне разделов —"
        _choice(self, "activity_type").choices = [
            ("", "— определить по названию —"),
            *ActivityType.choices,
        ]
        year = _model_choice(self, "academic_year")
        year.queryset = _years(plan.first_year.start_year, plan.last_year.start_year)
        year.empty_label = None
        _model_choice(self, "responsible_organisations").queryset = choices.organisations
        _model_choice(self, "responsible_people").queryset = choices.people
        implements = _model_choice(self, "implements")
        implements.queryset = choices.parent_activities
        implements.empty_label = "— не указано —"
        self.fields["deadline_text"].widget.attrs.update(
            {"data-deadline-preview": "", "autocomplete": "off"}
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Статус",
        required=False,
        choices=[("", "определять автоматически"), *Activity.Status.choices],
    )
    reason = forms.CharField(label="Причина", required=False, max_length=500, widget=TEXT)
    version = version_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") and not data.get("reason", "").strip():
            self.add_error("reason", "Укажите причину, по которой статус меняется вручную.")
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label="Комментарий", max_length=5000, widget=TEXT)
    execution = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000, widget=TEXT)


def comment_problem(form: forms.Form) -> str:
    """Say why a comment was not taken: empty, too long, or pointing at a wrong execution."""
    reasons = [str(message) for errors in form.errors.values() for message in errors]
    return "Комментарий не сохранён: " + " ".join(reasons).lower()


class ApprovalForm(forms.Form):
    """The approving order and the approver's confirmation: an approved plan is locked."""

    order_number = forms.CharField(
        label="Номер приказа об утверждении",
        max_length=50,
        error_messages={
            "required": "Укажите номер приказа об утверждении.",
            "max_length": "Номер приказа — не длиннее 50 знаков.",
        },
    )
    order_date = forms.DateField(
        label="Дата приказа",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": "Укажите дату приказа об утверждении.",
            "invalid": "Дата приказа — в виде ДД.ММ.ГГГГ.",
        },
    )
    confirm = forms.BooleanField(
        label="Подтверждаю утверждение плана",
        help_text="После утверждения содержание плана меняется только после возврата на доработку.",
        error_messages={"required": "Отметьте «Подтверждаю утверждение плана»."},
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "order_number" in cleaned and "order_date" in cleaned:
            try:
                check_approval_order(
                    self.plan, number=cleaned["order_number"], date=cleaned["order_date"]
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned
