"""Names move from the JSON ``names``/``descriptions`` columns to one column per language.

``name`` and ``description`` were English; the JSON held the other languages by code.
A definition's counting rule, inclusion and exclusion were English.
"""

from django.db import migrations

LANGUAGES = ("uk", "he")


def _none_if_blank(value):
    return value or None


def fill(apps, schema_editor):
    for model_name in ("Dimension", "Category", "Indicator", "HistoricalIndicator"):
        model = apps.get_model("measurement", model_name)
        has_description = model_name.endswith("Indicator")
        for row in model.objects.all().iterator():
            fields = ["name_en"]
            row.name_en = row.name
            for lang in LANGUAGES:
                setattr(row, f"name_{lang}", _none_if_blank(row.names.get(lang)))
                fields.append(f"name_{lang}")
            if has_description:
                row.description_en = _none_if_blank(row.description)
                fields.append("description_en")
                for lang in LANGUAGES:
                    value = _none_if_blank(row.descriptions.get(lang))
                    setattr(row, f"description_{lang}", value)
                    fields.append(f"description_{lang}")
            row.save(update_fields=fields)
    version = apps.get_model("measurement", "IndicatorVersion")
    for row in version.objects.all().iterator():
        row.counting_rule_en = row.counting_rule
        row.inclusion_en = row.inclusion or None
        row.exclusion_en = row.exclusion or None
        row.save(update_fields=["counting_rule_en", "inclusion_en", "exclusion_en"])


class Migration(migrations.Migration):
    dependencies = [("measurement", "0007_translated_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
