from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import TextForm
from backbone.network.models import Phase


class TickForm(TextForm):
    key = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("How it was met"), max_length=500)


class MoveForm(TextForm):
    to_phase = forms.ChoiceField(label=_("Move to"), choices=Phase.choices)
    expected = forms.ChoiceField(widget=forms.HiddenInput, choices=Phase.choices)
    decided_on = forms.DateField(
        label=_("Decided on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Decision"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who decided, where (e.g. the steering committee's meeting), and why."),
    )
