"""What the audit log shows of meetings, decisions and actions (registered by
MeetingsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from backbone.lib import audit
from backbone.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    MinutesVersion,
    Ratification,
    Vote,
)

audit.register(audit.History(MeetingSeries, collective="body__collective_id"))
audit.register(
    audit.History(
        Meeting,
        collective="collective_id",
        hidden=frozenset({"created_at", "created_by", "sequence"}),
    )
)
audit.register(audit.History(AgendaItem, collective="meeting__collective_id", group_by="meeting"))
audit.register(
    audit.History(
        Attendance,
        collective="meeting__collective_id",
        hidden=frozenset({"reply_token"}),
        group_by="meeting",
        label=lambda row, name: f"{name('person')} ({name('meeting')})",
        phrases={
            "created": audit.plural_phrase(
                "%(n)d person invited to %(group)s", "%(n)d people invited to %(group)s"
            ),
            "changed": audit.plural_phrase(
                "%(n)d attendance changed in %(group)s", "%(n)d attendances changed in %(group)s"
            ),
        },
    )
)
audit.register(
    audit.Log(
        MinutesVersion,
        collective="meeting__collective_id",
        when="published_at",
        who="published_by",
        label=lambda row, name: f"{row.meeting.title} v{row.number}",
        related=("meeting",),
        verbose_name=_("version of minutes"),
        verbose_name_plural=_("versions of minutes"),
        fields={"change_note": _("what changed")},
    )
)
audit.register(
    audit.History(
        Decision,
        collective="collective_id",
        hidden=frozenset({"created_at", "reviewed_reminded_on"}),
    )
)
audit.register(audit.History(Vote, collective="decision__collective_id", group_by="decision"))
audit.register(audit.History(Ratification, collective="decision__collective_id"))
audit.register(
    audit.History(
        ActionItem, collective="collective_id", hidden=frozenset({"created_at", "reminded_for"})
    )
)
