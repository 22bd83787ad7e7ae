from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "backbone.agenda"
    label = "agenda"
    verbose_name = _("Common agenda")

    def ready(self) -> None:
        # Agenda versions are versioned documents (backbone.documents); drafts, adoptions and
        # strengths are in the audit log.
        from backbone.agenda import audit, documents, milestones  # noqa: F401
