"""Writes on the common agenda: its draft (saved, published, discarded) and publishing a
version (validated, refused when stale or when nothing changed); an oblast collective
adopting a version of its parent's agenda; the organizations' strengths and the
vocabulary of kinds of strength. Endorsing goes through
backbone.documents.services.endorsement_give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.accounts.models import Role
from backbone.agenda.models import (
    Adoption,
    Agenda,
    AgendaDraft,
    AgendaVersion,
    OrganizationStrength,
    StrengthKind,
)
from backbone.agenda.permissions import Action
from backbone.documents.services import version_publish
from backbone.events.services import record
from backbone.governance.models import Body
from backbone.lib.permissions import require
from backbone.lib.roles import RoleKind
from backbone.lib.translation import in_each_language
from backbone.measurement.models import Indicator
from backbone.network.models import Collective, Organization

HORIZONS = ("short", "long")
LEVELS = ("low", "medium", "high")
SECTIONS = ("goals", "strategies", "assumptions", "risks")


def agenda_of(collective: Collective) -> Agenda:
    agenda, _created = Agenda.objects.get_or_create(collective=collective)
    return agenda


def _keys(items: list[dict], where: str) -> set[str]:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValidationError({where: _("%s must be a list of items, each in braces {…}.") % where})
    keys: list[str] = [str(item.get("key") or "").strip() for item in items]
    for number, key in enumerate(keys, start=1):
        if not key:
            raise ValidationError({where: _("Item %d of %s has no key.") % (number, where)})
    if len(set(keys)) != len(keys):
        raise ValidationError({where: _("Two items of %s share a key.") % where})
    return set(keys)


def _date(value, section: str, key: str) -> None:
    """A date in an item is written YYYY-MM-DD (the pages and the chain read it so)."""
    if value in (None, ""):
        return
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {
                section: _("%(item)s: “%(date)s” is not a date (write it YYYY-MM-DD).")
                % {"item": key, "date": value}
            }  # fmt: skip
        ) from None


def validate_content(*, collective: Collective, content: dict[str, Any]) -> None:
    """Every reference in the agenda points at something that exists: indicators of the
    collective (by code), bodies of the collective, goals/assumptions of this version."""
    codes = set(Indicator.objects.for_collective(collective).values_list("code", flat=True))
    bodies = set(Body.objects.filter(collective=collective).values_list("pk", flat=True))
    goals = _keys(content["goals"], "goals")
    assumptions = _keys(content["assumptions"], "assumptions")
    _keys(content["strategies"], "strategies")
    _keys(content["risks"], "risks")
    if not (content.get("vision") or "").strip():
        raise ValidationError({"vision": _("Write the vision.")})
    for section in ("goals", "assumptions"):
        for item in content[section]:
            for code in item.get("indicators") or []:
                if code not in codes:
                    raise ValidationError(
                        {
                            section: _("%(item)s: no indicator with the code “%(code)s”.")
                            % {"item": item["key"], "code": code}
                        }
                    )
    for goal in content["goals"]:
        if goal.get("horizon") and goal["horizon"] not in HORIZONS:
            raise ValidationError({"goals": _("%s: the horizon is short or long.") % goal["key"]})
        _date(goal.get("target_date"), "goals", goal["key"])
    for risk in content["risks"]:
        _date(risk.get("review_date"), "risks", risk["key"])
    for strategy in content["strategies"]:
        if strategy.get("goal") and strategy["goal"] not in goals:
            raise ValidationError(
                {
                    "strategies": _("%(item)s: there is no goal “%(goal)s”.")
                    % {"item": strategy["key"], "goal": strategy["goal"]}
                }
            )
        owner = strategy.get("owner_body")
        if owner and owner not in bodies:
            raise ValidationError(
                {
                    "strategies": _("%s: the owner is not a body of this collective.")
                    % strategy["key"]
                }
            )
    for risk in content["risks"]:
        threatens = risk.get("threatens") or {}
        kind, key = threatens.get("kind"), threatens.get("key")
        known = {"goal": goals, "assumption": assumptions, "indicator": codes}.get(kind)
        if kind and (known is None or key not in known):
            raise ValidationError(
                {
                    "risks": _("%(item)s threatens a %(kind)s “%(key)s” that does not exist.")
                    % {"item": risk["key"], "kind": kind, "key": key}
                }
            )
        for level in ("likelihood", "impact"):
            if risk.get(level) and risk[level] not in LEVELS:
                raise ValidationError(
                    {"risks": _("%s: likelihood and impact are low, medium or high.") % risk["key"]}
                )


def normalized(content: dict[str, Any]) -> dict[str, Any]:
    """A version's content with every part present: vision, problem and the four lists."""
    return {
        "vision": content.get("vision", ""),
        "problem": content.get("problem", ""),
        **{name: list(content.get(name) or []) for name in SECTIONS},
    }


def new_key(title: str, taken: set[str], *, fallback: str) -> str:
    """A key for a new item: a slug of its title, unique among `taken` (which it joins).

    Keys identify an item from one version to the next (comparisons, risks that threaten a
    goal), so an existing item keeps its own and a new one never takes an earlier one's."""
    base = slugify(title, allow_unicode=True)[:50].strip("-") or fallback
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


@transaction.atomic
def agenda_publish(
    *, collective: Collective, content: dict[str, Any], by, based_on: int, change_note: str = ""
) -> AgendaVersion:
    """Publish the next version of the collective's agenda; `based_on` is the number of the
    version its author started from (0: none), a later one refuses it."""
    content = normalized(content)
    validate_content(collective=collective, content=content)
    version = AgendaVersion(
        agenda=agenda_of(collective), change_note=change_note.strip(), **content
    )
    return version_publish(version=version, by=by, based_on=based_on, field="vision")


def draft_of(collective: Collective) -> AgendaDraft | None:
    return AgendaDraft.objects.filter(agenda__collective=collective).first()


@transaction.atomic
def agenda_draft_save(
    *, collective: Collective, content: dict[str, Any], based_on: int, by
) -> AgendaDraft:
    """Save the draft of the next version (validated as a version is, nothing published).

    `based_on` counts only when the draft is started: a draft keeps the version it was
    started from however often it is saved, so that publishing it after someone else
    published is refused instead of overwriting their version."""
    content = normalized(content)
    validate_content(collective=collective, content=content)
    agenda = agenda_of(collective)
    Agenda.objects.select_for_update().filter(pk=agenda.pk).first()
    draft = AgendaDraft.objects.filter(agenda=agenda).first()
    if draft is None:
        draft = AgendaDraft(agenda=agenda, based_on=based_on)
    draft.content = content
    draft.updated_by = by if getattr(by, "pk", None) else None
    draft.updated_at = timezone.now()
    draft._history_user = draft.updated_by  # the audit log's who, outside a request too
    draft.save()
    return draft


@transaction.atomic
def agenda_draft_publish(*, collective: Collective, by, change_note: str = "") -> AgendaVersion:
    """Publish the draft as the next version and clear it. When refused (stale, nothing
    changed, invalid) nothing is published and the draft stays as it was."""
    draft = AgendaDraft.objects.select_for_update().filter(agenda__collective=collective).first()
    if draft is None:
        raise ValidationError(_("There is no draft to publish."))
    version = agenda_publish(
        collective=collective,
        content=draft.content,
        by=by,
        based_on=draft.based_on,
        change_note=change_note,
    )
    draft._history_user = by if getattr(by, "pk", None) else None
    draft.delete()
    return version


@transaction.atomic
def agenda_draft_discard(*, collective: Collective, by) -> None:
    """Throw the draft away; the published versions stay as they are."""
    draft = AgendaDraft.objects.select_for_update().filter(agenda__collective=collective).first()
    if draft is None:
        raise ValidationError(_("There is no draft to discard."))
    draft._history_user = by if getattr(by, "pk", None) else None
    draft.delete()


@transaction.atomic
def agenda_adopt(
    *,
    collective: Collective,
    version: AgendaVersion,
    by,
    on: dt.date | None = None,
    note: str = "",
) -> Adoption:
    """The collective adopts this version of its parent collective's agenda, dated `on`
    (today if not given). It supersedes the adoption before it, which stays on record."""
    require(by, Action.AGENDA_ADOPT, collective)
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    if collective.parent_id is None:
        raise ValidationError(
            {"version": _("%s has no parent collective whose agenda it could adopt.") % collective}
        )
    version = AgendaVersion.objects.select_related("agenda__collective").get(pk=version.pk)
    if version.agenda.collective_id != collective.parent_id:
        raise ValidationError(
            {
                "version": _("%(collective)s can only adopt the agenda of %(parent)s.")
                % {"collective": collective, "parent": collective.parent}
            }
        )
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"adopted_on": _("An adoption cannot be dated in the future.")})
    published = timezone.localdate(version.published_at)
    if on < published:
        raise ValidationError(
            {
                "adopted_on": _(
                    "Version %(number)d was published on %(date)s: it cannot have been "
                    "adopted before."
                )
                % {"number": version.number, "date": published.isoformat()}
            }
        )
    previous = Adoption.objects.in_force_of(collective)
    if previous is not None and not previous.superseded_by(version):
        if previous.version.number == version.number:
            message = _("%(collective)s already adopts version %(number)d.")
        else:
            message = _("%(collective)s already adopts version %(number)d, a later one.")
        raise ValidationError(
            {"version": message % {"collective": collective, "number": previous.version.number}}
        )
    if previous is not None and on < previous.adopted_on:
        raise ValidationError(
            {
                "adopted_on": _(
                    "Version %(number)d was adopted on %(date)s: date this one on that day or "
                    "later."
                )
                % {"number": previous.version.number, "date": previous.adopted_on.isoformat()}
            }
        )
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    adoption = Adoption.objects.create(
        collective=collective, version=version, adopted_on=on, adopted_by=by, note=note
    )
    parent = collective.parent
    audience = [
        role.user
        for role in Role.objects.current()
        .filter(collective=parent, kind=RoleKind.STAFF)
        .select_related("user")
        .exclude(user=by)
    ]
    record(
        "agenda.adopted",
        actor=by,
        collective=parent,
        target=adoption,
        audience=audience,
        message=gettext_noop("%(collective)s adopted version %(number)s of the common agenda."),
        params={"collective": in_each_language(lambda: collective.name), "number": version.number},
        url=reverse("agenda_detail", kwargs={"slug": collective.slug}),
    )
    return adoption


@transaction.atomic
def strength_kind_add(*, collective: Collective, name: str, by, key: str = "") -> StrengthKind:
    """Add a kind of strength to the collective's vocabulary (named in the writer's
    language; the other languages fall back to it until translated)."""
    require(by, Action.STRENGTH_DEFINE, collective)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Name the kind of strength.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Keep the name under 120 characters.")})
    key = slugify(key or name)[:40] or slugify(f"kind-{name.encode().hex()}")[:40]
    known = StrengthKind.objects.for_collective(collective)
    if known.filter(key=key).exists() or any(
        kind.name.casefold() == name.casefold() for kind in known
    ):
        raise ValidationError({"name": _("“%s” is in the vocabulary already.") % name})
    return StrengthKind.objects.create(collective=collective, key=key, name=name)


@transaction.atomic
def organization_strengths_set(
    *, organization: Organization, strengths: dict[int, str], by
) -> list[OrganizationStrength]:
    """The organization's strengths become exactly these: kind id → note. Kinds left out are
    taken off (their history stays in the audit log)."""
    require(by, Action.STRENGTH_EDIT, organization)
    kinds = {
        kind.pk: kind
        for kind in StrengthKind.objects.for_collective(organization.collective).filter(
            pk__in=list(strengths)
        )
    }
    unknown = [pk for pk in strengths if pk not in kinds]
    if unknown:
        raise ValidationError(
            {"kind": _("A strength chosen is not in this collective's vocabulary.")}
        )
    notes = {pk: " ".join((note or "").split()) for pk, note in strengths.items()}
    for pk, note in notes.items():
        if len(note) > 300:
            raise ValidationError(
                {"note": _("%s: keep the note under 300 characters.") % kinds[pk].name}
            )
    held = {s.kind_id: s for s in OrganizationStrength.objects.filter(organization=organization)}
    for kind_id, strength in held.items():
        if kind_id not in notes:
            strength.delete()
    result = []
    for kind_id, note in notes.items():
        strength = held.get(kind_id)
        if strength is None:
            strength = OrganizationStrength.objects.create(
                organization=organization, kind=kinds[kind_id], note=note
            )
        elif strength.note != note:
            strength.note = note
            strength.save(update_fields=["note"])
        result.append(strength)
    return result
