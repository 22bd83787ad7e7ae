from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "backbone.communication"
    verbose_name = _("Communication")

    def ready(self) -> None:
        from backbone.communication import services
        from backbone.events.services import register_sweep, subscribe

        subscribe(services.queue_deliveries)
        register_sweep(services.deliver_due)
        register_sweep(services.deliver_digests)
