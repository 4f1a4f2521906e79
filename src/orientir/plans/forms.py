"""The filters of the activity table."""

from django import forms

from orientir.plans.models import Activity


class ActivityFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "любой"), *Activity.Status.choices]
    )
    overdue = forms.BooleanField(label="Только просроченные", required=False)

    def filters(self) -> dict[str, object]:
        """Return the filters that are valid; an invalid value is dropped, not refused."""
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status", ""), "only_overdue": bool(data.get("overdue"))}
