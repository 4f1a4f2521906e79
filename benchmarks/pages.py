"""Page budgets: queries and median time of each page per role, against the layout-only page.

Run: `make bench` (SQLite, one generated region in var/bench) or, on a generated country,
`DATABASE_URL=postgres://… .venv/bin/python benchmarks/pages.py`. Pages are served from
this one process by Django's test client, so the figures are the server's own work (no
network, no browser). The layout-only page (`/health/layout/`: base template and menu)
is requested before each request of every page and each page's median is given as a
multiple of the layout's median over the same moments; the budget is 10×. `--save FILE`
keeps the figures, and `--against FILE` compares a run (the country) with a saved one (one
region): a page's ratio may grow by 20 % at most and its queries not at all. Not part of the
test suite: times depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BUDGET = 10.0  # a page may take this many times the layout-only page
GROWTH = 1.2  # from one region to the country, a page's ratio may grow by this factor
# A page measured with the cache emptied before each request: the dashboard as the first
# reader after a change gets it. Shown beside the budget, not counted in it.
FRESH = "!"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (15)")
    parser.add_argument("--region", help="код региона (по умолчанию первый)")
    parser.add_argument("--save", help="записать результаты в JSON-файл")
    parser.add_argument(
        "--against",
        help="JSON-файл прошлого прогона (одного региона): показать рост каждой страницы "
        f"и отметить рост больше {GROWTH - 1:.0%} или другое число запросов",
    )
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
    earlier = json.loads(Path(args.against).read_text("utf-8")) if args.against else None
    figures: dict[str, dict[str, dict[str, float]]] = {}
    over = grown = 0
    for role, (user, pages) in _pages(region).items():
        figures[role] = {}
        over += _measure(role, user, pages, args.repeat, figures[role])
        if earlier is not None:
            grown += _compare(role, figures[role], earlier.get(role, {}))
    if args.save:
        with open(args.save, "w", encoding="utf-8") as out:
            json.dump(figures, out, ensure_ascii=False, indent=1)
    print(f"\nСтраниц сверх бюджета {BUDGET:g}×: {over}")
    if earlier is not None:
        print(
            f"Страниц, выросших больше чем на {GROWTH - 1:.0%} "
            f"или сменивших число запросов: {grown}"
        )
    sys.exit(1 if over or grown else 0)


def _key(label: str) -> str:
    """A page's name without what depends on the data («программа школы (60 мер.)»)."""
    return re.sub(r"\s*\(.*\)$", "", label)


def _compare(role: str, now: dict[str, dict[str, float]], before: dict[str, Any]) -> int:
    """Print how each page of a role grew against an earlier run; return how many grew too much.

    Ratios to the layout-only page are compared, not milliseconds: each run's ratio is taken
    against the layout page of the same run, so a busier machine does not read as growth."""
    print(f"  рост против прошлого прогона ({role}):")
    grown = 0
    for key, page in now.items():
        old = before.get(key)
        if old is None:
            continue
        growth = page["ratio"] / old["ratio"]
        bad = growth > GROWTH or page["queries"] != old["queries"]
        grown += bad
        print(
            f"    {key:<34} {old['ratio']:>6.1f}× → {page['ratio']:>6.1f}×  "
            f"{growth - 1:>+6.0%}  запросов {int(old['queries'])} → {int(page['queries'])}"
            + ("  сверх допуска" if bad else "")
        )
    return grown


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
        (FRESH + "сводка, рассчитанная заново", reverse("dashboard")),
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


def _measure(
    role: str, user: Any, pages: list[tuple[str, str]], repeat: int, figures: dict[str, Any]
) -> int:
    """Print one role's table; return how many pages are over the budget."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"\n{role} ({user.username})")
    print(f"  {'страница':<34} {'ответ':>5} {'запросов':>8} {'медиана, мс':>11} {'× макет':>8}")
    layout_url, over = pages[0][1], 0
    for label, url in pages:
        fresh = label.startswith(FRESH)
        label = label.removeprefix(FRESH)
        first = client.get(url)  # warms the caches of templates and of the first query
        if first.status_code == 302:  # a front door: measure the page it sends the role to
            url = first["Location"]
        # The layout page is timed before each request of the page, so that the ratio is of two
        # medians taken at the same moments: a machine busy with other work slows both.
        times, layout_times = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(layout_url)
            layout_times.append(time.perf_counter() - started)
            if fresh:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        median = statistics.median(times) * 1000
        ratio = median / (statistics.median(layout_times) * 1000)
        if fresh:
            mark = "  (первый показ после изменения; вне бюджета)"
        else:
            mark = "" if ratio <= BUDGET else "  сверх бюджета"
            over += ratio > BUDGET
        figures[_key(label)] = {
            "status": response.status_code, "queries": len(queries), "median": median,
            "ratio": ratio,
        }  # fmt: skip
        print(
            f"  {label:<34} {response.status_code:>5} {len(queries):>8} "
            f"{median:>11.1f} {ratio:>7.1f}×{mark}"
        )
    return over


if __name__ == "__main__":
    main()
