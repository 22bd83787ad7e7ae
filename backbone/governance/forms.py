from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backbone.governance.models import BodyKind, MemberRole
from backbone.network.models import Person


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *BodyKind.choices])
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    government_role = forms.CharField(
        label=_("Role of government"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("In words: does government chair, sit as a member, observe, or stay out?"),
    )


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    start_date = forms.DateField(
        label=_("From"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            ids = collective.tree_ids() + collective.ancestor_ids()
            self.fields["person"].queryset = Person.objects.active().filter(collective_id__in=ids)


class ScopeForm(forms.Form):
    text = forms.CharField(label=_("Scope of work"), widget=forms.Textarea(attrs={"rows": 18}))
    summary = forms.CharField(label=_("What changed"), max_length=200, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
