"""Page budgets: queries and median time of each page per role, against the layout-only page.

Run: `make bench` (SQLite, one generated region in var/bench) or, on a generated country,
`DATABASE_URL=postgres://… .venv/bin/python benchmarks/pages.py`. Pages are served from
this one process by Django's test client, so the figures are the server's own work (no
network, no browser). The layout-only page (`/health/layout/`: base template and menu)
is measured in the same run and each page's median is given as a multiple of it; the
budget is 10×. Not part of the test suite: times depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from typing import Any

BUDGET = 10.0  # a page may take this many times the layout-only page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (15)")
    parser.add_argument("--region", help="код региона (по умолчанию первый)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from orientir.registry.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        print("База пуста: создаю один регион (orientir generate --regions 1)…", flush=True)
        call_command("generate", regions=1, verbosity=0)
    regions = Region.objects.order_by("code")
    region = regions.get(code=args.region) if args.region else regions.first()
    assert region is not None
    print(f"Регион {region.name}; регионов в базе: {regions.count()}; повторов: {args.repeat}")
    # The effect pages show the effect the worker computed (`orientir worker`): compute it
    # now, as the worker would on the first view, so that the pages show figures.
    from orientir.effect.tasks import effect_run_compute

    effect_run_compute(region_id=region.pk)
    over = 0
    for role, (user, pages) in _pages(region).items():
        over += _measure(role, user, pages, args.repeat)
    print(f"\nСтраниц сверх бюджета {BUDGET:g}×: {over}")
    sys.exit(1 if over else 0)


def _pages(region: Any) -> dict[str, tuple[Any, list[tuple[str, str]]]]:
    """Each role's user and its pages: the layout first, then what the role opens daily."""
    from django.db.models import Count
    from django.urls import reverse

    from orientir.accounts.models import User
    from orientir.accounts.roles import Role
    from orientir.plans.models import Plan

    programme = (
        Plan.objects.filter(region=region, kind=Plan.Kind.SCHOOL_PROGRAMME)
        .annotate(size=Count("activities"))
        .order_by("-size", "pk")
        .first()
    )
    assert programme is not None and programme.school is not None
    activity = programme.activities.order_by("position").first()
    assert activity is not None
    school, municipality = programme.school, programme.municipality
    assert municipality is not None
    common = [
        ("макет (только шаблон и меню)", reverse("health-layout")),
        ("уведомления", reverse("notifications")),
        ("сводка", reverse("dashboard")),
        ("список мероприятий", reverse("dashboard-activities")),
        ("список планов", reverse("dashboard-plans")),
        ("список школ", reverse("dashboard-schools")),
        ("список проведений", reverse("dashboard-executions")),
        ("результаты школ", reverse("results_list")),
        ("календарь сроков", reverse("calendar")),
        ("сроки списком", reverse("calendar-list")),
    ]
    regional = [
        ("муниципалитеты рядом", reverse("dashboard-municipalities", args=[region.pk])),
        ("показатели рядом", reverse("dashboard-indicators", args=[region.pk])),
        ("эффект программы", reverse("region_effect", args=[region.pk])),
        *_effect_pages(region),
    ]
    territory = [
        ("регион", reverse("region", args=[region.pk])),
        ("муниципалитет", reverse("municipality", args=[municipality.pk])),
        ("эффект муниципалитета", reverse("municipality_effect", args=[municipality.pk])),
        ("дорожная карта", reverse("plan", args=[programme.parent_id])),
    ]
    own = [
        ("школа", reverse("school", args=[school.pk])),
        ("эффект школы", reverse("school_effect", args=[school.pk])),
        (f"программа школы ({programme.size} мер.)", reverse("plan", args=[programme.pk])),
        ("мероприятие", reverse("activity", args=[activity.pk])),
    ]
    users = User.objects.filter(region=region)
    curator = users.get(role=Role.CURATOR)
    return {
        "региональный координатор": (
            users.get(role=Role.REGIONAL_COORDINATOR), common + regional + territory + own
        ),
        "региональный аналитик": (
            users.get(role=Role.REGIONAL_ANALYST), common + regional + territory
        ),
        "куратор": (curator, [*common, ("сводка куратора", reverse("dashboard-curator"))]),
        "муниципальный координатор": (
            users.get(role=Role.MUNICIPAL_COORDINATOR, municipality=municipality),
            common + territory[1:] + own,
        ),
        "представитель школы": (users.get(role=Role.SCHOOL_MANAGER, organisation=school),
                                common + own),
    }  # fmt: skip


def _effect_pages(region: Any) -> list[tuple[str, str]]:
    """The effect pages of the municipality with most schools in a cohort, and of one of
    them (the programme's school may have entered before the statuses begin: no cohort)."""
    from django.urls import reverse

    from orientir.effect.models import EffectRun

    run = EffectRun.objects.get(region=region)
    rows = [row for cohort in (run.document or {}).get("cohorts", []) for row in cohort["rows"]]
    if not rows:
        return []
    places = [row["municipality"] for row in rows]
    place = max(set(places), key=places.count)
    school = next(row["school"] for row in rows if row["municipality"] == place)
    return [
        ("эффект муниципалитета с когортой", reverse("municipality_effect", args=[place])),
        ("эффект школы когорты", reverse("school_effect", args=[school])),
    ]


def _measure(role: str, user: Any, pages: list[tuple[str, str]], repeat: int) -> int:
    """Print one role's table; return how many pages are over the budget."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"\n{role} ({user.username})")
    print(f"  {'страница':<34} {'ответ':>5} {'запросов':>8} {'медиана, мс':>11} {'× макет':>8}")
    layout, over = None, 0
    for label, url in pages:
        first = client.get(url)  # warms the caches of templates and of the first query
        if first.status_code == 302:  # a front door: measure the page it sends the role to
            url = first["Location"]
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        median = statistics.median(times) * 1000
        layout = layout or median
        ratio = median / layout
        mark = "" if ratio <= BUDGET else "  сверх бюджета"
        over += ratio > BUDGET
        print(
            f"  {label:<34} {response.status_code:>5} {len(queries):>8} "
            f"{median:>11.1f} {ratio:>7.1f}×{mark}"
        )
    return over


if __name__ == "__main__":
    main()
