from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from backbone.accounts.models import RoleKind
from backbone.lib.forms import TextForm
from backbone.network.models import Organization


class InviteForm(TextForm):
    email = forms.EmailField(label=_("E-mail"))
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    organization = forms.ModelChoiceField(
        label=_("Organization (for a partner reporter)"),
        queryset=Organization.objects.none(),
        required=False,
    )

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            self.fields["organization"].queryset = Organization.objects.active().in_collective_tree(
                collective
            )


class AcceptInvitationForm(TextForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(TextForm):
    name = forms.CharField(label=_("Token name"), max_length=80)
