"""What the audit log shows of the network (registered by NetworkConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from backbone.lib import audit
from backbone.network.forms import LANGUAGE_CHOICES
from backbone.network.models import (
    Affiliation,
    Collective,
    LivedExperience,
    Organization,
    Person,
)

audit.register(audit.History(Collective, collective="id", hidden=frozenset({"created_at"})))
audit.register(
    audit.History(
        Organization,
        collective="collective_id",
        hidden=frozenset({"normalized_name", "created_at"}),
        group_by="collective",
        phrases={
            "created": audit.plural_phrase(
                "%(n)d organization joined %(group)s", "%(n)d organizations joined %(group)s"
            )
        },
    )
)
audit.register(
    audit.History(
        Person,
        collective="collective_id",
        hidden=frozenset({"created_at"}),
        choices={"lived_experience": LivedExperience.choices, "languages": LANGUAGE_CHOICES},
        group_by="collective",
        phrases={
            "created": audit.plural_phrase(
                "%(n)d person added to %(group)s", "%(n)d people added to %(group)s"
            )
        },
    )
)
audit.register(
    audit.History(
        Affiliation,
        collective="organization__collective_id",
        label=lambda row, name: f"{name('person')} — {name('organization')}",
        group_by="organization",
        verbose_name=_("affiliation"),
        verbose_name_plural=_("affiliations"),
        phrases={
            "created": audit.plural_phrase(
                "%(n)d person joined %(group)s", "%(n)d people joined %(group)s"
            )
        },
    )
)
