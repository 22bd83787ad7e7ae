"""Indicator definitions become versioned documents (backbone.documents): the fields every
kind of document shares take that mechanism's names; nothing is lost."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measurement", "0012_rename_goal_target"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("indicatorversion", "author", "published_by"),
        migrations.RenameField("indicatorversion", "created_at", "published_at"),
        migrations.AlterModelOptions(
            name="indicatorversion",
            options={
                "ordering": ["indicator_id", "number"],
                "verbose_name": "indicator definition",
                "verbose_name_plural": "indicator definitions",
            },
        ),
        migrations.AlterField(
            model_name="indicatorversion",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.AlterField(
            model_name="indicatorversion",
            name="published_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="published"
            ),
        ),
        migrations.AlterField(
            model_name="indicatorversion",
            name="number",
            field=models.PositiveIntegerField(verbose_name="version"),
        ),
    ]
