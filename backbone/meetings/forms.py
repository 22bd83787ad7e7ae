"""The forms of the meetings pages; the rules themselves are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backbone.lib.forms import TextForm
from backbone.meetings.models import (
    DEFAULT_TIME_ZONE,
    ActionStatus,
    Choice,
    Procedure,
    RatificationRule,
    RatificationStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
ACCESS = ("step_free", "sign_language", "childcare", "breaks", "travel_support")


class MeetingForm(TextForm):
    body = forms.TypedChoiceField(label=_("Body"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Starts"), widget=TIME, initial=dt.time(10, 0))
    end = forms.TimeField(label=_("Ends"), widget=TIME, initial=dt.time(12, 0))
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("The times above are in this zone; each attendee sees them in their own."),
    )
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    monthly = forms.BooleanField(
        label=_("Part of the body's monthly series (parked items come back)"), required=False
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    interpretation = forms.CharField(
        label=_("Interpretation into"),
        max_length=200,
        required=False,
        help_text=_("The languages interpreted, e.g. “Ukrainian ↔ English”."),
    )
    sign_language = forms.BooleanField(label=_("Sign language"), required=False)
    childcare = forms.BooleanField(label=_("Childcare"), required=False)
    breaks = forms.BooleanField(label=_("Regular breaks"), required=False)
    travel_support = forms.BooleanField(label=_("Travel support"), required=False)
    access_note = forms.CharField(
        label=_("More on access"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lived_experience_last = forms.BooleanField(
        label=_("Members with lived experience speak last before a vote"), required=False
    )
    items = forms.CharField(
        label=_("Agenda items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; add the minutes after a bar: “Budget 2027 | 20”."),
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.name) for b in bodies]

    def clean_items(self) -> list[dict]:
        rows = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), 1):
            if not line.strip():
                continue
            title, _bar, minutes = line.partition("|")
            minutes = minutes.strip()
            if minutes and not minutes.isdigit():
                raise forms.ValidationError(
                    _("Line %(n)d: after the bar, the minutes as a number (“%(text)s”).")
                    % {"n": number, "text": minutes}
                )
            rows.append(
                {"title": title.strip()[:300], "minutes": int(minutes) if minutes else None}
            )
        return rows


class MeetingEditForm(MeetingForm):
    """A meeting's time, place and access, changed (its body, series and agenda stay)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("body", "monthly", "items"):
            del self.fields[name]


class ItemForm(TextForm):
    title = forms.CharField(label=_("Item"), max_length=300)
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=600, required=False
    )


class DecisionForm(TextForm):
    motion = forms.CharField(label=_("Motion"), widget=forms.Textarea(attrs={"rows": 3}))
    procedure = forms.ChoiceField(label=_("How the body decides"), choices=Procedure.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For score and ranked choice: the options to choose among, one per line."),
    )
    score_max = forms.IntegerField(
        label=_("Highest score"),
        min_value=1,
        max_value=10,
        initial=5,
        required=False,
        help_text=_("For score: each option is scored from 0 to this."),
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("How many members must take part; 0: no quorum."),
    )
    closes_at = forms.DateTimeField(
        label=_("Votes close"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For a decision taken outside a meeting."),
    )
    ratification = forms.ChoiceField(
        label=_("Ratification by the collectives below"),
        choices=RatificationRule.choices,
        required=False,
    )
    ratification_count = forms.IntegerField(
        label=_("How many must ratify"), min_value=1, required=False
    )

    agenda_keys = forms.MultipleChoiceField(
        label=_("Goals and strategies of the common agenda it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, below: int = 0, agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_keys"].choices = list(agenda)
        if not agenda:
            del self.fields["agenda_keys"]
        if not below:
            del self.fields["ratification"]
            del self.fields["ratification_count"]

    def option_lines(self) -> list[str]:
        return (self.cleaned_data.get("options") or "").splitlines()


class VoteForm(TextForm):
    choice = forms.ChoiceField(
        label=_("Your position"), choices=Choice.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("An objection says what would have to change."),
    )

    def __init__(self, *args, procedure: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if procedure in (Procedure.MAJORITY, Procedure.QUALIFIED):
            self.fields["choice"].choices = [c for c in Choice.choices if c[0] != Choice.OBJECT]


class BallotForm(TextForm):
    """A ballot of a score or ranked-choice decision: a field per option, named by its id."""

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(decision.options.all())
        if decision.procedure == Procedure.SCORE:
            scores = [(str(n), str(n)) for n in range(decision.score_max + 1)]
            for option in self.options:
                self.fields[f"option_{option.pk}"] = forms.TypedChoiceField(
                    label=option.text, choices=scores, coerce=int, initial="0"
                )
        else:
            ranks = [("", _("not ranked"))] + [
                (str(n), str(n)) for n in range(1, len(self.options) + 1)
            ]
            for option in self.options:
                self.fields[f"option_{option.pk}"] = forms.TypedChoiceField(
                    label=option.text, choices=ranks, coerce=int, required=False, empty_value=None
                )

    def marks(self) -> dict[int, int]:
        values = {o.pk: self.cleaned_data.get(f"option_{o.pk}") for o in self.options}
        return {pk: value for pk, value in values.items() if value is not None}


RULE = (("", _("— choose —")), ("yes", _("Yes, they spoke last")), ("no", _("No")))


class CloseForm(TextForm):
    statement = forms.CharField(
        label=_("Outcome statement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    review_on = forms.DateField(label=_("Review on"), required=False, widget=DATE)
    rule_followed = forms.ChoiceField(
        label=_("Did members with lived experience speak last?"), choices=RULE, required=False
    )
    rule_note = forms.CharField(label=_("If not, why not"), max_length=300, required=False)

    def __init__(self, *args, rule: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not rule:
            del self.fields["rule_followed"]
            del self.fields["rule_note"]

    def rule(self) -> bool | None:
        value = self.cleaned_data.get("rule_followed")
        return {"yes": True, "no": False}.get(value)


class ActionForm(TextForm):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    owner_organization = forms.TypedChoiceField(
        label=_("Or an organization"), coerce=int, required=False, empty_value=None
    )
    due = forms.DateField(label=_("Due"), widget=DATE)
    strategy = forms.ChoiceField(label=_("Goal or strategy of the common agenda"), required=False)

    def __init__(self, *args, people=(), organizations=(), strategies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = [("", "—"), *strategies]
        if not strategies:
            del self.fields["strategy"]
        self.fields["owner"].choices = [("", "—"), *((p.pk, p.display_name) for p in people)]
        self.fields["owner_organization"].choices = [
            ("", "—"),
            *((o.pk, o.display_name) for o in organizations),
        ]
        self.fields["due"].initial = timezone.localdate() + dt.timedelta(days=14)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class MinutesForm(TextForm):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))
    comments_until = forms.DateField(label=_("Comments until"), widget=DATE)
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(TextForm):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 2}))


class RatifyForm(TextForm):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in RatificationStatus.choices if c[0] != RatificationStatus.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
