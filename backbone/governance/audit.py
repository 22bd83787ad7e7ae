"""What the audit log shows of governance (registered by GovernanceConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from backbone.governance.models import Body, BodyMembership, ScopeOfWorkVersion
from backbone.governance.permissions import Action
from backbone.lib import audit
from backbone.lib.permissions import can


def _seats_the_reader_may_see(rows, viewer, collective_ids: list[int]):
    """Leave out seats in bodies whose member list the reader may not see (the permission
    module decides, body by body; such bodies are few)."""
    private = Body.objects.filter(members_private=True, collective_id__in=collective_ids)
    hidden = [
        body.pk
        for body in private.select_related("collective")
        if viewer is None or not can(viewer, Action.BODY_VIEW_MEMBERS, body)
    ]
    return rows.exclude(body_id__in=hidden) if hidden else rows


audit.register(audit.History(Body, collective="collective_id", hidden=frozenset({"created_at"})))
audit.register(
    audit.History(
        BodyMembership,
        collective="body__collective_id",
        label=lambda row, name: f"{name('person')} — {row.get_role_display()} ({name('body')})",
        group_by="body",
        verbose_name=_("seat in a body"),
        verbose_name_plural=_("seats in bodies"),
        visible_to=_seats_the_reader_may_see,
        phrases={
            "created": audit.plural_phrase(
                "%(n)d person joined %(group)s", "%(n)d people joined %(group)s"
            ),
            "changed": audit.plural_phrase(
                "%(n)d seat changed in %(group)s", "%(n)d seats changed in %(group)s"
            ),
        },
    )
)
audit.register(
    audit.Log(
        ScopeOfWorkVersion,
        collective="body__collective_id",
        when="published_at",
        who="published_by",
        label=lambda row, name: f"{row.body.name} v{row.number}",
        related=("body",),
        verbose_name=_("version of a scope of work"),
        verbose_name_plural=_("versions of scopes of work"),
        fields={"change_note": _("what changed")},
    )
)
