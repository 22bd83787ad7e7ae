"""Writes of the readiness assessment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.documents.services import version_publish
from backbone.readiness import defaults
from backbone.readiness.models import (
    Answer,
    Instrument,
    InstrumentVersion,
    RespondentKind,
    Response,
    Round,
)


@transaction.atomic
def instrument_copy(*, collective, key: str, by=None) -> Instrument:
    """Copy a shipped instrument into the collective, as its version 1."""
    shipped = defaults.DEFAULTS.get(key)
    if shipped is None:
        raise ValidationError({"key": _("Choose one of the instruments Backbone ships.")})
    name = _(shipped["name"])
    if Instrument.objects.filter(collective=collective, name=name).exists():
        raise ValidationError(
            {"key": _("The collective already has an instrument named “%s”.") % name}
        )
    instrument = Instrument.objects.create(
        collective=collective,
        name=name,
        scale_labels={str(k): _(v) for k, v in defaults.SCALE.items()},
        copied_from=key,
    )
    conditions, statements = defaults.content(key)
    instrument_publish(
        instrument=instrument, conditions=conditions, statements=statements, by=by, based_on=0
    )
    return instrument


def instrument_publish(
    *, instrument, conditions, statements, by=None, based_on=None, change_note=""
) -> InstrumentVersion:
    keys = {c["key"] for c in conditions}
    if len(keys) != len(conditions) or len({s["key"] for s in statements}) != len(statements):
        raise ValidationError(_("Two conditions or two statements share a key."))
    if not statements:
        raise ValidationError({"statements": _("An instrument needs at least one statement.")})
    for item in (*conditions, *statements):
        if not str(item.get("title") or item.get("text") or "").strip():
            raise ValidationError(
                _("Condition or statement %s has no text: write it or remove it.") % item["key"]
            )
    for statement in statements:
        if statement["condition"] not in keys:
            raise ValidationError(
                {
                    "statements": _("Statement %(s)s names condition %(c)s, which is not there.")
                    % {"s": statement["key"], "c": statement["condition"]}
                }
            )
    version = InstrumentVersion(
        instrument=instrument,
        conditions=conditions,
        statements=statements,
        change_note=change_note,
    )
    return version_publish(version=version, by=by, based_on=based_on, field="statements")


@transaction.atomic
def round_open(
    *,
    collective,
    version: InstrumentVersion,
    title: str,
    allows_anonymous=True,
    based_on: int | None = None,
) -> Round:
    """Open a round on an instrument version; `based_on` the version number the organizer saw
    (a round is refused on a version that is no longer the latest)."""
    latest = version.instrument.current_version()
    if latest.pk != version.pk or (based_on is not None and based_on != latest.number):
        raise ValidationError(
            {
                "version": _("Version %d of the instrument is the latest; open the round on it.")
                % latest.number
            }
        )
    last = Round.objects.select_for_update().filter(collective=collective).order_by("-number")
    number = (last.first().number if last.exists() else 0) + 1
    return Round.objects.create(
        collective=collective,
        version=version,
        number=number,
        title=title,
        allows_anonymous=allows_anonymous,
    )


@transaction.atomic
def round_close(*, round: Round) -> Round:
    if round.closed_at is None:
        round.closed_at = timezone.now()
        round.closes_on = timezone.localdate()
        round.save(update_fields=["closed_at", "closes_on"])
    return round


@transaction.atomic
def response_submit(
    *,
    round: Round,
    kind: str,
    scores: dict[str, int | None],
    person=None,
    organization_kind: str = "",
    anonymous: bool = False,
) -> Response:
    """Record one respondent's answers. `scores`: statement key → score, None for don't know.
    Anonymous: only the kind and the date are kept."""
    round = Round.objects.select_for_update().select_related("version__instrument").get(pk=round.pk)
    if not round.is_open:
        raise ValidationError(_("Round %d is closed: it takes no more answers.") % round.number)
    if anonymous and not round.allows_anonymous:
        raise ValidationError(_("This round does not take anonymous answers."))
    if kind not in RespondentKind.values:
        raise ValidationError({"kind": _("Choose a kind of respondent.")})
    instrument = round.version.instrument
    known = {s["key"] for s in round.version.statements}
    for key, score in scores.items():
        if key not in known:
            raise ValidationError(_("There is no statement %s in this round.") % key)
        if score is not None and not instrument.scale_min <= score <= instrument.scale_max:
            raise ValidationError(
                {
                    key: _(
                        "Score %(score)s for statement %(key)s is outside the scale "
                        "%(min)d–%(max)d."
                    )
                    % {
                        "score": score,
                        "key": key,
                        "min": instrument.scale_min,
                        "max": instrument.scale_max,
                    }
                }
            )
    if person is not None and not anonymous and round.responses.filter(person=person).exists():
        raise ValidationError(_("You have already answered this round."))
    response = Response.objects.create(
        round=round,
        person=None if anonymous else person,
        respondent_kind=kind,
        organization_kind="" if anonymous else organization_kind,
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement=k, score=v) for k, v in scores.items()
    )
    return response
