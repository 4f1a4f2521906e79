"""Load the built-in catalogue of social-context indicators (kept apart from schema changes)."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from orientir.results.catalogue import BUILTIN_INDICATORS

    ContextIndicator = apps.get_model("results", "ContextIndicator")
    for code, (name, direction) in BUILTIN_INDICATORS.items():
        ContextIndicator.objects.update_or_create(
            code=code, defaults={"name": name, "direction": direction, "builtin": True}
        )


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
