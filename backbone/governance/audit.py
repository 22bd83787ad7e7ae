"""What the audit log shows of governance (registered by GovernanceConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from backbone.governance.models import Body, BodyMembership
from backbone.lib import audit

audit.register(audit.History(Body, collective="collective_id", hidden=frozenset({"created_at"})))
audit.register(
    audit.History(
        BodyMembership,
        collective="body__collective_id",
        label=lambda row, name: f"{name('person')} — {row.get_role_display()} ({name('body')})",
        group_by="body",
        verbose_name=_("seat in a body"),
        verbose_name_plural=_("seats in bodies"),
        phrases={
            "created": ("%(n)d person joined %(group)s", "%(n)d people joined %(group)s"),
            "changed": ("%(n)d seat changed in %(group)s", "%(n)d seats changed in %(group)s"),
        },
    )
)
