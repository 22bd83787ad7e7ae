"""The readiness milestones of the phases' checklists."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.phases.milestones import Evidence, Milestone, register


def _closed_rounds(collective):
    from backbone.readiness.models import Round

    return list(
        Round.objects.filter(
            collective=collective, closed_at__isnull=False, responses__isnull=False
        )
        .distinct()
        .order_by("number")
    )


def _assessed(collective) -> Evidence:
    rounds = _closed_rounds(collective)
    if not rounds:
        return Evidence(False, _("No assessment round has been closed with answers."))
    return Evidence(True, _("Round %d was closed with answers.") % rounds[0].number)


def _repeated(collective) -> Evidence:
    rounds = _closed_rounds(collective)
    if len(rounds) < 2:
        return Evidence(False, _("A second assessment round has not been closed yet."))
    return Evidence(True, _("Round %d repeated the assessment.") % rounds[1].number)


register(
    Milestone("readiness_assessed", "initiate", 10, gettext_lazy("Readiness assessed"), _assessed)
)
register(
    Milestone(
        "readiness_repeated", "sustain", 10, gettext_lazy("Readiness assessed again"), _repeated
    )
)
