from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhasesConfig(AppConfig):
    name = "backbone.phases"
    label = "phases"
    verbose_name = _("Phases")

    def ready(self) -> None:
        # The audit log's records, and the milestones ticked only by hand.
        from backbone.phases import audit, by_hand  # noqa: F401
