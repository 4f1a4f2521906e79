"""An entry of the calendar's month, written in Python: `{% calendar_entry entry %}`.

A region's month shows some 150 entries; as an included template each cost more than the
rest of its day (a URL, a truncation, six conditions). It prints what the template printed,
escaped the same way (`html.escape`, which Django's `escape` calls).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()

ID = 2_147_483_647  # stands for the activity's id in its URL, reversed once a page
PROGRESS = {"overdue": "просрочено", "done": "выполнено", "missed": "не выполнено в срок"}


@register.simple_tag(takes_context=True)
def calendar_entry(context: template.Context, entry: Any) -> SafeString:
    """One `dashboards.calendar.Entry`: its activity (with `progress`) and what the day marks."""
    url = context.render_context.get(__name__)
    if url is None:
        url = context.render_context[__name__] = reverse("activity", args=[ID])
    activity = entry.activity
    number = f"{escape(activity.number)} " if activity.number else ""
    title = escape(Truncator(activity.title).chars(48))
    marks = [entry.mark_label] if entry.mark != "due" else []
    if activity.progress in PROGRESS:
        marks.append(PROGRESS[activity.progress])
    said = "".join(f' <span class="entry__mark">{escape(mark)}</span>' for mark in marks)
    return mark_safe(  # each value is escaped
        f'<span class="entry entry--{escape(activity.progress)}">'
        f'<a href="{url.replace(str(ID), str(activity.pk))}" title="{escape(activity.title)}">'
        f"{number}{title}</a>{said}</span>"
    )
