"""Readiness instruments are versioned documents."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backbone.documents import registry
from backbone.lib.permissions import can
from backbone.readiness.models import InstrumentVersion
from backbone.readiness.permissions import Action

registry.register(
    registry.Kind(
        name="instrument",
        model=InstrumentVersion,
        collective=lambda version: version.instrument.collective,
        title=lambda version: _("Readiness instrument %s") % version.instrument.name,
        url=lambda version: reverse(
            "readiness_instrument",
            kwargs={"slug": version.instrument.collective.slug, "pk": version.instrument_id},
        ),
        can_view=lambda user, version: can(user, Action.READINESS_VIEW, version.instrument),
        related=("instrument__collective",),
        endorsable=False,
    )
)
