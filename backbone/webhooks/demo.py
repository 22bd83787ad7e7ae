"""The demo's webhook: the national collective's meetings, decisions and action items posted
to a Slack channel. Its host does not resolve (hooks.example.org is reserved for examples),
so its deliveries are tried again and again in the background and shown as failing on the
webhooks page, without holding up anything else."""

from __future__ import annotations

from backbone.webhooks.models import Webhook, WebhookFormat
from backbone.webhooks.services import webhook_create

DEMO_URL = "https://hooks.example.org/backbone"


def build_webhooks(*, collectives, users, national_slug, **_later) -> Webhook:
    national = collectives[national_slug]
    existing = Webhook.objects.filter(collective=national, url=DEMO_URL).first()
    if existing is not None:
        return existing
    webhook, _secret = webhook_create(
        collective=national,
        by=users["staff"],
        name="Slack #backbone",
        url=DEMO_URL,
        format=WebhookFormat.SLACK,
        kinds=["meeting.", "decision.", "action."],
    )
    return webhook
