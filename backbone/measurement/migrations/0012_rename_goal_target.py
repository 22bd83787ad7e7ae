"""measurement.Goal becomes Target (baselines and targets): the common agenda brings goals of
its own. The table, its history and every row are kept; only names change."""

from django.conf import settings
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measurement", "0011_value_references_per_statement"),
        ("network", "0007_place_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="goal", name="goal_unique_subgroup"),
        migrations.RemoveConstraint(model_name="goal", name="goal_unique_everyone"),
        migrations.RenameModel(old_name="Goal", new_name="Target"),
        migrations.RenameModel(old_name="HistoricalGoal", new_name="HistoricalTarget"),
        migrations.AlterModelOptions(
            name="historicaltarget",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical target",
                "verbose_name_plural": "historical targets",
            },
        ),
        migrations.AlterField(
            model_name="target",
            name="category",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="targets",
                to="measurement.category",
                verbose_name="subgroup",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="collective",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="targets",
                to="network.collective",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="targets",
                to="measurement.indicator",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.UniqueConstraint(
                fields=("indicator", "collective", "kind", "period_start", "frequency", "category"),
                name="target_unique_subgroup",
            ),
        ),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.UniqueConstraint(
                condition=models.Q(("category__isnull", True)),
                fields=("indicator", "collective", "kind", "period_start", "frequency"),
                name="target_unique_everyone",
            ),
        ),
    ]
