"""Ticking milestones by hand and moving a collective to another phase."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.accounts.models import Role
from backbone.events.services import record
from backbone.lib.translation import LANGUAGE_CODES
from backbone.network import services as network
from backbone.network.models import Collective, Phase
from backbone.phases.milestones import milestone
from backbone.phases.models import MilestoneTick, PhaseMove


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say in a few words how it was met or why.")})
    return note


@transaction.atomic
def milestone_tick(*, collective: Collective, key: str, note: str, by) -> MilestoneTick:
    """Tick a milestone by hand. Any milestone may be: one Backbone also checks keeps both
    (the page shows its evidence beside the hand tick), for work done outside Backbone."""
    try:
        milestone(key)
    except LookupError:
        raise ValidationError({"key": _("There is no milestone “%s”.") % key}) from None
    note = _note(note)
    if MilestoneTick.objects.filter(collective=collective, key=key, unticked_at=None).exists():
        raise ValidationError({"key": _("This milestone is already ticked.")})
    try:
        with transaction.atomic():
            return MilestoneTick.objects.create(
                collective=collective, key=key, note=note, ticked_by=by
            )
    except IntegrityError:
        raise ValidationError({"key": _("This milestone is already ticked.")}) from None


@transaction.atomic
def milestone_untick(*, tick: MilestoneTick, by) -> MilestoneTick:
    tick = MilestoneTick.objects.select_for_update().get(pk=tick.pk)
    if tick.unticked_at is not None:
        raise ValidationError({"key": _("This milestone was already unticked.")})
    tick.unticked_at = timezone.now()
    tick._change_reason = f"unticked by {by}"
    tick.save(update_fields=["unticked_at"])
    return tick


def _phase_names(value: str) -> dict[str, str]:
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[code] = str(Phase(value).label)
    return names


@transaction.atomic
def phase_move(
    *,
    collective: Collective,
    to_phase: str,
    note: str,
    by,
    expected: str,
    decided_on: dt.date | None = None,
) -> PhaseMove:
    """Record the decision to move `collective` to `to_phase`. `expected` is the phase the
    person saw; if another move was recorded meanwhile, this one is refused."""
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    if to_phase not in Phase.values:
        raise ValidationError({"to_phase": _("Choose one of the three phases.")})
    if collective.phase != expected:
        raise ValidationError(
            {
                "to_phase": _(
                    "The collective was moved to “%(now)s” while you were looking at "
                    "“%(seen)s”. Look at the page again before deciding."
                )
                % {"now": collective.get_phase_display(), "seen": Phase(expected).label}
            }
        )
    if to_phase == collective.phase:
        raise ValidationError({"to_phase": _("The collective is already in this phase.")})
    note = _note(note)
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    move = PhaseMove.objects.create(
        collective=collective,
        from_phase=collective.phase,
        to_phase=to_phase,
        decided_on=decided_on,
        note=note,
        decided_by=by,
    )
    network.collective_update(collective=collective, phase=to_phase)
    audience = [
        role.user
        for role in Role.objects.current()
        .filter(collective=collective)
        .select_related("user")
        .exclude(user=by)
    ]
    record(
        "phase.moved",
        actor=by,
        collective=collective,
        target=move,
        audience=audience,
        message=gettext_noop("%(collective)s moved from “%(from)s” to “%(to)s”: %(note)s"),
        params={
            "collective": collective.name,
            "from": _phase_names(move.from_phase),
            "to": _phase_names(to_phase),
            "note": note,
        },
        url=reverse("phases", kwargs={"slug": collective.slug}),
    )
    return move
