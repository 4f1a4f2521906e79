"""Seed the default rules of evidence, from seed 000 «Отчетные документы и сроки».

The seminar's list is the seed's own; the others follow the documents the seeds record for
such activities (orders, protocols, programmes, agreements). Regions change them in the web
interface; these rows, without a region, stay as the defaults.
"""

from django.db import migrations

# activity type -> [(document kind, at least); an empty kind is any document
DEFAULTS = {
    "seminar": [
        ("letter", 1),
        ("programme", 1),
        ("press_release", 1),
        ("photo", 5),
        ("materials", 1),
        ("registration_sheet", 1),
    ],
    "conference": [
        ("letter", 1),
        ("programme", 1),
        ("press_release", 1),
        ("photo", 5),
        ("materials", 1),
        ("registration_sheet", 1),
    ],
    "webinar": [("letter", 1), ("programme", 1), ("materials", 1), ("registration_sheet", 1)],
    "methodological_day": [
        ("order", 1),
        ("programme", 1),
        ("photo", 3),
        ("registration_sheet", 1),
    ],
    "meeting": [("protocol", 1), ("registration_sheet", 1)],
    "course": [("order", 1), ("registration_sheet", 1)],
    "monitoring": [("order", 1), ("information_note", 1)],
    "roadmap": [("order", 1)],
    "transition_programme": [("order", 1)],
    "working_group": [("order", 1)],
    "agreement": [("agreement", 1)],
    "collection": [("materials", 1)],
    "other": [("", 1)],
}


def seed(apps, schema_editor):
    EvidenceRule = apps.get_model("execution", "EvidenceRule")
    EvidenceRule.objects.bulk_create(
        EvidenceRule(region=None, activity_type=activity_type, document_kind=kind, min_count=n)
        for activity_type, rows in DEFAULTS.items()
        for kind, n in rows
    )


def unseed(apps, schema_editor):
    apps.get_model("execution", "EvidenceRule").objects.filter(region=None).delete()


class Migration(migrations.Migration):
    dependencies = [("execution", "0002_evidencerule")]

    operations = [migrations.RunPython(seed, unseed)]
