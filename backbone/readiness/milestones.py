"""The readiness milestones of the phases' checklists."""

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.phases.milestones import Evidence, Milestone, register


def _closed_rounds(collective):
    from backbone.readiness.models import Round

    return list(
        Round.objects.select_related("collective")
        .filter(collective=collective, closed_at__isnull=False, responses__isnull=False)
        .annotate(answers=Count("responses", distinct=True))
        .order_by("number")
    )


def _says(round) -> tuple[str, str]:
    says = _("Round %(n)d, closed on %(date)s with %(answers)d answers.") % {
        "n": round.number,
        "date": date_format(round.closes_on),
        "answers": round.answers,
    }
    url = reverse(
        "readiness_report", kwargs={"slug": round.collective.slug, "number": round.number}
    )
    return says, url


def _assessed(collective) -> Evidence:
    rounds = _closed_rounds(collective)
    if not rounds:
        return Evidence(False, _("No assessment round has been closed with answers."))
    return Evidence(True, *_says(rounds[0]))


def _repeated(collective) -> Evidence:
    rounds = _closed_rounds(collective)
    if len(rounds) < 2:
        return Evidence(False, _("A second assessment round has not been closed yet."))
    return Evidence(True, *_says(rounds[1]))


register(
    Milestone("readiness_assessed", "initiate", 10, gettext_lazy("Readiness assessed"), _assessed)
)
register(
    Milestone(
        "readiness_repeated", "sustain", 10, gettext_lazy("Readiness assessed again"), _repeated
    )
)
