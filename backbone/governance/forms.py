from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backbone.governance.models import BodyKind, MemberRole
from backbone.lib.forms import (
    CollatedModelChoiceField,
    TextForm,
    texts_given,
    translated_fields,
    translated_initial,
)
from backbone.network.models import Person


class BodyForm(TextForm):
    name_en, name_uk, name_he = translated_fields(_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *BodyKind.choices])
    purpose_en, purpose_uk, purpose_he = translated_fields(_("Purpose"), textarea=True)
    government_role_en, government_role_uk, government_role_he = translated_fields(
        _("Role of government"),
        textarea=True,
        help_text=_("In words: does government chair, sit as a member, observe, or stay out?"),
    )
    members_private = forms.BooleanField(
        label=_("Keep the member list private"),
        required=False,
        help_text=_(
            "Only the body's own members and the backbone staff see who sits in it; others see "
            "how many. For bodies whose purpose reveals their members' lived experience."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if not any(t.strip() for t in texts_given(cleaned, "name").values()):
            raise ValidationError(_("Give the body a name in at least one language."))
        return cleaned

    @staticmethod
    def initial_from(body) -> dict:
        return {
            "kind": body.kind,
            "members_private": body.members_private,
            **translated_initial(body, "name", "purpose", "government_role"),
        }


class MembershipForm(TextForm):
    person = CollatedModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    start_date = forms.DateField(
        label=_("From"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            ids = collective.tree_ids() + collective.ancestor_ids()
            self.fields["person"].queryset = Person.objects.active().filter(collective_id__in=ids)


class ScopeForm(TextForm):
    text = forms.CharField(label=_("Scope of work"), widget=forms.Textarea(attrs={"rows": 18}))
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
