"""The milestones shared measurement can tell about (registered by MeasurementConfig.ready)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.phases.milestones import Evidence, Milestone, register

# Shared indicators are "agreed" when at least this many are in force with a published
# definition (a collective of collectives inherits its parent's).
AGREED_INDICATORS = 3


def _dashboard(collective) -> str:
    return reverse("measurement_dashboard", kwargs={"slug": collective.slug})


def _baselines(collective) -> Evidence:
    from backbone.measurement.models import Indicator, Target, TargetKind

    indicators = Indicator.objects.for_collective(collective)
    with_baseline = (
        Target.objects.filter(indicator__in=indicators, kind=TargetKind.BASELINE)
        .values("indicator")
        .distinct()
        .count()
    )
    if not with_baseline:
        return Evidence(False, _("No indicator has a baseline yet."))
    return Evidence(
        True,
        _("%(n)d of %(all)d indicators have a baseline.")
        % {"n": with_baseline, "all": indicators.count()},
        _dashboard(collective),
    )


def _agreed(collective) -> Evidence:
    from backbone.measurement.models import Indicator

    defined = (
        Indicator.objects.for_collective(collective)
        .annotate(published=Count("versions"))
        .filter(published__gt=0)
        .count()
    )
    says = _("%(n)d indicators with a published definition (%(needed)d needed).") % {
        "n": defined,
        "needed": AGREED_INDICATORS,
    }
    return Evidence(defined >= AGREED_INDICATORS, says, _dashboard(collective))


def _two_cycles(collective) -> Evidence:
    from backbone.measurement.models import Coverage, SubmissionStatus

    periods = (
        Coverage.objects.filter(
            submission__collective_id__in=collective.tree_ids(),
            submission__status=SubmissionStatus.APPROVED,
        )
        .values("period")
        .distinct()
        .count()
    )
    says = _("Approved figures for %d reporting periods.") % periods
    return Evidence(periods >= 2, says, _dashboard(collective))


register(
    Milestone("baseline_data", "initiate", 40, gettext_lazy("Baseline data gathered"), _baselines)
)
register(
    Milestone(
        "shared_indicators_agreed",
        "organize",
        20,
        gettext_lazy("Shared indicators agreed"),
        _agreed,
    )
)
register(
    Milestone(
        "data_two_cycles", "organize", 50, gettext_lazy("Data reported for two cycles"), _two_cycles
    )
)
