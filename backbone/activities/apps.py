from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "backbone.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from backbone.activities import audit  # noqa: F401
