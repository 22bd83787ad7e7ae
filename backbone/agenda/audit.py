"""What the audit log shows of the agenda (registered by AgendaConfig.ready): who saved,
published or discarded a draft. Its content is left out: the published versions are the
agenda's record, and a draft's lists would fill the log."""

from django.utils.translation import gettext_lazy as _

from backbone.agenda.models import AgendaDraft
from backbone.lib import audit

audit.register(
    audit.History(
        AgendaDraft,
        collective="agenda__collective_id",
        label=lambda row, name: str(_("Draft of the common agenda")),
        hidden=frozenset({"content", "updated_at", "updated_by", "agenda"}),
        verbose_name=_("agenda draft"),
        verbose_name_plural=_("agenda drafts"),
        staff_only=True,
    )
)
