"""The import itself: read the table, check every row, group the rows into activities,
then write them (`save`) — all or nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.activities.imports.cells import STATUS, kind_of_organization, parse_date, text_of
from backbone.activities.imports.columns import find_roles, level_of, split_tag
from backbone.activities.imports.lookups import Places, Vocabulary
from backbone.activities.imports.save import (
    fitted_key,
    identity,
    save_activities,
    status_from,
)
from backbone.activities.imports.types import (
    MAX_PROBLEMS,
    ActivitiesRefused,
    Grouped,
    ImportResult,
    Row,
    UnknownOrganization,
)
from backbone.activities.models import ActivityStatus, OrganizationRole
from backbone.activities.permissions import Action
from backbone.interchange.cells import NO_FIGURE, parse_number
from backbone.interchange.problems import Problem, problem_of, suggest
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile
from backbone.lib import permissions
from backbone.lib.text import normalize_name
from backbone.network.models import Organization, Place
from backbone.network.services import organization_create

TITLE_LENGTH = 300  # Activity.title


def _digest(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def import_activities(
    *,
    collective,
    user,
    file_name: str,
    stream: IO[bytes],
    mapping: dict[str, str] | None = None,
    ignored: list[str] | None = None,
    sheet: str | int | None = None,
    dry_run: bool = False,
    create_organizations: bool = False,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """Check a 3W file and record its activities for the collective (all or nothing)."""
    digest = _digest(stream)
    try:
        table = read_table(file_name, stream, sheet=sheet)
    except UnreadableFile as error:
        raise ActivitiesRefused([problem_of(error)]) from None
    roles, parts, problems = find_roles(table, mapping or {}, ignored or [])
    if problems:
        raise ActivitiesRefused(problems, columns=True)
    staff = permissions.can(user, Action.ACTIVITY_IMPORT_ANY, collective)
    own = set(permissions.asker_of(user).reporter_organization_ids())
    vocabulary = Vocabulary(collective)
    if not staff:
        own &= {o.pk for found in vocabulary.organizations.values() for o in found}
        if not own:
            raise ActivitiesRefused(
                [
                    Problem(
                        None, None, _("You do not report for any organization of %s.") % collective
                    )
                ]
            )
        create_organizations = False
    if "lead" not in roles and (staff or len(own) != 1):
        raise ActivitiesRefused(
            [
                Problem(
                    None,
                    "lead",
                    _("No column holds the organization: name it with --map lead=COLUMN."),
                )
            ],
            columns=True,
        )
    places = Places(collective)
    headers = table.headers
    tags = table.tags or []
    result = ImportResult(dry_run=dry_run)
    unknown: dict[str, UnknownOrganization] = {}
    rows: list[tuple[int, dict]] = []  # rows whose organizations are still to be created
    activities: dict[str, Grouped] = {}

    def column(index: int) -> str:
        header = str(headers[index]).replace("\ufeff", "") if index < len(headers) else ""
        return header or (tags[index] if index < len(tags) else "") or _("column %d") % (index + 1)

    def first(role: str) -> int | None:
        found = roles.get(role)
        return found[0] if found else None

    lead_only = None if "lead" in roles else Organization.objects.get(pk=next(iter(own)))
    for number, cells in table.rows:
        if len(problems) >= MAX_PROBLEMS:
            break

        def cell(index: int | None, cells=cells) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        if all(text_of(c) == "" for c in cells):
            continue
        result.rows += 1
        if progress is not None and result.rows % 500 == 0:
            progress(result.rows)
        row_problems: list[Problem] = []

        def refuse(
            index: int | None, message: str, number=number, row_problems=row_problems
        ) -> None:
            row_problems.append(
                Problem(number, column(index) if index is not None else None, message)
            )

        # Who.
        organizations: dict[str, list[Organization]] = {}
        for role in ("lead", "implementing", "funding", "partner"):
            index = first(role)
            if index is None:
                continue
            for name in re.split(r"\s*[;|]\s*", text_of(cell(index))):
                if not name:
                    continue
                found, several = vocabulary.organization(name)
                if found is not None:
                    organizations.setdefault(role, []).append(normalize_name(name))
                elif several:
                    refuse(
                        index,
                        _("“%(name)s” could be %(organizations)s: write the name in full.")
                        % {"name": name, "organizations": _(" or ").join(o.name for o in several)},
                    )
                else:
                    key = normalize_name(name)
                    if key not in unknown:
                        kind_text = text_of(cell(first("org_type"))) if role == "lead" else ""
                        unknown[key] = UnknownOrganization(name, number, column(index), kind_text)
                    organizations.setdefault(role, []).append(key)  # known once created
        if lead_only is not None:
            organizations["lead"] = [normalize_name(lead_only.name)]
            vocabulary.organizations.setdefault(organizations["lead"][0], [lead_only])
        leads = [vocabulary.organization_at(key) for key in organizations.get("lead", [])]
        if not leads:
            refuse(first("lead"), _("The organization that leads the activity is empty."))
        elif len(leads) > 1:
            refuse(
                first("lead"),
                _("An activity has one lead organization; list the others as partners."),
            )
        elif not staff and (leads[0] is None or leads[0].pk not in own):
            refuse(
                first("lead"),
                _("You record activities for your own organization only; this row names %s.")
                % (leads[0].name if leads[0] is not None else text_of(cell(first("lead")))),
            )
        # What.
        kind_text = text_of(cell(first("kind")))
        kind = vocabulary.kinds.get(normalize_name(kind_text)) if kind_text else None
        if kind is None:
            refuse(
                first("kind"),
                (
                    _("“%(kind)s” is not a kind of activity of this collective (%(known)s).")
                    % {"kind": kind_text, "known": ", ".join(vocabulary.known_kinds) or "—"}
                    + suggest(kind_text, vocabulary.known_kinds)
                )
                if kind_text
                else _("The kind of activity is empty."),
            )
        title = text_of(cell(first("title")))
        if not title:
            refuse(first("title"), _("The activity is empty: say what is done."))
        elif len(title) > TITLE_LENGTH:
            refuse(
                first("title"),
                _("The activity is %(n)d characters long; shorten it to %(most)d.")
                % {"n": len(title), "most": TITLE_LENGTH},
            )
        # Where: the most specific place column that is filled.
        place = None
        coarser: list[Place] = []
        place_columns = roles.get("place", [])
        for position in reversed(range(len(place_columns))):
            index = place_columns[position]
            text = text_of(cell(index))
            if not text:
                continue
            hashtag = split_tag(tags[index])[0] if index < len(tags) else ""
            found, why = places.find(text, level_of(hashtag), coarser)
            if found is None:
                refuse(index, why)
                place = None
                break
            coarser.append(found)
            place = found
        else:
            if place is None:
                refuse(place_columns[0] if place_columns else None, _("The place is empty."))
        # When.
        dates = {}
        for role in ("start", "end"):
            try:
                dates[role] = parse_date(cell(first(role)), end=role == "end")
            except ValueError:
                refuse(
                    first(role),
                    _("“%s” is not a date: write it as 2025-03-31.") % text_of(cell(first(role))),
                )
                dates[role] = None
        if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
            refuse(
                first("end"),
                _("It ends (%(end)s) before it starts (%(start)s).")
                % {"end": dates["end"].isoformat(), "start": dates["start"].isoformat()},
            )
        status_text = text_of(cell(first("status")))
        status = STATUS.get(status_text.casefold()) if status_text else None
        if status_text and status is None:
            refuse(
                first("status"),
                _("“%(status)s” is not a status: %(known)s.")
                % {"status": status_text, "known": ", ".join(ActivityStatus.values)},
            )
        # For whom, how many.
        figures = {}
        for role in ("targeted", "reached"):
            total_at = first(role)
            pieces = [total_at] if total_at is not None else parts.get(role, [])
            value: int | None = None
            for index in pieces:
                raw = cell(index)
                if text_of(raw).casefold() in NO_FIGURE:
                    continue
                number_value = parse_number(raw)
                if number_value is None or number_value < 0 or not float(number_value).is_integer():
                    refuse(
                        index,
                        _("“%s” is not a number of people (0 or more, whole).") % text_of(raw),
                    )
                    continue
                value = (value or 0) + int(number_value)
            figures[role] = value
        note = text_of(cell(first("note")))
        if (
            figures["targeted"] is not None
            and figures["reached"] is not None
            and figures["reached"] > figures["targeted"]
            and not note
        ):
            refuse(
                first("reached")
                if first("reached") is not None
                else parts.get("reached", [None])[0],
                _(
                    "It reached %(reached)s people of %(targeted)s targeted: say why in the "
                    "note column, or correct the figures."
                )
                % figures,
            )
        groups = []
        for name in re.split(r"\s*[;|,]\s*", text_of(cell(first("group")))):
            if not name:
                continue
            group = vocabulary.groups.get(normalize_name(name))
            if group is None:
                known = sorted({g.code for g in vocabulary.groups.values()})
                refuse(
                    first("group"),
                    _("“%(group)s” is not a group this collective serves (%(known)s).")
                    % {"group": name, "known": ", ".join(known) or "—"}
                    + suggest(name, known),
                )
            else:
                groups.append(group)
        budget = None
        budget_text = text_of(cell(first("budget")))
        if budget_text and budget_text.casefold() not in NO_FIGURE:
            number_value = parse_number(budget_text)
            if number_value is None or number_value < 0:
                refuse(first("budget"), _("“%s” is not an amount (0 or more).") % budget_text)
            else:
                budget = Decimal(str(round(number_value, 2)))
        currency = text_of(cell(first("currency"))).upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            refuse(first("currency"), _("“%s” is not a currency code (UAH, EUR, USD…).") % currency)
        if budget is not None and not currency:
            refuse(
                first("budget"),
                _("A budget needs its currency (a currency column: UAH, EUR, USD…)."),
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        row = {
            "number": number,
            "organizations": organizations,
            "kind": kind,
            "title": title,
            "description": text_of(cell(first("description"))),
            "start": dates["start"],
            "end": dates["end"],
            "status": status,
            "groups": groups,
            "budget": budget,
            "currency": currency,
            "funding_source": text_of(cell(first("funding_source")))[:200],
            "note": note,
            "place": place,
            "targeted": figures["targeted"],
            "reached": figures["reached"],
            "period": text_of(cell(first("period"))),
            "key": "|".join(text_of(cell(i)) for i in roles.get("key", [])),
        }
        rows.append((number, row))
    if unknown and not create_organizations:
        for organization in unknown.values():
            problems.append(
                Problem(
                    organization.row,
                    organization.column,
                    _(
                        "“%s” is not an organization of this collective: create it (or import "
                        "with --create-organizations), or write its name as recorded."
                    )
                    % organization.name,
                )
            )
    if problems:
        raise ActivitiesRefused(problems[:MAX_PROBLEMS])
    today = timezone.localdate()
    with transaction.atomic():
        if unknown:
            for key, organization in unknown.items():
                # Created in a dry run too: the transaction is rolled back at its end.
                created = organization_create(
                    collective=collective,
                    kind=kind_of_organization(organization.kind),
                    name_en=organization.name[:200],
                )
                vocabulary.organizations[key] = [created]
                result.created_organizations.append(created)
        for number, row in rows:
            resolved = {
                role: [vocabulary.organizations[key][0] for key in keys]
                for role, keys in row["organizations"].items()
            }
            lead = resolved["lead"][0]
            key = fitted_key(row["key"]) or identity(lead, row)
            item = Row(
                number=number,
                key=key,
                lead=lead,
                partners=[
                    (o, OrganizationRole(role_name))
                    for role_name in ("implementing", "funding", "partner")
                    for o in resolved.get(role_name, [])
                ],
                kind=row["kind"],
                title=row["title"],
                description=row["description"],
                start=row["start"],
                end=row["end"],
                status=row["status"] or status_from(row, today),
                groups=row["groups"],
                budget=row["budget"],
                currency=row["currency"],
                funding_source=row["funding_source"],
                note=row["note"],
                place=row["place"],
                targeted=row["targeted"],
                reached=row["reached"],
                period=row["period"],
            )
            activity = activities.get(key)
            if activity is None:
                activity = activities[key] = Grouped(first=item)
            elif activity.first.lead.pk != lead.pk or activity.first.kind.pk != item.kind.pk:
                problems.append(
                    Problem(
                        number,
                        column(first("key")) if first("key") is not None else None,
                        _(
                            "Row %(row)s gives this activity another organization or kind; "
                            "an activity id names one activity."
                        )
                        % {"row": activity.first.number},
                    )
                )
                continue
            earlier = activity.places.setdefault(item.place.pk, [])
            same = next(
                (
                    r
                    for r in earlier
                    if (r.targeted, r.reached, r.period)
                    == (item.targeted, item.reached, item.period)
                ),
                None,
            )
            if same is not None:
                result.repeated += 1
                continue
            if earlier and (not item.period or any(r.period == item.period for r in earlier)):
                problems.append(
                    Problem(
                        number,
                        None,
                        _(
                            "Row %(row)s already gives this activity in %(place)s with other "
                            "figures: give each its own activity id (--map key=COLUMN), or the "
                            "period each figure is for (--map period=COLUMN)."
                        )
                        % {"row": earlier[0].number, "place": item.place.code},
                    )
                )
                continue
            earlier.append(item)
            for group in item.groups:
                activity.groups[group.pk] = group
            for organization, role in item.partners:
                activity.partners[(organization.pk, role)] = organization
            if item.budget is not None:
                activity.budgets.append(item.budget)
        if problems:
            transaction.set_rollback(True)
            raise ActivitiesRefused(problems[:MAX_PROBLEMS])
        result.activities = len(activities)
        save_activities(
            collective, user, file_name, digest, staff, own, activities, result, dry_run
        )
        if dry_run:
            transaction.set_rollback(True)
    if progress is not None:
        progress(result.rows, "saved", force=True)
    return result
