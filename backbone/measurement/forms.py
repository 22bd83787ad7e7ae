from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backbone.accounts.models import RoleKind
from backbone.accounts.permissions import Action, can
from backbone.network.models import Organization

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    file = forms.FileField(
        label=_("File (CSV, XLSX or HXL-tagged CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, user, collective, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(
            collective_id__in=collective.tree_ids(), archived_at__isnull=True
        )
        if not can(user, Action.SUBMISSION_REVIEW, collective):
            own = user.roles.current().filter(kind=RoleKind.REPORTER).values("organization_id")
            organizations = organizations.filter(pk__in=own)
        self.fields["organization"].queryset = organizations.order_by("name")
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; split it."))
        return upload


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
