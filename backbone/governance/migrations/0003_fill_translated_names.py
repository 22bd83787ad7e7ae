"""A body's name, purpose and role of government were English: they become the English texts."""

from django.db import migrations


def fill(apps, schema_editor):
    for model_name in ("Body", "HistoricalBody"):
        model = apps.get_model("governance", model_name)
        for row in model.objects.all().iterator():
            row.name_en = row.name
            row.purpose_en = row.purpose or None
            row.government_role_en = row.government_role or None
            row.save(update_fields=["name_en", "purpose_en", "government_role_en"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_translated_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
