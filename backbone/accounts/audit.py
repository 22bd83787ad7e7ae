"""What the audit log shows of accounts (registered by AccountsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from backbone.accounts.models import Role
from backbone.lib import audit


def _role(row, name) -> str:
    label = f"{name('user')} — {row.get_kind_display()}"
    return f"{label} ({name('organization')})" if row.organization_id else label


audit.register(
    audit.History(
        Role,
        collective="collective_id",
        label=_role,
        verbose_name=_("role"),
        staff_only=True,
        verbose_name_plural=_("roles"),
        hidden=frozenset({"created_at"}),
        group_by="collective",
        phrases={
            "created": (
                "%(n)d role granted in %(group)s",
                "%(n)d roles granted in %(group)s",
            )
        },
    )
)
