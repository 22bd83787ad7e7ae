"""Agenda versions are versioned documents (registered by AgendaConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backbone.agenda.models import AgendaVersion
from backbone.agenda.permissions import Action
from backbone.documents import registry
from backbone.lib.permissions import can

registry.register(
    registry.Kind(
        name="agenda",
        model=AgendaVersion,
        collective=lambda version: version.agenda.collective,
        title=lambda version: _("Common agenda of %s") % version.agenda.collective,
        url=lambda version: reverse(
            "agenda_detail", kwargs={"slug": version.agenda.collective.slug}
        ),
        can_view=lambda user, version: can(user, Action.AGENDA_VIEW, version.agenda.collective),
        related=("agenda__collective",),
    )
)
