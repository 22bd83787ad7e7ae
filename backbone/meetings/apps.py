from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "backbone.meetings"
    label = "meetings"
    verbose_name = _("Meetings and decisions")

    def ready(self) -> None:
        # The audit log's records, the permission rules and the reminders' sweep.
        from backbone.meetings import audit, permissions, reminders  # noqa: F401
