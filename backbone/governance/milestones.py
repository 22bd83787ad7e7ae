"""The milestones governance can tell about (registered by GovernanceConfig.ready)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backbone.phases.milestones import Evidence, Milestone, register


def _seated(collective, kind):
    """The collective's active bodies of `kind` in which someone holds a seat today."""
    from backbone.governance.models import Body, BodyMembership

    seats = BodyMembership.objects.current().filter(body=OuterRef("pk"))
    return list(Body.objects.active().filter(Exists(seats), collective=collective, kind=kind))


def _home(collective) -> str:
    return reverse("collective_home", kwargs={"slug": collective.slug})


def _steering(collective) -> Evidence:
    from backbone.governance.models import BodyKind

    bodies = _seated(collective, BodyKind.STEERING)
    if not bodies:
        return Evidence(False, _("No steering committee with members yet."))
    return Evidence(True, _("%s sits with members.") % bodies[0].name, _home(collective))


def _backbone(collective) -> Evidence:
    from backbone.governance.models import BodyKind

    bodies = _seated(collective, BodyKind.BACKBONE)
    if not bodies:
        return Evidence(False, _("No backbone team with members yet."))
    return Evidence(True, _("%s sits with members.") % bodies[0].name, _home(collective))


def _working_groups(collective) -> Evidence:
    from backbone.governance.models import Body, BodyKind, ScopeOfWorkVersion

    scoped = Exists(ScopeOfWorkVersion.objects.filter(body=OuterRef("pk")))
    groups = list(
        Body.objects.active()
        .filter(collective=collective, kind=BodyKind.WORKING_GROUP)
        .annotate(scoped=scoped)
    )
    if not groups:
        return Evidence(False, _("No working group yet."))
    without = [group.name for group in groups if not group.scoped]
    if without:
        return Evidence(False, _("Without a published scope of work: %s.") % ", ".join(without))
    says = ngettext(
        "%d working group, with a published scope of work.",
        "%d working groups, each with a published scope of work.",
        len(groups),
    )
    return Evidence(True, says % len(groups), _home(collective))


register(
    Milestone(
        "steering_committee_formed",
        "initiate",
        30,
        gettext_lazy("Steering committee formed"),
        _steering,
    )
)
register(
    Milestone(
        "backbone_in_place", "organize", 40, gettext_lazy("Backbone team in place"), _backbone
    )
)
register(
    Milestone(
        "working_groups_chartered",
        "organize",
        30,
        gettext_lazy("Working groups chartered with scopes of work"),
        _working_groups,
    )
)
