"""Existing names become per-language names.

An organization's ``name`` was written in Ukrainian and ``name_latin`` in English (or
transliterated): they become ``name_uk`` and ``name_en``. Where no Latin name was given, the
one name becomes the English (default) name, which every language falls back to, as it was
shown before. A collective's name and description were English.
"""

from django.db import migrations

from backbone.lib.text import normalize_name


def _none_if_blank(value):
    return value or None


def fill(apps, schema_editor):
    for model_name in ("Organization", "HistoricalOrganization"):
        model = apps.get_model("network", model_name)
        for row in model.objects.all().iterator():
            if row.name_latin:
                row.name_en, row.name_uk = row.name_latin, row.name
            else:
                row.name_en, row.name_uk = row.name, None
            fields = ["name_en", "name_uk"]
            if model_name == "Organization":
                row.normalized_name_en = normalize_name(row.name_en)
                row.normalized_name_uk = row.name_uk and normalize_name(row.name_uk)
                row.normalized_name = row.normalized_name_en
                fields += ["normalized_name_en", "normalized_name_uk", "normalized_name"]
            row.save(update_fields=fields)
    for model_name in ("Collective", "HistoricalCollective"):
        model = apps.get_model("network", model_name)
        for row in model.objects.all().iterator():
            row.name_en, row.description_en = row.name, _none_if_blank(row.description)
            row.save(update_fields=["name_en", "description_en"])


class Migration(migrations.Migration):
    dependencies = [("network", "0004_translated_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
