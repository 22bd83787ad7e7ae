"""What the audit log shows of readiness (registered by ReadinessConfig.ready): instruments,
their published versions, rounds opened and closed, and the recommendation rules.

Responses and answers are not registered, and keep no history: the log must not tell who
answered, or when, where a respondent answered anonymously."""

from django.utils.translation import gettext_lazy as _

from backbone.lib import audit
from backbone.readiness.models import Instrument, InstrumentVersion, Recommendation, Round

audit.register(
    audit.History(
        Instrument,
        collective="collective_id",
        verbose_name=_("readiness instrument"),
        verbose_name_plural=_("readiness instruments"),
    )
)
audit.register(
    audit.Log(
        InstrumentVersion,
        collective="instrument__collective_id",
        when="published_at",
        who="published_by",
        label=lambda row, name: f"{row.instrument.name} v{row.number}",
        related=("instrument",),
        verbose_name=_("version of a readiness instrument"),
        verbose_name_plural=_("versions of readiness instruments"),
        fields={"change_note": _("what changed")},
    )
)
audit.register(
    audit.History(
        Round,
        collective="collective_id",
        verbose_name=_("readiness round"),
        verbose_name_plural=_("readiness rounds"),
    )
)
audit.register(
    audit.History(
        Recommendation,
        collective="instrument__collective_id",
        label=lambda row, name: (
            f"{name('instrument')}: {row.condition} {row.band_min}–{row.band_max}"
        ),
        group_by="instrument",
        verbose_name=_("readiness recommendation"),
        verbose_name_plural=_("readiness recommendations"),
    )
)
