from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "backbone.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from backbone.events import jobs, services

        services.register_sweep(jobs.fail_abandoned)
        services.register_sweep(jobs.purge_outputs)
