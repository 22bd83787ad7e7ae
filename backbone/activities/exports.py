"""Activities out: the 3W as HXL-tagged CSV, CSV or XLSX (a row per activity and place, in
the columns the importer reads, so a file exported here imports back unchanged), and the
activities that carry a budget as IATI 2.03 activity XML.

    backbone export activities --collective SLUG --format hxl|xlsx|csv -o FILE
    backbone export activities --collective SLUG --format iati -o FILE
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone, translation
from lxml import etree

from backbone.activities.models import Activity, ActivityStatus, OrganizationRole
from backbone.interchange import writers
from backbone.lib.text import xml_safe
from backbone.measurement.exchange.iati_codes import (
    DEFAULT_REPORTING_ORG_REF,
    DEFAULT_REPORTING_ORG_TYPE,
    DESCRIPTION_GENERAL,
    IATI_VERSION,
    MULTISECTOR,
    ORGANISATION_TYPE,
    ROLE_FUNDING,
    ROLE_IMPLEMENTING,
    SECTOR_VOCABULARY_DAC,
    XML_LANG,
)
from backbone.measurement.exchange.iati_xml import _names, _narrative, _sub

# (header, HXL hashtag): the importer recognises both (imports.ROLES).
COLUMNS = [
    ("activity id", "#activity+id"),
    ("organization", "#org+name"),
    ("implementing partners", "#org+impl"),
    ("funders", "#org+funder"),
    ("partners", "#org+partner"),
    ("kind of activity", "#activity+type"),
    ("activity", "#activity+name"),
    ("description", "#description"),
    ("place", "#loc+code"),
    ("start", "#date+start"),
    ("end", "#date+end"),
    ("status", "#status"),
    ("groups", "#beneficiary"),
    ("targeted", "#targeted"),
    ("reached", "#reached"),
    ("budget", "#value+budget"),
    ("currency", "#currency"),
    ("funding source", "#meta+funding"),
    ("note", "#meta+note"),
]


def _activities(collective):
    return (
        Activity.objects.filter(collective_id__in=collective.tree_ids())
        .select_related("kind")
        .prefetch_related("roles__organization", "places__place", "groups")
        .order_by("pk")
    )


def _names_of(activity, role: str) -> str:
    return "; ".join(r.organization.name for r in activity.roles.all() if r.role == role)


def rows(collective) -> Iterator[list]:
    for activity in _activities(collective):
        common = {
            "activity id": activity.source_key or f"backbone-{activity.pk}",
            "organization": _names_of(activity, OrganizationRole.LEAD),
            "implementing partners": _names_of(activity, OrganizationRole.IMPLEMENTING),
            "funders": _names_of(activity, OrganizationRole.FUNDING),
            "partners": _names_of(activity, OrganizationRole.PARTNER),
            "kind of activity": activity.kind.code,
            "activity": activity.title,
            "description": activity.description,
            "start": activity.start.isoformat() if activity.start else "",
            "end": activity.end.isoformat() if activity.end else "",
            "status": activity.status,
            "groups": "; ".join(g.code for g in activity.groups.all()),
            "budget": str(activity.budget) if activity.budget is not None else "",
            "currency": activity.currency,
            "funding source": activity.funding_source,
            "note": activity.note,
        }
        for place in sorted(activity.places.all(), key=lambda p: p.place.code):
            row = {
                **common,
                "place": place.place.code,
                "targeted": place.targeted if place.targeted is not None else "",
                "reached": place.reached if place.reached is not None else "",
            }
            yield [row[header] for header, _tag in COLUMNS]


def export_activities(collective, fmt: str = "hxl") -> bytes:
    """The collective's activities as a file (csv, hxl or xlsx) that imports back unchanged."""
    sheet = writers.Sheet(
        headers=[header for header, _tag in COLUMNS],
        rows=rows(collective),
        tags=[tag for _header, tag in COLUMNS] if fmt == "hxl" else None,
    )
    return writers.write(sheet, fmt)


# ActivityStatus (IATI): 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled,
# 6 suspended.
IATI_STATUS = {
    ActivityStatus.PLANNED: "1",
    ActivityStatus.ONGOING: "2",
    ActivityStatus.COMPLETED: "4",
    ActivityStatus.CANCELLED: "5",
    ActivityStatus.SUSPENDED: "6",
}
# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
ROLE_CODE = {
    OrganizationRole.LEAD: ROLE_IMPLEMENTING,
    OrganizationRole.IMPLEMENTING: ROLE_IMPLEMENTING,
    OrganizationRole.FUNDING: ROLE_FUNDING,
    OrganizationRole.PARTNER: ROLE_IMPLEMENTING,
}


def iati_activities(
    collective, *, reporting_org_ref: str = "", generated: dt.datetime | None = None
) -> bytes:
    """The activities that carry a budget, one ``<iati-activity>`` each (IATI 2.03)."""
    ref = (
        reporting_org_ref
        or getattr(settings, "IATI_REPORTING_ORG_REF", "")
        or DEFAULT_REPORTING_ORG_REF
    ).strip()
    org_type = getattr(settings, "IATI_REPORTING_ORG_TYPE", "") or DEFAULT_REPORTING_ORG_TYPE
    generated = generated or timezone.now()
    language = settings.LANGUAGE_CODE[:2]
    today = timezone.localdate()
    with translation.override(language):
        root = etree.Element(
            "iati-activities",
            {
                "version": IATI_VERSION,
                "generated-datetime": generated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
        for activity in _activities(collective).filter(budget__isnull=False).exclude(currency=""):
            root.append(_activity(activity, collective, ref, org_type, language, today))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _activity(activity, collective, ref, org_type, language, today) -> etree._Element:
    element = etree.Element("iati-activity", {XML_LANG: language})
    _sub(element, "iati-identifier").text = xml_safe(f"{ref}-{collective.slug}-A{activity.pk}")
    _narrative(_sub(element, "reporting-org", ref=ref, type=org_type), collective.name)
    _narrative(_sub(element, "title"), activity.title)
    _narrative(
        _sub(element, "description", type=DESCRIPTION_GENERAL),
        activity.description.strip() or activity.kind.name,
    )
    for role in activity.roles.all():
        participant = _sub(
            element,
            "participating-org",
            role=ROLE_CODE[role.role],
            type=ORGANISATION_TYPE.get(role.organization.kind, "90"),
        )
        _names(participant, role.organization, language)
    _sub(element, "activity-status", code=IATI_STATUS[activity.status])
    start = activity.start or timezone.localtime(activity.created_at).date()
    started = activity.status not in (ActivityStatus.PLANNED,) and start <= today
    _sub(element, "activity-date", {"iso-date": start.isoformat(), "type": "2" if started else "1"})
    if activity.end and activity.end > start:
        ended = activity.status in (ActivityStatus.COMPLETED, ActivityStatus.CANCELLED)
        ended = ended and activity.end <= today
        _sub(
            element,
            "activity-date",
            {"iso-date": activity.end.isoformat(), "type": "4" if ended else "3"},
        )
    _sub(element, "sector", {"vocabulary": SECTOR_VOCABULARY_DAC, "code": MULTISECTOR})
    end = activity.end if activity.end and activity.end > start else _year_end(start)
    budget = _sub(element, "budget", type="1", status="1")
    _sub(budget, "period-start", {"iso-date": start.isoformat()})
    _sub(budget, "period-end", {"iso-date": end.isoformat()})
    value = _sub(budget, "value", {"currency": activity.currency, "value-date": start.isoformat()})
    value.text = f"{activity.budget:.2f}"
    return element


def _year_end(start: dt.date) -> dt.date:
    return (
        dt.date(start.year, 12, 31)
        if start < dt.date(start.year, 12, 31)
        else start + dt.timedelta(days=1)
    )
