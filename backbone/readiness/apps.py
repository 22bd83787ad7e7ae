from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "backbone.readiness"
    label = "readiness"
    verbose_name = _("Readiness assessment")

    def ready(self) -> None:
        from backbone.readiness import audit, documents, milestones  # noqa: F401
