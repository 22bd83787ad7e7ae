from django import forms
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import CollatedModelChoiceField, TextForm
from backbone.network.models import Organization


class EndorseForm(TextForm):
    organization = CollatedModelChoiceField(
        label=_("Endorse on behalf of"), queryset=Organization.objects.none()
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
