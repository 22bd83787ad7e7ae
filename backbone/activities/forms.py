"""The forms of the activities pages: the list's and the matrix's filters, an activity with
its places (one row per place, people targeted and reached there), a comment, a progress
review, an import and an overlap marked reviewed. Choices are limited to the collective (and,
for a reporter, the organizations they report for); every rule is the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backbone.activities.models import ActivityKind, ActivityStatus, Group, OrganizationRole
from backbone.governance.models import Body, BodyKind
from backbone.lib.forms import CollatedModelChoiceField, TextForm
from backbone.measurement.models import Indicator
from backbone.network.models import Organization, Place

MAX_IMPORT_BYTES = 50 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def organizations_of(collective):
    return Organization.objects.active().in_collective_tree(collective)


def working_groups_of(collective):
    return Body.objects.filter(
        collective_id__in=[*collective.tree_ids(), *collective.ancestor_ids()],
        kind=BodyKind.WORKING_GROUP,
        archived_at__isnull=True,
    )


def place_label(place: Place) -> str:
    """How a place is offered and typed back: its code first (unique), then its name."""
    return f"{place.code} — {place.localized_name}"


class ActivityFilterForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=ActivityKind.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *ActivityStatus.choices], required=False
    )
    organization = CollatedModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False)
    group = forms.ModelChoiceField(
        label=_("Group served"), queryset=Group.objects.none(), required=False
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args, collective, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.for_collective(collective)
        self.fields["organization"].queryset = organizations_of(collective)
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = place_label
        self.fields["group"].queryset = Group.objects.for_collective(collective)
        self.fields["working_group"].queryset = working_groups_of(collective)


class AnalysisFilterForm(forms.Form):
    """The matrix's and the map's filters (what selectors.matrix takes)."""

    by = forms.ChoiceField(
        label=_("Columns"),
        choices=[("strategy", _("Strategies")), ("kind", _("Kinds of activity"))],
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    group = forms.ModelChoiceField(
        label=_("Group served"), queryset=Group.objects.none(), required=False
    )
    statuses = forms.MultipleChoiceField(
        label=_("Statuses"),
        choices=ActivityStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.for_collective(collective)
        self.fields["working_group"].queryset = working_groups_of(collective)


class ActivityForm(TextForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ModelChoiceField(label=_("Kind of activity"), queryset=ActivityKind.objects.none())
    lead = CollatedModelChoiceField(
        label=_("Lead organization"), queryset=Organization.objects.none()
    )
    implementing = forms.ModelMultipleChoiceField(
        label=_("Implementing partners"), queryset=Organization.objects.none(), required=False
    )
    funders = forms.ModelMultipleChoiceField(
        label=_("Funders"), queryset=Organization.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    strategy = forms.ChoiceField(
        label=_("Strategy"),
        required=False,
        help_text=_("Leave it empty to take the strategy of its kind."),
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    start = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end = forms.DateField(label=_("End"), required=False, widget=DATE)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups served"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators it contributes to"), queryset=Indicator.objects.none(), required=False
    )
    budget = forms.DecimalField(label=_("Budget"), max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    funding_source = forms.CharField(label=_("Funding source"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Why more people were reached than targeted, where they were."),
    )

    def __init__(self, *args, collective, leads, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.for_collective(collective)
        self.fields["lead"].queryset = leads
        partners = organizations_of(collective)
        self.fields["implementing"].queryset = partners
        self.fields["funders"].queryset = partners
        self.fields["strategy"].choices = [("", "—")] + [
            (s["key"], s.get("title") or s["key"]) for s in strategies
        ]
        self.fields["working_group"].queryset = working_groups_of(collective)
        self.fields["groups"].queryset = Group.objects.for_collective(collective)
        self.fields["indicators"].queryset = Indicator.objects.for_collective(collective)
        if leads.count() == 1:
            self.fields["lead"].initial = leads.first()

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def partners(self) -> list[tuple[Organization, str]]:
        data = self.cleaned_data
        return [(o, OrganizationRole.IMPLEMENTING) for o in data["implementing"]] + [
            (o, OrganizationRole.FUNDING) for o in data["funders"]
        ]


class PlaceRowForm(TextForm):
    """One place of the activity, typed or picked from the list (its code)."""

    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "activity-places", "autocomplete": "off"}),
    )
    targeted = forms.IntegerField(label=_("People targeted"), min_value=0, required=False)
    reached = forms.IntegerField(label=_("People reached"), min_value=0, required=False)

    def __init__(self, *args, places: dict[str, Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.places = places

    def clean_place(self) -> Place | None:
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        code = text.split(" — ", 1)[0].strip()
        place = self.places.get(code.casefold())
        if place is None:
            raise forms.ValidationError(
                _("“%s” is not a place of this collective: choose one from the list.") % text
            )
        return place


class BasePlaceFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            place = form.cleaned_data.get("place") if hasattr(form, "cleaned_data") else None
            if place is not None:
                if place.pk in seen:
                    raise forms.ValidationError(_("%s is given twice.") % place.code)
                seen.add(place.pk)


PlaceFormSet = forms.formset_factory(PlaceRowForm, formset=BasePlaceFormSet, extra=2)


class CommentForm(TextForm):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ProgressReviewForm(TextForm):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


class ImportForm(TextForm):
    file = forms.FileField(
        label=_("3W file (CSV, XLSX or HXL-tagged CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and say what it would change, save nothing"),
        required=False,
    )
    create_organizations = forms.BooleanField(
        label=_("Create the organizations it names that the collective does not have"),
        required=False,
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["create_organizations"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        return upload


class OverlapReviewForm(TextForm):
    place = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reviewed: complementary, not a duplicate. Why?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,  # the service says what is missing
    )
