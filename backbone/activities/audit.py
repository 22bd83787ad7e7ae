"""What the audit log shows of activities (registered by ActivitiesConfig.ready): the
vocabulary (kinds of activity, groups served), every activity with its organizations and
places, progress reports and their review, files imported, and overlaps marked reviewed.
An import writes its rows in bulk, so a file of any size is one entry."""

from django.utils.translation import gettext_lazy as _

from backbone.activities.models import (
    Activity,
    ActivityImport,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    Group,
    OverlapReview,
    ProgressReport,
)
from backbone.lib import audit

audit.register(
    audit.History(
        ActivityKind,
        collective="collective_id",
        hidden=frozenset({"position", "code"}),
        verbose_name=_("kind of activity"),
        verbose_name_plural=_("kinds of activity"),
    )
)
audit.register(
    audit.History(
        Group,
        collective="collective_id",
        hidden=frozenset({"position", "code"}),
        verbose_name=_("group served"),
        verbose_name_plural=_("groups served"),
    )
)
audit.register(
    audit.History(
        Activity,
        collective="collective_id",
        hidden=frozenset({"source_key", "created_at", "created_by"}),
        batched=True,
        verbose_name=_("activity"),
        verbose_name_plural=_("activities"),
    )
)
audit.register(
    audit.History(
        ActivityOrganization,
        collective="activity__collective_id",
        label=lambda row, name: f"{name('activity')} — {name('organization')}",
        batched=True,
        verbose_name=_("organization of an activity"),
        verbose_name_plural=_("organizations of activities"),
    )
)
audit.register(
    audit.History(
        ActivityPlace,
        collective="activity__collective_id",
        label=lambda row, name: f"{name('activity')} — {name('place')}",
        batched=True,
        verbose_name=_("place of an activity"),
        verbose_name_plural=_("places of activities"),
    )
)
audit.register(
    audit.History(
        ProgressReport,
        collective="activity__collective_id",
        label=lambda row, name: f"{name('activity')} — {row.period}",
        hidden=frozenset({"submitted_at", "reviewed_at"}),
        verbose_name=_("progress report"),
        verbose_name_plural=_("progress reports"),
    )
)
audit.register(
    audit.Log(
        ActivityImport,
        collective="collective_id",
        when="at",
        who="by",
        label=lambda row, name: row.file_name,
        fields={"rows": _("rows"), "activities": _("activities")},
        verbose_name=_("import of activities"),
        verbose_name_plural=_("imports of activities"),
    )
)
audit.register(
    audit.History(
        OverlapReview,
        collective="collective_id",
        verbose_name=_("reviewed overlap"),
        verbose_name_plural=_("reviewed overlaps"),
    )
)
