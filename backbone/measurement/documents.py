"""Indicator definitions are versioned documents (registered by MeasurementConfig.ready):
where one belongs, what it is called and who may see and endorse it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backbone.documents import registry
from backbone.lib.permissions import can
from backbone.measurement.models import IndicatorVersion
from backbone.measurement.permissions import Action

registry.register(
    registry.Kind(
        name="definition",
        model=IndicatorVersion,
        collective=lambda version: version.indicator.collective,
        title=lambda version: _("Definition of %s") % version.indicator.localized_name,
        url=lambda version: reverse(
            "definition_versions",
            kwargs={"slug": version.indicator.collective.slug, "code": version.indicator.code},
        ),
        can_view=lambda user, version: can(user, Action.INDICATOR_VIEW, version.indicator),
        related=("indicator__collective",),
    )
)
