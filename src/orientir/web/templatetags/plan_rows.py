"""The rows a plan's page repeats, written in Python: `{% activity_row activity can_edit %}`,
`{% indicator_cells row may_enter_actuals %}` and `{% history_row row %}` (also on an
activity's page).

A plan draws this row 30–60 times a page. As a template (thirty variables, four filters, two
includes, a URL and three CSRF fields) it cost some 190 µs a row, two thirds of the plan
page's template time; here it takes about 30 µs: values escaped with the standard library's
`html.escape` (what Django's `escape` calls) and the URLs reversed once a page. It prints
what the template printed: keep it in step with `web/includes/activity_status.html`,
`plans/includes/evidence_score.html` and `plans/includes/row_actions.html`, which the other
pages include.
"""

from __future__ import annotations

from html import escape  # what Django's `escape` does, without its per-call wrapping
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.l10n import unlocalize
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from orientir.lib.numbers import written
from orientir.web.templatetags.ru import deadline_understood

register = template.Library()

NO_SCORE = '<span class="muted" title="нет проведений, которые нужно подтверждать">—</span>'
OVERDUE = ' <span class="badge badge--overdue">просрочено</span>'
ID = 2_147_483_647  # stands for the activity's id in the URLs reversed once a page
URLS: dict[str, tuple[str, list[Any]]] = {
    "view": ("activity", [ID]),
    "edit": ("activity-edit", [ID]),
    "up": ("activity-move", [ID, "up"]),
    "down": ("activity-move", [ID, "down"]),
    "delete": ("activity-delete", [ID]),
}


def _lines(text: str) -> str:
    """The `linebreaksbr` filter: escaped text with its line breaks kept (\r\n and \r too)."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _score(score: Any) -> str:
    """`plans/includes/evidence_score.html`."""
    if not (score and score.needed):
        return NO_SCORE
    modifier = (
        " evidence-score--complete"
        if score.complete
        else " evidence-score--empty"
        if score.done == 0
        else ""
    )
    return (
        f'<span class="evidence-score{modifier}" title="{score.done} из {score.needed} '
        f'требуемых документов">{score.percent} %</span>'
    )


def _urls(context: template.Context) -> dict[str, str]:
    """The row's URLs with `ID` for the activity's id, reversed once per page render."""
    urls = context.render_context.get(__name__)
    if urls is None:
        urls = {key: reverse(name, args=args) for key, (name, args) in URLS.items()}
        context.render_context[__name__] = urls
    return urls


def _url(urls: dict[str, str], key: str, pk: int) -> str:
    return urls[key].replace(str(ID), str(pk))


def _actions(context: template.Context, urls: dict[str, str], pk: int, number: str) -> str:
    """`plans/includes/row_actions.html` for an activity."""
    token = escape(str(context.get("csrf_token", "")))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    number = escape(number)
    return (
        '<span class="row-actions">'
        f'<a href="{_url(urls, "edit", pk)}" aria-label="Изменить мероприятие {number}">'
        "изменить</a>"
        f'<form method="post" action="{_url(urls, "up", pk)}">{csrf}<button type="submit" '
        f'class="icon-button" title="Выше" aria-label="Мероприятие {number} выше">↑</button>'
        "</form>"
        f'<form method="post" action="{_url(urls, "down", pk)}">{csrf}<button type="submit" '
        f'class="icon-button" title="Ниже" aria-label="Мероприятие {number} ниже">↓</button>'
        "</form>"
        f'<form method="post" action="{_url(urls, "delete", pk)}">{csrf}<button type="submit" '
        'class="icon-button icon-button--danger" title="Удалить мероприятие" '
        f'aria-label="Удалить мероприятие {number}">✕</button></form>'
        "</span>"
    )


@register.simple_tag(takes_context=True)
def activity_row(context: template.Context, activity: Any, can_edit: bool = False) -> SafeString:
    """One activity of `plan_pages.plan_page`: with `overdue`, `evidence`, the counts and
    `responsible_shown` set on it. Every value is escaped here, as the template did."""
    urls = _urls(context)
    pk = activity.pk
    audience = (
        f'<div class="muted small">Аудитория: {escape(activity.audience)}</div>'
        if activity.audience
        else ""
    )
    understood = deadline_understood(activity)
    if understood:
        understood = f'<div class="deadline-understood small">{escape(understood)}</div>'
    evidence = getattr(activity, "evidence", None)
    return mark_safe(  # each value above and below is escaped
        f'<tr id="activity-{pk}" class="activity-row{" is-overdue" if activity.overdue else ""}">'
        f'<td class="col-number nowrap">{escape(activity.number)}</td>'
        f'<td class="col-title"><a href="{_url(urls, "view", pk)}">{_lines(activity.title)}</a>'
        f"{audience}{_actions(context, urls, pk, activity.number) if can_edit else ''}</td>"
        f'<td class="col-deadline">{escape(activity.deadline_text or "—")}{understood}</td>'
        f"<td>{_lines(activity.responsible_shown)}</td>"
        f"<td>{_lines(activity.planned_result)}</td>"
        f"<td>{_lines(activity.execution_mark)}</td>"
        f'<td><span class="badge badge--activity-{escape(activity.status)}">'
        f"{escape(str(activity.get_status_display()))}</span>"
        f"{OVERDUE if activity.overdue else ''}</td>"
        f'<td class="num nowrap">{activity.execution_count} / {activity.document_count}</td>'
        f'<td class="num nowrap">{_score(evidence.score if evidence else None)}</td>'
        "</tr>"
    )


MARKS = {
    "met": ("achieved", "✓"),
    "close": ("close-to-plan", "≈"),
    "not_met": ("not-achieved", "✗"),
}
YEAR = 9999  # stands for the year in the URL of «внести факт», reversed once a page


def _indicator_url(context: template.Context, pk: int, year: int) -> str:
    key = f"{__name__}.indicator"
    url = context.render_context.get(key)
    if url is None:
        url = context.render_context[key] = reverse("indicator-actual", args=[ID, YEAR])
    return url.replace(str(ID), str(pk)).replace(str(YEAR), str(year))


@register.simple_tag(takes_context=True)
def indicator_cells(context: template.Context, row: Any, may_enter_actuals: bool) -> SafeString:
    """The planned and actual cells of a row of `web.indicator_pages.IndicatorTable`, each
    year's: a plan's twenty indicators over three years were half of the road map's template
    time as a template. Keep in step with the table of `web/includes/plan_indicators.html`."""
    cells = []
    for cell in row.cells:
        css, mark = MARKS.get(cell.achievement or "", ("", ""))
        label = escape(str(cell.achievement_label))
        actual = ""
        if cell.actual is not None:
            actual = f' data-actual="{escape(unlocalize(cell.actual))}"'
        note = ""
        if cell.computed:
            said = f"вычислено: {escape(cell.explanation)}" if cell.explanation else ""
            note = f'<span class="computed-note">{said or "нет данных для вычисления"}</span>'
        elif may_enter_actuals:
            url = _indicator_url(context, row.indicator.pk, cell.start_year)
            note = f' <a class="indicator-actual-link" href="{url}">внести факт</a>'
        cells.append(
            f'<td class="num">{escape(written(cell.planned)) or "—"}</td>'
            f'<td class="num{" " + css if css else ""}{" computed" if cell.computed else ""}" '
            f'data-year="{cell.start_year}"{actual}>{escape(written(cell.actual)) or "—"}'
            + (
                f' <span class="mark" title="{label}" aria-hidden="true">{mark}</span>'
                if mark
                else ""
            )
            + (f'<span class="visually-hidden">{label}</span>' if cell.achievement else "")
            + f"{note}</td>"
        )
    return mark_safe("".join(cells))  # each value above is escaped


def _text(value: Any) -> str:
    """A value as `{{ value }}` prints it, escaped."""
    return escape(str(value))


@register.simple_tag
def history_row(row: Any) -> SafeString:
    """One `audit.history.HistoryRow` of a plan's or an activity's history, as the list item
    `plans/includes/history.html` drew (twenty a page, each of two dates, a truncation and a
    table of changes, was a sixth of the plan page's template time)."""
    event = row.event
    at = timezone.localtime(event.at) if settings.USE_TZ else event.at
    what = f" · {escape(Truncator(event.object_repr).chars(80))}" if event.object_repr else ""
    changes = ""
    if row.changes:
        lines = []
        for change in row.changes:
            label = str(change.label)
            label = label[:1].upper() + label[1:]
            if change.before is None:
                cells = f'<td colspan="2">{_lines(str(change.after))}</td>'
            else:
                cells = (
                    f'<td class="history__before">{_lines(str(change.before))}</td>'
                    f"<td>→ {_lines(str(change.after))}</td>"
                )
            lines.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
        changes = f'<table class="history__changes">{"".join(lines)}</table>'
    return mark_safe(  # each value is escaped
        f'<li><div class="history__head"><time datetime="{at.isoformat()}">'
        f"{at:%d.%m.%Y %H:%M}</time> · <strong>{escape(row.label)}</strong>{what} · "
        f'<span class="muted">{escape(event.who)}</span></div>{changes}</li>'
    )
