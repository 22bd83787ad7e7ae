from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "backbone.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from backbone.events.services import register_sweep, subscribe
        from backbone.webhooks import audit, delivery, services  # noqa: F401

        subscribe(services.queue_deliveries)
        register_sweep(delivery.deliver_due)
