"""What the audit log shows of endorsements (registered by DocumentsConfig.ready). The versions
themselves are registered by the app whose documents they are."""

from django.utils.translation import gettext_lazy as _

from backbone.documents.models import Endorsement
from backbone.lib import audit

audit.register(
    audit.History(
        Endorsement,
        collective="collective_id",
        label=lambda row, name: f"{name('organization')} — {name('person')}",
        hidden=frozenset({"version_type", "version_id", "collective"}),
        verbose_name=_("endorsement"),
        verbose_name_plural=_("endorsements"),
    )
)
