"""Ready the database of `make load` and write the people the load test plays, as JSON.

Run by scripts/load with DATABASE_URL set: migrates, fills an empty database with one
generated region (`orientir generate --regions 1`: 470 schools, plans of 30–60 activities,
executions, results, a user for every role and territory), and writes, for each user of
the first region, the pages that user opens day to day and the activities they may report
on and comment: found here through the ORM, so the locust users need no database.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

DOCUMENTS = Path(__file__).resolve().parents[2] / "tests" / "documents"
# A small document of each level, read and imported whole by the preview and its confirm
# (benchmarks/import_corpus.py checks their fields): a school programme for a school, a
# municipal plan for a municipality. The first import creates a draft plan of the document's
# year beside the generated one, the next ones find it unchanged, as a repeated upload does.
IMPORTS = {
    "school_manager": DOCUMENTS / "36_kind_school_plan_docx.docx",
    "municipal_coordinator": DOCUMENTS / "35_kind_municipal_plan_tab.txt",
}
# Evidence attached to an execution: an 18 KB PDF with a text layer.
EVIDENCE = DOCUMENTS / "07_period_pdf.pdf"
ACTIVITIES_PER_USER = 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientir.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from orientir.registry.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        print("load: база пуста, создаю один регион (orientir generate --regions 1)…", flush=True)
        call_command("generate", regions=1, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    region = Region.objects.order_by("code").first()
    assert region is not None
    accounts = _accounts(region)
    args.output.write_text(
        json.dumps(
            {"region": region.name, "evidence": str(EVIDENCE), "accounts": accounts},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    roles: dict[str, int] = {}
    for account in accounts:
        roles[account["role"]] = roles.get(account["role"], 0) + 1
    print(f"load: регион {region.name}, пользователей {len(accounts)}: {roles}", flush=True)


def _accounts(region: Any) -> list[dict[str, Any]]:
    """Every user of the region's roles with their pages, in the order locust takes them."""
    from orientir.accounts.models import User
    from orientir.accounts.roles import Role

    users = User.objects.filter(region=region, is_active=True).order_by("username")
    regional = [
        _account(u, region)
        for role in (Role.REGIONAL_COORDINATOR, Role.REGIONAL_ANALYST, Role.CURATOR)
        for u in users.filter(role=role)
    ]
    schools = [_account(u, region) for u in users.filter(role=Role.SCHOOL_MANAGER)]
    municipal = [_account(u, region) for u in users.filter(role=Role.MUNICIPAL_COORDINATOR)]
    # People at work are mostly schools: interleave so that the first 50 users (the steady
    # run) are the region's three, every school and as many municipalities as remain.
    room = max(0, 50 - len(regional) - len(schools))
    first, later = municipal[:room], municipal[room:]
    mixed = sorted(
        [(i / len(schools), 0, a) for i, a in enumerate(schools)]
        + [(j / max(1, len(first)), 1, a) for j, a in enumerate(first)],
        key=lambda item: (item[0], item[1]),
    )
    return regional + [a for _, _, a in mixed] + later


def _account(user: Any, region: Any) -> dict[str, Any]:
    from django.urls import reverse

    from orientir.accounts.roles import Role
    from orientir.plans.models import Activity, Plan

    common = [
        ("уведомления", reverse("notifications")),
        ("сводка", reverse("dashboard")),
        ("список мероприятий", reverse("dashboard-activities")),
        ("список планов", reverse("dashboard-plans")),
        ("список проведений", reverse("dashboard-executions")),
        ("список школ", reverse("dashboard-schools")),
        ("календарь сроков", reverse("calendar")),
        ("результаты школ", reverse("results_list")),
    ]
    pages: list[tuple[str, str]] = []
    plans = Plan.objects.none()
    if user.role == Role.SCHOOL_MANAGER:
        plans = Plan.objects.filter(school=user.organisation, kind=Plan.Kind.SCHOOL_PROGRAMME)
        pages = [("школа", reverse("school", args=[user.organisation_id]))]
    elif user.role == Role.MUNICIPAL_COORDINATOR:
        plans = Plan.objects.filter(
            municipality=user.municipality, kind=Plan.Kind.ROADMAP, school=None
        )
        pages = [("муниципалитет", reverse("municipality", args=[user.municipality_id]))]
        schools = Plan.objects.filter(
            municipality=user.municipality, kind=Plan.Kind.SCHOOL_PROGRAMME
        ).order_by("pk")
        pages += [("программа школы", reverse("plan", args=[p.pk])) for p in schools[:5]]
    elif user.role == Role.CURATOR:
        pages = [("сводка куратора", reverse("dashboard-curator"))]
        plans = Plan.objects.filter(region=region, kind=Plan.Kind.SCHOOL_PROGRAMME)
    else:
        pages = [
            ("регион", reverse("region", args=[region.pk])),
            ("муниципалитеты рядом", reverse("dashboard-municipalities", args=[region.pk])),
            ("показатели рядом", reverse("dashboard-indicators", args=[region.pk])),
            ("эффект программы", reverse("region_effect", args=[region.pk])),
            ("выявление", reverse("region_runs", args=[region.pk])),
        ]
        plans = Plan.objects.filter(region=region, kind=Plan.Kind.SCHOOL_PROGRAMME)
    plans = plans.exclude(state=Plan.State.ARCHIVED).order_by("pk")
    for plan in plans[:3]:
        label = "дорожная карта" if plan.kind == Plan.Kind.ROADMAP else "программа школы"
        pages.append((label, reverse("plan", args=[plan.pk])))
    activities = list(
        Activity.objects.filter(plan__in=plans[:3])
        .order_by("plan_id", "position")
        .values_list("pk", flat=True)[:ACTIVITIES_PER_USER]
    )
    reports = user.role in (Role.SCHOOL_MANAGER, Role.MUNICIPAL_COORDINATOR)
    document = IMPORTS.get(user.role)
    return {
        "username": user.username,
        "role": str(user.role),
        "pages": pages + common,
        # Activities of their own plans (reported on and commented) or of plans they see
        # (commented: curators and the region comment, they do not report).
        "activities": activities,
        "reports": reports,
        "import": str(document) if document else None,
        "export_region": region.pk if user.role == Role.REGIONAL_COORDINATOR else None,
    }


if __name__ == "__main__":
    main()
