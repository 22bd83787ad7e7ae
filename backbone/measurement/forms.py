from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backbone.accounts.models import RoleKind
from backbone.interchange import periods
from backbone.lib.forms import CollatedModelChoiceField, TextForm, texts_given, translated_fields
from backbone.lib.permissions import can
from backbone.measurement.models import (
    Aggregation,
    Assignment,
    Category,
    Dimension,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    TargetKind,
    TimeAggregation,
    Unit,
)
from backbone.measurement.permissions import Action
from backbone.network.models import Organization, Place

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def organizations_for(user, collective):
    """Staff may enter values for any organization; a reporter only for their own."""
    organizations = Organization.objects.filter(
        collective_id__in=collective.tree_ids(), archived_at__isnull=True
    )
    if not can(user, Action.SUBMISSION_REVIEW, collective):
        own = user.roles.current().filter(kind=RoleKind.REPORTER).values("organization_id")
        organizations = organizations.filter(pk__in=own)
    return organizations.order_by("name")


class UploadForm(TextForm):
    organization = CollatedModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    file = forms.FileField(
        label=_("File (CSV, XLSX or HXL-tagged CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, user, collective, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = organizations_for(user, collective)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; split it."))
        return upload


class ReturnForm(TextForm):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class GridChoiceForm(TextForm):
    """Which organization, period and indicators the web grid is for."""

    organization = CollatedModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    period = forms.CharField(label=_("Month"), max_length=7, help_text=_("For example 2026-10"))
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, collective, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = organizations_for(user, collective)
        self.fields["organization"].queryset = organizations
        indicators = (
            Indicator.objects.for_collective(collective)
            .exclude(aggregation="ratio")
            .filter(frequency="monthly")
        )
        if not can(user, Action.SUBMISSION_REVIEW, collective):
            # A reporter sees what they (or else their organization) are assigned to report.
            tree = collective.tree_ids()
            assigned = Assignment.objects.filter(collective_id__in=tree, user=user)
            if not assigned.exists():
                assigned = Assignment.objects.filter(
                    collective_id__in=tree, organization__in=organizations
                )
            if assigned.exists():
                indicators = indicators.filter(pk__in=assigned.values("indicator_id"))
        self.fields["indicators"].queryset = indicators
        if not self.is_bound:
            if organizations.count() == 1:
                self.fields["organization"].initial = organizations.first().pk
            self.fields["indicators"].initial = list(indicators.values_list("pk", flat=True))
            self.fields["period"].initial = periods.code_of(periods.current_month() - 1, "monthly")

    def clean_period(self):
        period = periods.parse(self.cleaned_data["period"])
        if period is None or period.frequency != periods.MONTHLY:
            raise forms.ValidationError(_("Write the month as 2026-10."))
        return period.start


class AdjustmentForm(TextForm):
    """Staff record how much partners' claims overlap for a place and month."""

    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    period = forms.CharField(label=_("Month"), max_length=7, help_text=_("For example 2026-10"))
    amount = forms.FloatField(label=_("Overlap to subtract"), min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(level__lte=1).order_by("level", "code")

    def clean_period(self):
        period = periods.parse(self.cleaned_data["period"])
        if period is None or period.frequency != periods.MONTHLY:
            raise forms.ValidationError(_("Write the month as 2026-10."))
        return period.start


class IndicatorForm(TextForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("For example in-care"))
    name_en, name_uk, name_he = translated_fields(_("Name"), max_length=200)
    description_en, description_uk, description_he = translated_fields(
        _("Description"), textarea=True
    )
    counting_rule_en, counting_rule_uk, counting_rule_he = translated_fields(
        _("Counting rule"), textarea=True, help_text=_("Exactly who or what is counted, and when.")
    )
    inclusion_en, inclusion_uk, inclusion_he = translated_fields(_("Who is counted"), textarea=True)
    exclusion_en, exclusion_uk, exclusion_he = translated_fields(
        _("Who is not counted"), textarea=True
    )
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    rate_per = forms.IntegerField(label=_("Rate per"), required=False, min_value=1)
    aggregation = forms.ChoiceField(
        label=_("Across places and categories"), choices=Aggregation.choices
    )
    time_aggregation = forms.ChoiceField(
        label=_("Over time"),
        choices=TimeAggregation.choices,
        help_text=_(
            "A flow (cases opened, children placed) adds up its months; a stock (children in "
            "care on the last day, foster families active) is its last value in the period. "
            "A ratio follows its two indicators."
        ),
    )
    population_rate_per = forms.IntegerField(
        label=_("Also show per N of the population"),
        required=False,
        min_value=1,
        help_text=_("For example 10000: children in care per 10,000 children living there."),
    )
    numerator = forms.ModelChoiceField(
        label=_("Numerator"), queryset=Indicator.objects.none(), required=False
    )
    denominator = forms.ModelChoiceField(
        label=_("Denominator"), queryset=Indicator.objects.none(), required=False
    )
    direction = forms.ChoiceField(label=_("Desired direction"), choices=Direction.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    owner = CollatedModelChoiceField(
        label=_("Owner"), queryset=Organization.objects.none(), required=False
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Reported by"),
        queryset=Dimension.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        scope = [collective.pk, *collective.ancestor_ids()]
        terms = Indicator.objects.for_collective(collective).exclude(aggregation="ratio")
        self.fields["numerator"].queryset = terms
        self.fields["denominator"].queryset = terms
        self.fields["owner"].queryset = Organization.objects.filter(
            collective_id__in=collective.tree_ids(), archived_at__isnull=True
        ).order_by("name")
        self.fields["dimensions"].queryset = Dimension.objects.filter(collective_id__in=scope)

    def clean(self):
        cleaned = super().clean()
        _require_some_language(cleaned, "name", _("Give the indicator a name in one language."))
        _require_some_language(cleaned, "counting_rule", _("Write the counting rule."))
        return cleaned

    def service_fields(self) -> dict:
        # The service's name and counting rule are the current language's; the boxes give
        # each language's, so the plain ones stay empty.
        return {"name": "", "counting_rule": "", **self.cleaned_data}


def _require_some_language(cleaned: dict, field: str, message) -> None:
    if not any(text.strip() for text in texts_given(cleaned, field).values()):
        raise forms.ValidationError(message)


class DefinitionForm(TextForm):
    counting_rule_en, counting_rule_uk, counting_rule_he = translated_fields(
        _("Counting rule"), textarea=True
    )
    inclusion_en, inclusion_uk, inclusion_he = translated_fields(_("Who is counted"), textarea=True)
    exclusion_en, exclusion_uk, exclusion_he = translated_fields(
        _("Who is not counted"), textarea=True
    )
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    change_note = forms.CharField(label=_("What changed"), max_length=300)
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        _require_some_language(cleaned, "counting_rule", _("Write the counting rule."))
        return cleaned

    def service_fields(self) -> dict:
        return {"counting_rule": "", **self.cleaned_data}


class TargetForm(TextForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    period = forms.CharField(
        label=_("Period"), max_length=7, help_text=_("2026-12, 2026-Q4 or 2026")
    )
    value = forms.FloatField(label=_("Value"))
    category = forms.ModelChoiceField(
        label=_("Subgroup"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("Leave empty for everyone."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            dimension__in=indicator.dimensions.all()
        ).select_related("dimension")

    def clean_period(self):
        period = periods.parse(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(_("Write the period as 2026-12, 2026-Q4 or 2026."))
        return period
