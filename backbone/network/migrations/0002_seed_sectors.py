from django.db import migrations

SECTORS = [
    "child_protection", "social_protection", "family_support", "alternative_care", "education",
    "health", "disability", "justice", "housing", "mental_health", "livelihoods", "humanitarian",
]


def seed(apps, schema_editor):
    Sector = apps.get_model("network", "Sector")
    for code in SECTORS:
        Sector.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
