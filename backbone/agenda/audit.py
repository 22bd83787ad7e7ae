"""What the audit log shows of the common agenda (registered by AgendaConfig.ready): the
agenda, each version published, the adoptions of a parent's agenda, the vocabulary of
strengths, the organizations' strengths, and who saved, published or discarded a draft (its
content left out: the versions are the record). Versions are only ever added (no history of
their own): each is an entry of its own, who published it and what changed."""

from django.utils.translation import gettext_lazy as _

from backbone.agenda.models import (
    Adoption,
    Agenda,
    AgendaDraft,
    AgendaVersion,
    OrganizationStrength,
    StrengthKind,
)
from backbone.lib import audit

audit.register(
    audit.History(
        Agenda,
        collective="collective_id",
        verbose_name=_("common agenda"),
        verbose_name_plural=_("common agendas"),
    )
)
audit.register(
    audit.Log(
        AgendaVersion,
        collective="agenda__collective_id",
        when="published_at",
        who="published_by",
        label=lambda row, name: f"{row.agenda} v{row.number}",
        related=("agenda__collective",),
        verbose_name=_("agenda version"),
        verbose_name_plural=_("agenda versions"),
        fields={"change_note": _("what changed")},
    )
)
audit.register(
    audit.History(
        Adoption,
        collective="collective_id",
        label=lambda row, name: f"{name('collective')} — {name('version')}",
        verbose_name=_("adoption of an agenda"),
        verbose_name_plural=_("adoptions of an agenda"),
    )
)
audit.register(
    audit.History(
        StrengthKind,
        collective="collective_id",
        hidden=frozenset({"position", "key"}),  # the key is for the API; the name is shown
        verbose_name=_("kind of strength"),
        verbose_name_plural=_("kinds of strength"),
    )
)
audit.register(
    audit.History(
        OrganizationStrength,
        collective="organization__collective_id",
        label=lambda row, name: f"{name('organization')} — {name('kind')}",
        verbose_name=_("strength of an organization"),
        verbose_name_plural=_("strengths of organizations"),
    )
)
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
