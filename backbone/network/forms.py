from __future__ import annotations

from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import (
    CollatedModelChoiceField,
    TextForm,
    texts_given,
    translated_fields,
    translated_initial,
)
from backbone.network.models import (
    ContactVisibility,
    LivedExperience,
    Organization,
    OrganizationKind,
    Person,
    Place,
    ResourcesTier,
    SectorCode,
)
from backbone.network.services import PERSON_FIELDS, check_organization_name

LANGUAGE_CHOICES = [
    ("uk", _("Ukrainian")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("crh", _("Crimean Tatar")),
    ("he", _("Hebrew")),
    ("pl", _("Polish")),
]


class OrganizationForm(TextForm):
    name_en, name_uk, name_he = translated_fields(_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *OrganizationKind.choices])
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=SectorCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    places_served = forms.ModelMultipleChoiceField(
        label=_("Places served"),
        queryset=Place.objects.filter(level__lte=1),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    resources_tier = forms.ChoiceField(
        label=_("Resources tier"), choices=[("", "—"), *ResourcesTier.choices], required=False
    )
    non_traditional = forms.BooleanField(
        label=_("Non-traditional actor in this field"),
        required=False,
        help_text=_("Not usually seen as part of this field, e.g. a business or a youth club."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    def __init__(self, *args, collective=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.collective, self.organization = collective, organization

    def clean(self):
        cleaned = super().clean()
        names = texts_given(cleaned, "name")
        if not any(n.strip() for n in names.values()):
            raise ValidationError(_("Give the organization a name in at least one language."))
        # The rule lives in the service; asking it here shows the error beside the box.
        if self.collective is not None:
            for code, name in names.items():
                try:
                    check_organization_name(
                        collective=self.collective,
                        name=name,
                        exclude_pk=self.organization.pk if self.organization else None,
                    )
                except ValidationError as error:
                    self.add_error(f"name_{code}", error.message_dict["name"])
        return cleaned

    @classmethod
    def initial_from(cls, organization: Organization) -> dict:
        return {
            **translated_initial(organization, "name"),
            "kind": organization.kind,
            "sectors": [s.code for s in organization.sectors.all()],
            "places_served": list(organization.places_served.all()),
            "resources_tier": organization.resources_tier,
            "non_traditional": organization.non_traditional,
            "website": organization.website,
            "email": organization.email,
            "phone": organization.phone,
        }


class OrganizationFilterForm(TextForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrganizationKind.choices], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All sectors")), *SectorCode.choices], required=False
    )
    place = forms.ModelChoiceField(
        label=_("Place served"),
        queryset=Place.objects.filter(level=1),
        required=False,
        empty_label=_("All places"),
    )
    non_traditional = forms.BooleanField(label=_("Non-traditional only"), required=False)
    archived = forms.BooleanField(label=_("Show archived"), required=False)


class PersonForm(TextForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_latin = forms.CharField(label=_("Name in Latin script"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_visibility = forms.ChoiceField(
        label=_("Who sees the e-mail and phone"),
        choices=ContactVisibility.choices,
        initial=ContactVisibility.BODIES,
        help_text=_("Everyone else sees only the name and the organization."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lived_experience = forms.MultipleChoiceField(
        label=_("Lived experience (optional, self-declared)"),
        choices=LivedExperience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Visible only to this person and to backbone staff."),
    )

    def __init__(self, *args, hidden: Collection[str] = (), **kwargs):
        """``hidden``: the fields the editor may not see (backbone.lib.privacy.hidden), left
        out of the form, so neither shown nor changed."""
        super().__init__(*args, **kwargs)
        for name in hidden:
            self.fields.pop(name, None)
            self.initial.pop(name, None)

    @classmethod
    def initial_from(cls, person: Person) -> dict:
        return {f: getattr(person, f) for f in PERSON_FIELDS}


class PersonFilterForm(TextForm):
    q = forms.CharField(label=_("Search"), required=False)
    organization = CollatedModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organizations"),
    )

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            self.fields["organization"].queryset = Organization.objects.active().in_collective_tree(
                collective
            )


class AffiliationForm(TextForm):
    organization = CollatedModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("Role at the organization"), max_length=120, required=False)
    speaks_for = forms.BooleanField(
        label=_("Speaks for the organization (may endorse documents on its behalf)"),
        required=False,
    )
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            self.fields["organization"].queryset = Organization.objects.active().in_collective_tree(
                collective
            )
