"""Writes of the readiness assessment."""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.documents.services import version_publish
from backbone.events.services import record
from backbone.lib.translation import current_language, translations
from backbone.readiness import defaults
from backbone.readiness.models import (
    Answer,
    Instrument,
    InstrumentVersion,
    Invitation,
    Participation,
    Recommendation,
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
    Recommendation.objects.bulk_create(
        Recommendation(instrument=instrument, **rule) for rule in defaults.recommendations(key)
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
    if version.instrument.collective_id not in [collective.pk, *collective.ancestor_ids()]:
        raise ValidationError(
            {"version": _("A round asks an instrument of its collective or of one above it.")}
        )
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
    if person is not None:
        # Kept apart from the answers: a second answer is refused, anonymous or not, and
        # nothing says which answers were the person's.
        _participation, created = Participation.objects.get_or_create(round=round, person=person)
        if not created:
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


@transaction.atomic
def invitations_send(
    *, round: Round, emails: list[str], people=(), by, base_url: str | None = None
) -> list[Invitation]:
    """Invite addresses, and people of the collective by their e-mail, to answer `round`: each
    gets a link of their own, e-mailed by the worker after commit. An address already invited
    to the round is left out; a bad address refuses the whole list, naming it."""
    round = Round.objects.select_for_update().select_related("collective").get(pk=round.pk)
    if not round.is_open:
        raise ValidationError(_("Round %d is closed: it takes no more answers.") % round.number)
    wanted: dict[str, object] = {}
    for person in people:
        if person.collective_id not in round.collective.tree_ids():
            raise ValidationError({"people": _("%s is not in this collective.") % person})
        if not person.email:
            raise ValidationError({"people": _("%s has no e-mail address.") % person})
        wanted[person.email.strip().lower()] = person
    for line, email in enumerate(emails, start=1):
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {
                    "emails": _("Line %(line)d: “%(email)s” is not an e-mail address.")
                    % {"line": line, "email": email}
                }  # fmt: skip
            ) from None
        wanted.setdefault(email, None)
    if not wanted:
        raise ValidationError({"emails": _("Give at least one e-mail address or person.")})
    if not round.allows_anonymous and any(p is None for p in wanted.values()):
        raise ValidationError(
            {"emails": _("This round takes named answers only: invite people of the collective.")}
        )
    known = set(round.invitations.values_list("email", flat=True))
    made = []
    base = (base_url or settings.SITE_URL).rstrip("/")
    for email, person in wanted.items():
        if email in known:
            continue
        raw = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            round=round,
            person=person,
            email=email,
            token_hash=Invitation.hash_token(raw),
            invited_by=by,
        )
        record(
            "readiness.invited",
            actor=by,
            collective=round.collective,
            target=invitation,
            addresses=[{"address": email, "language": current_language()}],
            subject=gettext_noop("%(collective)s asks how ready we are"),
            message=gettext_noop(
                "%(collective)s asks you to answer its readiness assessment “%(round)s”. "
                "It takes about ten minutes; you may answer anonymously where the round "
                "allows it.\n\nAnswer here (the link is yours; it works once):\n%(link)s\n"
            ),
            params={
                "collective": translations(round.collective, "name"),
                "round": round.title,
                "link": base + reverse("readiness_answer_invited", args=[raw]),
            },
            secret=["link"],
        )
        made.append(invitation)
    return made


def invitation_for_token(raw: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("round__collective", "round__version__instrument")
        .filter(token_hash=Invitation.hash_token(raw))
        .first()
    )


@transaction.atomic
def response_submit_invited(
    *, invitation: Invitation, kind: str, scores: dict, anonymous: bool = True
) -> Response:
    """Answer through an invitation's link. A person named by the invitation answers as
    themselves unless they choose anonymity; an address alone answers anonymously."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered:
        raise ValidationError(_("This link was already used to answer."))
    person = invitation.person
    response = response_submit(
        round=invitation.round,
        kind=kind,
        scores=scores,
        person=person,
        organization_kind="" if anonymous or person is None else organization_kind(person),
        anonymous=anonymous or person is None,
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    return response


def organization_kind(person) -> str:
    affiliation = (
        person.affiliations.filter(end_date__isnull=True)
        .select_related("organization")
        .order_by("-start_date")
        .first()
    )
    return affiliation.organization.kind if affiliation else ""


# The kind of respondent an organization's kind suggests (the respondent may change it).
KIND_OF_ORGANIZATION = {
    "ministry": RespondentKind.GOVERNMENT,
    "local_authority": RespondentKind.GOVERNMENT,
    "public_service": RespondentKind.GOVERNMENT,
    "ngo": RespondentKind.NGO,
    "faith_based": RespondentKind.NGO,
    "cbo": RespondentKind.COMMUNITY,
    "informal": RespondentKind.COMMUNITY,
    "funder": RespondentKind.FUNDER,
}


def suggested_kind(person) -> str:
    """The respondent's kind from their organization, lived experience first."""
    if person is None:
        return ""
    if person.lived_experience:
        return RespondentKind.LIVED_EXPERIENCE
    return KIND_OF_ORGANIZATION.get(organization_kind(person), RespondentKind.OTHER)


@transaction.atomic
def recommendation_save(
    *,
    instrument: Instrument,
    condition: str,
    band_min,
    band_max,
    kind: str,
    next_step: str,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Add a rule (or change `recommendation`): for `condition`, a score from band_min to
    band_max is a strength or a weakness, with a next step. The band lies within the
    instrument's scale and overlaps no other band of the same condition, so that one score
    names one rule."""
    if recommendation is not None and recommendation.instrument_id != instrument.pk:
        raise ValidationError(_("That recommendation belongs to another instrument."))
    version = instrument.current_version()
    conditions = {c["key"] for c in version.conditions} if version else set()
    errors: dict[str, str] = {}
    if condition not in conditions:
        errors["condition"] = _("Choose a condition of the instrument's latest version.")
    if kind not in Recommendation.Kind.values:
        errors["kind"] = _("Choose strength or weakness.")
    next_step = (next_step or "").strip()
    if not next_step:
        errors["next_step"] = _("Write the next step.")
    try:
        low, high = Decimal(str(band_min)), Decimal(str(band_max))
    except (InvalidOperation, ValueError):
        errors["band_min"] = _("The band's scores must be numbers.")
        raise ValidationError(errors) from None
    if not instrument.scale_min <= low <= instrument.scale_max:
        errors["band_min"] = _("The band must lie within the scale %(min)d–%(max)d.") % {
            "min": instrument.scale_min,
            "max": instrument.scale_max,
        }
    elif not instrument.scale_min <= high <= instrument.scale_max:
        errors["band_max"] = _("The band must lie within the scale %(min)d–%(max)d.") % {
            "min": instrument.scale_min,
            "max": instrument.scale_max,
        }
    elif low > high:
        errors["band_max"] = _("The band's upper score must not be below its lower score.")
    if errors:
        raise ValidationError(errors)
    others = Recommendation.objects.select_for_update().filter(
        instrument=instrument, condition=condition, band_min__lte=high, band_max__gte=low
    )
    if recommendation is not None:
        others = others.exclude(pk=recommendation.pk)
    clash = others.first()
    if clash is not None:
        raise ValidationError(
            {
                "band_min": _("The band overlaps the band %(low)s–%(high)s of that condition.")
                % {"low": clash.band_min, "high": clash.band_max}
            }
        )
    if recommendation is None:
        recommendation = Recommendation(instrument=instrument)
    recommendation.condition = condition
    recommendation.band_min = low
    recommendation.band_max = high
    recommendation.kind = kind
    recommendation.next_step = next_step
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation) -> None:
    recommendation.delete()
