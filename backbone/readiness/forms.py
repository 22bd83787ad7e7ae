"""Forms of the readiness pages."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import TextForm
from backbone.readiness import defaults

NEW_STATEMENTS = 3


class CopyForm(TextForm):
    key = forms.ChoiceField(label=_("Instrument to copy"))

    def __init__(self, *args, taken: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (key, _(shipped["name"]))
            for key, shipped in defaults.DEFAULTS.items()
            if key not in taken
        ]


class InstrumentEditForm(TextForm):
    """The next version of an instrument: each condition's title, each statement's text and
    condition (a statement keeps its key, so rounds stay comparable when it is reworded),
    rows to remove, a new condition and new statements."""

    change_note = forms.CharField(label=_("What changed"), max_length=300)
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    new_condition = forms.CharField(label=_("New condition"), max_length=200, required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.initial.setdefault("based_on", version.number)
        choices = [(c["key"], c["title"]) for c in version.conditions]
        choices.append(("__new__", _("the new condition")))
        for c in version.conditions:
            self.fields[f"c-{c['key']}"] = forms.CharField(
                label=_("Title"), max_length=200, initial=c["title"]
            )
            self.fields[f"c-{c['key']}-remove"] = forms.BooleanField(
                label=_("Remove this condition"), required=False
            )
        for s in version.statements:
            self.fields[f"s-{s['key']}"] = forms.CharField(
                label=_("Statement"),
                max_length=500,
                initial=s["text"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"s-{s['key']}-condition"] = forms.ChoiceField(
                label=_("Condition"), choices=choices, initial=s["condition"]
            )
            self.fields[f"s-{s['key']}-remove"] = forms.BooleanField(
                label=_("Remove"), required=False
            )
        for i in range(NEW_STATEMENTS):
            self.fields[f"n-{i}"] = forms.CharField(
                label=_("New statement"), max_length=500, required=False
            )
            self.fields[f"n-{i}-condition"] = forms.ChoiceField(
                label=_("Condition"), choices=choices, required=False
            )

    def clean(self):
        data = super().clean()
        used = [
            name
            for name, value in data.items()
            if name.endswith("-condition")
            and value == "__new__"
            and (name.startswith("s-") or (data.get(name.removesuffix("-condition")) or "").strip())
        ]
        if used and not (data.get("new_condition") or "").strip():
            self.add_error(
                "new_condition", _("Name the new condition the statements are moved to.")
            )
        return data

    def rows(self):
        """(condition fields, [(statement fields)]) for the template, condition by condition."""
        for c in self.version.conditions:
            statements = [
                (
                    self[f"s-{s['key']}"],
                    self[f"s-{s['key']}-condition"],
                    self[f"s-{s['key']}-remove"],
                )
                for s in self.version.statements
                if s["condition"] == c["key"]
            ]
            yield self[f"c-{c['key']}"], self[f"c-{c['key']}-remove"], statements

    def new_rows(self):
        return [(self[f"n-{i}"], self[f"n-{i}-condition"]) for i in range(NEW_STATEMENTS)]

    def content(self) -> tuple[list[dict], list[dict]]:
        """(conditions, statements) of the next version, keys kept, new keys made unique."""
        data = self.cleaned_data
        conditions = [
            {**c, "title": data[f"c-{c['key']}"].strip()}
            for c in self.version.conditions
            if not data[f"c-{c['key']}-remove"]
        ]
        taken = {c["key"] for c in self.version.conditions} | {
            s["key"] for s in self.version.statements
        }
        new_key = ""
        if data["new_condition"].strip():
            new_key = _unique(slugify(data["new_condition"]) or "condition", taken)
            conditions.append(
                {
                    "key": new_key,
                    "title": data["new_condition"].strip(),
                    "group": "",
                    "description": "",
                }  # fmt: skip
            )

        def condition(value: str) -> str:
            return new_key if value == "__new__" else value

        statements = [
            {
                **s,
                "text": data[f"s-{s['key']}"].strip(),
                "condition": condition(data[f"s-{s['key']}-condition"]),
            }  # fmt: skip
            for s in self.version.statements
            if not data[f"s-{s['key']}-remove"]
        ]
        for i in range(NEW_STATEMENTS):
            text = data[f"n-{i}"].strip()
            if text:
                where = condition(data[f"n-{i}-condition"]) or ""
                key = _unique(f"{where or 'statement'}-new", taken)
                statements.append({"key": key, "condition": where, "text": text})
        return conditions, statements


def _unique(base: str, taken: set[str]) -> str:
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


DONT_KNOW = "dk"


class AnswerForm(TextForm):
    """A round's statements, each rated on the instrument's scale or "don't know"; the kind of
    respondent; anonymity where the round allows it."""

    kind = forms.ChoiceField(label=_("I answer as"))
    anonymous = forms.BooleanField(
        label=_("Answer anonymously: only my kind of respondent is kept with my answers"),
        required=False,
    )

    def __init__(self, *args, round, named: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        from backbone.readiness.models import RespondentKind

        self.round = round
        instrument = round.version.instrument
        self.fields["kind"].choices = [("", "—"), *RespondentKind.choices]
        if not round.allows_anonymous or not named:
            # Without a person (an invitation by address) the answer is anonymous anyway.
            del self.fields["anonymous"]
        labels = instrument.scale_labels or {}
        scale = [
            (str(n), f"{n} · {defaults.shown(labels[str(n)])}" if labels.get(str(n)) else str(n))
            for n in range(instrument.scale_min, instrument.scale_max + 1)
        ]
        for statement in round.version.statements:
            self.fields[f"q-{statement['key']}"] = forms.ChoiceField(
                label=defaults.shown(statement["text"]),
                choices=[*scale, (DONT_KNOW, _("don't know"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score or “don't know”.")},
            )

    def groups(self):
        """(condition, [bound fields]) in the instrument's order."""
        for condition in self.round.version.conditions:
            yield (
                condition,
                [
                    self[f"q-{s['key']}"]
                    for s in self.round.version.statements
                    if s["condition"] == condition["key"]
                ],
            )

    def scores(self) -> dict[str, int | None]:
        return {
            s["key"]: None
            if self.cleaned_data[f"q-{s['key']}"] == DONT_KNOW
            else int(self.cleaned_data[f"q-{s['key']}"])
            for s in self.round.version.statements
        }


class InviteForm(TextForm):
    emails = forms.CharField(
        label=_("E-mail addresses, one per line"), widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )  # fmt: skip
    people = forms.ModelMultipleChoiceField(
        label=_("People of the collective"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class OpenRoundForm(TextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.ModelChoiceField(label=_("Instrument"), queryset=None)
    allows_anonymous = forms.BooleanField(
        label=_("Anonymous answers allowed"), required=False, initial=True
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: (
            _("%(name)s, version %(n)d")
            % {
                "name": v.instrument.name,
                "n": v.number,
            }
        )


class RecommendationForm(TextForm):
    """One rule of an instrument: a condition, a score band, strength or weakness, a next
    step. The band's limits within the scale, order and overlaps are the service's to check."""

    condition = forms.ChoiceField(label=_("Condition"))
    # A text box that asks for decimals (the site's style covers text inputs; a number
    # input's spinner would step by whole points anyway).
    band_min = forms.DecimalField(
        label=_("From score"),
        max_digits=4,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    band_max = forms.DecimalField(
        label=_("To score"),
        max_digits=4,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    kind = forms.ChoiceField(label=_("Strength or weakness"))
    next_step = forms.CharField(label=_("Next step"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, instrument, **kwargs):
        from backbone.readiness.models import Recommendation

        super().__init__(*args, **kwargs)
        version = instrument.current_version()
        self.fields["condition"].choices = [
            (c["key"], c["title"]) for c in (version.conditions if version else [])
        ]
        self.fields["kind"].choices = Recommendation.Kind.choices
