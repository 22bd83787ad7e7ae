"""The agenda editor's form: the vision and problem, and one formset per list (goals,
strategies, assumptions, risks), each row an item with a hidden key, a "remove" box, and
blank rows to add. Choices (indicators, goals, bodies) are the collective's; what the lists
must satisfy is decided by services.validate_content, which the editor's errors come from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backbone.agenda import services
from backbone.governance.models import Body
from backbone.measurement.models import Indicator

BLANK = [("", "—")]
HORIZON_CHOICES = [
    *BLANK,
    ("short", gettext_lazy("Short term")),
    ("long", gettext_lazy("Long term")),
]
LEVEL_CHOICES = [
    *BLANK,
    ("low", gettext_lazy("Low")),
    ("medium", gettext_lazy("Medium")),
    ("high", gettext_lazy("High")),
]
EXTRA_ROWS = 2


class AgendaForm(forms.Form):
    based_on = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "invalid": gettext_lazy("The form was changed: open the page again."),
            "min_value": gettext_lazy("The form was changed: open the page again."),
            "required": gettext_lazy("The form was changed: open the page again."),
        },
    )
    # Not required here: "Write the vision." is the service's rule, shown where it belongs.
    vision = forms.CharField(
        label=gettext_lazy("Vision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    problem = forms.CharField(
        label=gettext_lazy("Problem"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    change_note = forms.CharField(
        label=gettext_lazy("What changed (shown with the version when it is published)"),
        required=False,
        max_length=300,
    )


class ItemForm(forms.Form):
    """One item of a list. `fields_of_item` are the item's own fields, as stored."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)
    fields_of_item: tuple[str, ...] = ()
    title_field = "title"

    def __init__(self, *args, choices: dict[str, list], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            if name in self.fields:
                self.fields[name].choices = options

    def item(self) -> dict[str, Any]:
        """The row as an item's fields (the key aside), values as the agenda stores them."""
        data = self.cleaned_data
        item: dict[str, Any] = {}
        for name in self.fields_of_item:
            value = data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            item[name] = value if value is not None else ""
        return item

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {"key": item.get("key", ""), **{n: item.get(n) for n in cls.fields_of_item}}


class GoalForm(ItemForm):
    title = forms.CharField(label=gettext_lazy("Goal"), max_length=300)
    horizon = forms.ChoiceField(
        label=gettext_lazy("Horizon"), choices=HORIZON_CHOICES, required=False
    )
    target_date = forms.DateField(
        label=gettext_lazy("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Indicators that measure it"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    fields_of_item = ("title", "horizon", "target_date", "indicators")


class StrategyForm(ItemForm):
    title = forms.CharField(label=gettext_lazy("Strategy"), max_length=300)
    goal = forms.ChoiceField(label=gettext_lazy("Goal it serves"), required=False)
    owner_body = forms.TypedChoiceField(
        label=gettext_lazy("Owner"), required=False, coerce=int, empty_value=None
    )
    fields_of_item = ("title", "goal", "owner_body")

    def item(self) -> dict[str, Any]:
        item = super().item()
        item["owner_body"] = self.cleaned_data.get("owner_body")  # a body's id, or None
        return item


class AssumptionForm(ItemForm):
    text = forms.CharField(label=gettext_lazy("Assumption"), max_length=500)
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Indicators that watch it"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    fields_of_item = ("text", "indicators")
    title_field = "text"


class RiskForm(ItemForm):
    risk = forms.CharField(label=gettext_lazy("Risk"), max_length=300)
    likelihood = forms.ChoiceField(
        label=gettext_lazy("Likelihood"), choices=LEVEL_CHOICES, required=False
    )
    impact = forms.ChoiceField(label=gettext_lazy("Impact"), choices=LEVEL_CHOICES, required=False)
    mitigation = forms.CharField(
        label=gettext_lazy("Mitigation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    owner = forms.CharField(label=gettext_lazy("Owner"), required=False, max_length=200)
    status = forms.CharField(label=gettext_lazy("Status"), required=False, max_length=100)
    review_date = forms.DateField(
        label=gettext_lazy("Review date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    threatens = forms.ChoiceField(label=gettext_lazy("Threatens"), required=False)
    fields_of_item = (
        "risk",
        "likelihood",
        "impact",
        "mitigation",
        "owner",
        "status",
        "review_date",
        "threatens",
    )
    title_field = "risk"

    def item(self) -> dict[str, Any]:
        item = super().item()
        kind, _sep, key = (self.cleaned_data.get("threatens") or "").partition(":")
        item["threatens"] = {"kind": kind, "key": key} if kind else {}
        return item

    @classmethod
    def initial_of(cls, item: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_of(item)
        threatens = item.get("threatens") or {}
        initial["threatens"] = (
            f"{threatens['kind']}:{threatens.get('key', '')}" if threatens.get("kind") else ""
        )
        return initial


class ItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")


ROW_FORMS: dict[str, type[ItemForm]] = {
    "goals": GoalForm,
    "strategies": StrategyForm,
    "assumptions": AssumptionForm,
    "risks": RiskForm,
}
SECTION_HEADINGS = {
    "goals": gettext_lazy("Goals"),
    "strategies": gettext_lazy("Strategies"),
    "assumptions": gettext_lazy("Assumptions (theory of change)"),
    "risks": gettext_lazy("Risks"),
}
ITEM_NAMES = {
    "goals": gettext_lazy("Goal"),
    "strategies": gettext_lazy("Strategy"),
    "assumptions": gettext_lazy("Assumption"),
    "risks": gettext_lazy("Risk"),
}
FALLBACK_KEYS = {"goals": "goal", "strategies": "strategy", "assumptions": "assumption"}


class AgendaEditor:
    """The whole editor: the main form and the four formsets, started from `base` (the draft
    or the current version), and the content they make once valid."""

    def __init__(
        self,
        *,
        collective,
        base: dict[str, Any],
        based_on: int,
        data=None,
        change_note: str = "",
    ) -> None:
        self.base = services.normalized(base)
        self.form = AgendaForm(
            data,
            initial={
                "based_on": based_on,
                "vision": self.base["vision"],
                "problem": self.base["problem"],
                "change_note": change_note,
            },
        )
        choices = _choices(collective, self.base)
        self.sets = {}
        for name, form_class in ROW_FORMS.items():
            formset = formset_factory(
                form_class, formset=ItemFormSet, extra=EXTRA_ROWS, can_delete=True
            )
            self.sets[name] = formset(
                data,
                prefix=name,
                initial=[form_class.initial_of(item) for item in self.base[name]],
                form_kwargs={"choices": choices},
            )
        self.errors: dict[str, list[str]] = {}  # section → the service's messages

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid, *(s.is_valid() for s in self.sets.values())])

    @property
    def based_on(self) -> int:
        return self.form.cleaned_data["based_on"]

    def content(self) -> dict[str, Any]:
        """The content the rows make: removed rows left out, blank new rows ignored, each
        existing item keeping its key (and any field the editor does not show), each new one
        a key made from its title."""
        content: dict[str, Any] = {
            "vision": self.form.cleaned_data["vision"],
            "problem": self.form.cleaned_data["problem"],
        }
        for name, formset in self.sets.items():
            existing = {item.get("key"): item for item in self.base[name] if item.get("key")}
            taken = set(existing)
            used: set[str] = set()
            items = []
            for form in formset.forms:
                if not form.has_changed() and not form.initial:
                    continue  # a blank row left blank
                if form.cleaned_data.get("DELETE"):
                    continue
                key = form.cleaned_data.get("key") or ""
                original = existing.get(key) if key not in used else None
                if original is None:
                    title = form.cleaned_data.get(form.title_field) or ""
                    key = services.new_key(title, taken, fallback=FALLBACK_KEYS.get(name, "risk"))
                    original = {}
                used.add(key)
                items.append(_merged(original, {"key": key, **form.item()}))
            content[name] = items
        return content

    def add_errors(self, error: ValidationError) -> None:
        """The service's refusal, shown next to the section it names."""
        if hasattr(error, "error_dict"):
            for section, messages in error.message_dict.items():
                self.errors.setdefault(section, []).extend(messages)
        else:
            self.errors.setdefault("general", []).extend(error.messages)

    def sections(self) -> list[dict[str, Any]]:
        """The four lists as the template shows them: heading, rows, the service's errors."""
        return [
            {
                "name": name,
                "heading": SECTION_HEADINGS[name],
                "item": ITEM_NAMES[name],
                "formset": formset,
                "errors": self.errors.get(name, []),
            }
            for name, formset in self.sets.items()
        ]


def _merged(original: dict[str, Any], edited: dict[str, Any]) -> dict[str, Any]:
    """An existing item with the edited fields; an empty field it never had stays absent, so
    that saving an untouched item does not count as changing it."""
    if not original:
        return edited
    merged = dict(original)
    for name, value in edited.items():
        if name in original or value not in ("", None, [], {}):
            merged[name] = value
    return merged


def _choices(collective, base: dict[str, Any]) -> dict[str, list]:
    indicators = list(
        Indicator.objects.for_collective(collective).order_by("code").values_list("code", "name")
    )
    indicator_choices = [(code, f"{code} — {name}") for code, name in indicators]
    goals = [(g["key"], g.get("title") or g["key"]) for g in base["goals"] if g.get("key")]
    assumptions = [
        (a["key"], a.get("text") or a["key"]) for a in base["assumptions"] if a.get("key")
    ]
    bodies = Body.objects.filter(collective=collective).order_by("name").values_list("pk", "name")
    return {
        "indicators": indicator_choices,
        "goal": [*BLANK, *goals],
        "owner_body": [*BLANK, *((str(pk), name) for pk, name in bodies)],
        "threatens": [
            *BLANK,
            (_("Goals"), [(f"goal:{k}", t) for k, t in goals]),
            (_("Assumptions"), [(f"assumption:{k}", t) for k, t in assumptions]),
            (_("Indicators"), [(f"indicator:{c}", label) for c, label in indicator_choices]),
        ],
    }
