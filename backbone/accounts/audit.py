"""What the audit log shows of accounts (registered by AccountsConfig.ready)."""

from axes.models import AccessFailureLog
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
            "created": audit.plural_phrase(
                "%(n)d role granted in %(group)s", "%(n)d roles granted in %(group)s"
            )
        },
    )
)


# Failed log-ins, from django-axes' own log of them (AXES_ENABLE_ACCESS_FAILURE_LOG): a row
# names only the username tried, so a collective's log shows the failures for the accounts
# that hold a role in it or below it. Names tried that are no one's account belong to no
# collective; the admin's access-failure list shows them.


def _failures_in(rows, collective_ids):
    accounts = Role.objects.filter(collective_id__in=collective_ids).values("user__username")
    return rows.filter(username__in=accounts)


def _failure_kind(row) -> tuple[str, str]:
    if row.locked_out:
        return "locked_out", _("locked out")
    return "login_failed", _("wrong password")


audit.register(
    audit.Log(
        AccessFailureLog,
        collective=_failures_in,
        when="attempt_time",
        who=lambda row: row.ip_address or "—",
        label=lambda row, name: row.username or "—",
        kind=_failure_kind,
        fields={"path_info": _("page"), "user_agent": _("browser")},
        verbose_name=_("failed log-in"),
        verbose_name_plural=_("failed log-ins"),
        staff_only=True,
    )
)
