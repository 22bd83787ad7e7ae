from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import TextForm
from backbone.webhooks.models import KNOWN_KINDS, WebhookFormat


class WebhookForm(TextForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    # Checked by the service (backbone.webhooks.addresses), which says why an address is refused.
    url = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_(
            "The incoming webhook's address your chat service gives you, starting with https://."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=WebhookFormat.choices,
        help_text=_(
            "For Microsoft Teams, give the address of a Workflows webhook (the workflow "
            "“Post to a channel when a webhook request is received”): Office 365 connectors "
            "are retired, and their addresses stop working."
        ),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events to post"),
        choices=KNOWN_KINDS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
