"""The agenda's milestones (registered by AgendaConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.agenda.models import AgendaVersion
from backbone.documents.models import Endorsement
from backbone.phases.milestones import Evidence, Milestone, register


def _url(collective) -> str:
    return reverse("agenda_detail", kwargs={"slug": collective.slug})


def endorsed(collective) -> Evidence:
    """Met when a published version is endorsed by at least one member organization."""
    versions = list(AgendaVersion.objects.filter(agenda__collective=collective))
    found = Endorsement.objects.of(versions).standing().select_related("organization").first()
    if found is None:
        return Evidence(False, _("No organization has endorsed a version yet."), _url(collective))
    number = next(v.number for v in versions if v.pk == found.version_id)
    says = _("%(org)s endorsed version %(n)d on %(date)s.") % {
        "org": found.organization,
        "n": number,
        "date": found.given_on.isoformat(),
    }
    return Evidence(True, says, _url(collective))


def reviewed(collective) -> Evidence:
    """Met when a version after the first was published within the last 12 months."""
    since = timezone.now() - dt.timedelta(days=365)
    latest = (
        AgendaVersion.objects.filter(agenda__collective=collective, number__gt=1)
        .order_by("-number")
        .first()
    )
    if latest is None or latest.published_at < since:
        return Evidence(False, _("No revised version in the last 12 months."), _url(collective))
    says = _("Version %(n)d published on %(date)s.") % {
        "n": latest.number,
        "date": timezone.localdate(latest.published_at).isoformat(),
    }
    return Evidence(True, says, _url(collective))


register(
    Milestone("agenda_endorsed", "organize", 20, gettext_lazy("Common agenda endorsed"), endorsed)
)
register(
    Milestone("agenda_reviewed", "sustain", 20, gettext_lazy("Common agenda reviewed"), reviewed)
)
