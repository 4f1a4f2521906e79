"""Fill the count table of evidence for every activity already recorded.

The same scoring as `execution.selectors.stored_scores`, over the historical models; the
pure functions it calls (rules by kind, scores, the kind a title names) are imported.
"""

from collections import Counter, defaultdict

from django.db import migrations
from django.db.models import Count

from orientir.execution.completeness import requirements_by_type, score
from orientir.plans.activity_types import ActivityType, guess_activity_type

BATCH = 2000


def fill(apps, schema_editor):
    Activity = apps.get_model("plans", "Activity")
    Execution = apps.get_model("execution", "Execution")
    EvidenceRule = apps.get_model("execution", "EvidenceRule")
    EvidenceCount = apps.get_model("execution", "EvidenceCount")
    rules = list(EvidenceRule.objects.all())
    by_region = {}
    for region in Activity.objects.values_list("plan__region", flat=True).distinct().order_by():
        by_region[region] = requirements_by_type(rules, region)
    pks = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        rows = Activity.objects.filter(pk__in=chunk).values_list(
            "pk", "plan__region", "activity_type", "title"
        )
        counts = defaultdict(Counter)
        activity_of = {}
        for execution, activity, kind, n in (
            Execution.objects.filter(activity__in=chunk)
            .values_list("pk", "activity", "documents__kind")
            .annotate(n=Count("documents"))
            .order_by()
        ):
            activity_of[execution] = activity
            if kind is not None:
                counts[execution][kind] += n
        per_activity = defaultdict(list)
        for execution, activity in activity_of.items():
            per_activity[activity].append(counts[execution])
        made = []
        for pk, region, activity_type, title in rows:
            kind = ActivityType(activity_type) if activity_type else guess_activity_type(title)
            requirements = by_region[region].get(kind, [])
            scores = [score(requirements, c) for c in per_activity[pk]]
            made.append(
                EvidenceCount(
                    activity_id=pk,
                    done=sum(s.done for s in scores),
                    needed=sum(s.needed for s in scores),
                    bare=sum(r.count for r in requirements),
                    executions=len(scores),
                    activity_type=activity_type,
                    title=title,
                )
            )
        EvidenceCount.objects.bulk_create(made)


class Migration(migrations.Migration):
    dependencies = [
        ("execution", "0005_evidence_count"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
