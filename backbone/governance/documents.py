"""Scopes of work are versioned documents (registered by GovernanceConfig.ready): where one
belongs, what it is called and who may see and endorse it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backbone.documents import registry
from backbone.governance.models import ScopeOfWorkVersion
from backbone.governance.permissions import Action
from backbone.lib.permissions import can

registry.register(
    registry.Kind(
        name="scope",
        model=ScopeOfWorkVersion,
        collective=lambda version: version.body.collective,
        title=lambda version: _("Scope of work of %s") % version.body.name,
        url=lambda version: reverse(
            "scope_versions", kwargs={"slug": version.body.collective.slug, "pk": version.body_id}
        ),
        can_view=lambda user, version: can(user, Action.BODY_VIEW, version.body),
        related=("body__collective",),
    )
)
