"""What the audit log shows of webhooks (registered by WebhooksConfig.ready): who added one,
where it points, and when it was disabled or enabled. Never its secret (its history does not
keep it), nor the failure streak the sweep updates."""

from backbone.lib import audit
from backbone.webhooks.models import Webhook

audit.register(
    audit.History(
        Webhook,
        collective="collective_id",
        hidden=frozenset({"secret", "failing_since"}),
        staff_only=True,
    )
)
