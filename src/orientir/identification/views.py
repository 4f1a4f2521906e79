"""Identification pages: a school's results and flags, a municipality's analytics, runs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orientir.accounts import rules
from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404, visible
from orientir.identification import approval, leaders, selectors, words
from orientir.identification.filters import RunFilter
from orientir.identification.method import Settings
from orientir.identification.models import IdentificationRun
from orientir.identification.runs import RunRefused, compute, identification_run
from orientir.lib import years
from orientir.lib.listing import Column, Sorting, kept_query, page_of
from orientir.registry.models import AcademicYear, Municipality, Organisation
from orientir.registry.regions import get_region_or_404
from orientir.results import risks
from orientir.results.parsing import parse_year, year_problem


@require_safe
@login_required
def school_results(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    school = get_visible_or_404(Organisation.objects.schools(), request.user, pk=school_id)
    page = selectors.school_results(request.user, school)
    year, factors = risks.profile(request.user, school)
    context = {
        "page": page,
        "risk_year": year,
        "risk_factors": factors,
    }
    return render(request, "identification/school.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def school_risks(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    """Enter the school's «500+» risk profile for an academic year."""
    school = get_visible_or_404(Organisation.objects.schools(), request.user, pk=school_id)
    rules.check("edit_risk_profile", request.user, school)
    source = request.POST if request.method == "POST" else request.GET
    year, error = _asked_year(source.get("year", ""))
    if request.method == "POST" and not error:
        try:
            levels = risks.parse_levels(request.POST)
            risks.risk_profile_save(school=school, year=year, levels=levels, actor=request.user)
        except risks.RiskError as refused:
            error = str(refused)
        else:
            return redirect("school_results", school.pk)
    _, factors = risks.profile(request.user, school, year)
    context = {"school": school, "year": year, "factors": factors, "error": error}
    return render(request, "identification/risks.html", context, status=400 if error else 200)


def _asked_year(raw: str) -> tuple[int, str]:
    """Return the start year asked for (2019 or 2019/2020), or the current one and why not."""
    text = raw.strip()
    current = AcademicYear.containing(timezone.localdate())
    if not text:
        return current, ""
    if text.isdigit() and len(text) == 4:
        problem = years.range_problem(int(text))
        start: int | None = int(text)
    else:
        start = parse_year(text)
        problem = year_problem(text) if start is None else None
    if problem or start is None:
        return current, f"Поле «Учебный год»: {problem}."
    return start, ""


@require_safe
@login_required
def municipality_results(request: AuthenticatedHttpRequest, municipality_id: int) -> HttpResponse:
    municipality = get_visible_or_404(Municipality, request.user, pk=municipality_id)
    year = request.GET.get("year")
    page = selectors.municipality_results(
        request.user, municipality, int(year) if year and year.isdigit() else None
    )
    return render(request, "identification/municipality.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def region_runs(request: AuthenticatedHttpRequest, region_id: int) -> HttpResponse:
    region = get_region_or_404(request.user, region_id)
    error = ""
    if request.method == "POST":
        rules.check("run_identification", request.user)
        text = request.POST.get("year", "").strip()
        start = parse_year(text)
        if start is None:
            error = f"Поле «Учебный год»: {year_problem(text)}."
        else:
            computation = compute(start, [region], Settings())
            try:
                run = identification_run(computation=computation, region=region, actor=request.user)
            except RunRefused as refused:
                error = str(refused)
            else:
                return redirect("identification_run", run.pk)
    runs = list(
        visible(IdentificationRun, request.user)
        .filter(region=region)
        .select_related("academic_year", "created_by", "approved_by")
    )
    leaving, review = leaders.exit_and_review(runs)
    context = {
        "region": region,
        **_runs_page(request, region),
        "error": error,
        "leaving": leaving,
        "review": review,
    }
    return render(request, "identification/runs.html", context, status=400 if error else 200)


PAIRS_PER_PAGE = 20  # schools of the group with their ranked leader candidates


def _run_context(
    request: AuthenticatedHttpRequest, run: IdentificationRun, error: str = "", pair_error: str = ""
) -> dict:
    """The run's flagged schools and the group's leader candidates, a page of each, narrowed
    by a school's name (`q`); the approval form names every proposed and current status."""
    search = request.GET.get("q", "").strip()[:200]
    everyone = list(run.schools.select_related("school__municipality"))
    flagged = run.schools.exclude(flags=[]).select_related("school__municipality")
    targets = leaders.pairing_targets(everyone)
    if search:
        flagged = flagged.filter(
            Q(school__short_name__icontains=search) | Q(school__name__icontains=search)
        )
        found = set(flagged.values_list("school_id", flat=True))
        targets = [row for row in targets if row.school_id in found]
    rows = page_of(
        flagged.order_by("school__municipality__name", "school__short_name", "pk"), request.GET
    )
    pairs = page_of(targets, request.GET, "pairs_page", PAIRS_PER_PAGE)
    context = {
        "run": run,
        "search": search,
        "page": rows,
        "rows": [selectors.flagged(r) for r in rows.object_list],
        "kept": kept_query(request.GET),
        "pairs": pairs,
        "pairs_kept": _without(request.GET, "pairs_page"),
        "choices": [],
        "error": error,
        "pairings": leaders.suggestions(run, everyone, list(pairs.object_list)),
        "pair_error": pair_error,
        "settings": words.settings_in_words(run.settings or {}),
    }
    if run.approved_at is None and rules.allows("approve_identification", request.user):
        context["choices"] = _approval_choices(run, everyone)
    return context


def _without(params: Any, name: str) -> str:
    """The query string without one pager's number: each pager keeps the other's page."""
    query = params.copy()
    query.pop(name, None)
    return str(query.urlencode())


def _approval_choices(run: IdentificationRun, everyone: list[Any]) -> list[tuple[Any, ...]]:
    """(school, status, proposed, current) of every status the run proposes or the region
    has, by status and name: the form decides them all at once."""
    proposed, current = approval.proposals(run, everyone), approval.current(run)
    names = {row.school_id: row.school for row in everyone}
    names |= {s.school_id: s.school for s in current.values()}
    return sorted(
        (
            (names[school], status, (school, status) in proposed, (school, status) in current)
            for school, status in proposed | set(current)
        ),
        key=lambda c: (c[1], c[0].short_name),
    )


RUN_SORTING = Sorting(
    [
        Column("number", "Расчёт", ("pk",)),
        Column("year", "Учебный год", ("academic_year__start_year",)),
        Column("created", "Выполнен", ("created_at",)),
        Column("approved", "Утверждён", ("approved_at",)),
    ],
    default="-number",
)


def _runs_page(request: AuthenticatedHttpRequest, region: Any) -> dict[str, Any]:
    """The region's runs as a filtered, sorted page (their read data is not loaded)."""
    runs = (
        visible(IdentificationRun, request.user)
        .filter(region=region)
        .select_related("academic_year", "created_by", "approved_by")
        .defer("data", "settings")
    )
    found = RunFilter(request.GET, queryset=runs)
    return {
        "filter": found,
        "page": page_of(RUN_SORTING.order(found.qs, request.GET), request.GET, size=20),
        "kept": kept_query(request.GET),
        "headers": RUN_SORTING.headers(request.GET),
        "sort": RUN_SORTING.current(request.GET),
    }


@require_safe
@login_required
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = get_visible_or_404(
        IdentificationRun.objects.select_related("region", "academic_year"), request.user, pk=run_id
    )
    return render(request, "identification/run.html", _run_context(request, run))


@require_POST
@login_required
def run_approve(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = get_visible_or_404(
        IdentificationRun.objects.select_related("region", "academic_year"), request.user, pk=run_id
    )
    rules.check("approve_identification", request.user)
    keys = approval.proposals(run) | set(approval.current(run))
    decisions = [
        approval.Decision(
            school,
            status,
            f"include_{status}_{school}" in request.POST,
            request.POST.get(f"reason_{status}_{school}", ""),
        )
        for school, status in sorted(keys)
    ]
    try:
        approval.run_approve(
            run=run,
            actor=request.user,
            decisions=decisions,
            basis_text=request.POST.get("basis", ""),
        )
    except approval.ApprovalError as error:
        return render(
            request, "identification/run.html", _run_context(request, run, str(error)), status=400
        )
    return redirect("identification_run", run.pk)


@require_POST
@login_required
def run_pair(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Make a leader candidate the partner of a school the run proposes, for the run's year."""
    run = get_visible_or_404(
        IdentificationRun.objects.select_related("region", "academic_year"), request.user, pk=run_id
    )
    rules.check("approve_identification", request.user)
    try:
        target, leader = int(request.POST.get("target", "")), int(request.POST.get("leader", ""))
        leaders.partnership_create(run=run, target_id=target, leader_id=leader, actor=request.user)
    except ValueError as error:
        message = str(error) if isinstance(error, leaders.PairingError) else ""
        message = message or "Выберите школу и школу-лидера из списка."
        context = _run_context(request, run, pair_error=message)
        return render(request, "identification/run.html", context, status=400)
    return redirect("identification_run", run.pk)
