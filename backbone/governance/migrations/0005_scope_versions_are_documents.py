"""Scopes of work become versioned documents (backbone.documents): the fields every kind of
document shares take that mechanism's names; nothing is lost."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_body_members_private"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("scopeofworkversion", "summary", "change_note"),
        migrations.RenameField("scopeofworkversion", "author", "published_by"),
        migrations.RenameField("scopeofworkversion", "created_at", "published_at"),
        migrations.AlterModelOptions(
            name="scopeofworkversion",
            options={
                "ordering": ["-number"],
                "verbose_name": "version of a scope of work",
                "verbose_name_plural": "versions of scopes of work",
            },
        ),
        migrations.AlterField(
            model_name="scopeofworkversion",
            name="change_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="what changed"),
        ),
        migrations.AlterField(
            model_name="scopeofworkversion",
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
            model_name="scopeofworkversion",
            name="published_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="published"
            ),
        ),
        migrations.AlterField(
            model_name="scopeofworkversion",
            name="number",
            field=models.PositiveIntegerField(verbose_name="version"),
        ),
    ]
