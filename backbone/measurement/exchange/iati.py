"""A collective's results as an IATI activity file (IATI standard, version 2.03).

One ``<iati-activity>`` stands for the collective; each indicator it reports becomes one
``<result>`` with baselines, yearly periods (targets and approved actuals) and, per period, one
actual for each category of each dimension the indicator is reported by. Every figure comes from
``rollups.engine.rollup``, so the file shows what the dashboard shows.

Besides the schema, the output follows IATI's own rules (rulesets/standard.json): values are plain
non-negative numbers, every target and actual carries one, every period starts before it ends,
the identifier begins with the reporting organisation's reference, and a sector is declared.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from backbone.interchange import periods
from backbone.lib.text import xml_safe
from backbone.measurement.exchange.iati_codes import (
    ACTIVITY_DATE_ACTUAL_START,
    ACTIVITY_DATE_PLANNED_END,
    ACTIVITY_STATUS_IMPLEMENTATION,
    DAC_SECTOR,
    DEFAULT_REPORTING_ORG_REF,
    DEFAULT_REPORTING_ORG_TYPE,
    DESCRIPTION_GENERAL,
    IATI_VERSION,
    MULTISECTOR,
    ORGANISATION_TYPE,
    ROLE_ACCOUNTABLE,
    ROLE_FUNDING,
    ROLE_IMPLEMENTING,
    SECTOR_VOCABULARY_DAC,
    XML_LANG,
)
from backbone.measurement.exchange.iati_results import _result
from backbone.measurement.exchange.iati_xml import _names, _narrative, _sub
from backbone.measurement.models import Coverage, Indicator, SubmissionStatus, Target, TargetKind
from backbone.measurement.selectors.series import context as rollup_context
from backbone.measurement.selectors.targets import period_span
from backbone.network.models import Organization, OrganizationKind


def iati_activities(
    *, collective, reporting_org_ref: str = "", generated: dt.datetime | None = None
) -> bytes:
    """The collective's results as an ``<iati-activities version="2.03">`` document (UTF-8).

    ``reporting_org_ref`` is the IATI organisation identifier of the backbone that publishes;
    without it, settings.IATI_REPORTING_ORG_REF, then a placeholder. ``generated`` defaults to now.
    """
    ref = (
        reporting_org_ref
        or getattr(settings, "IATI_REPORTING_ORG_REF", "")
        or DEFAULT_REPORTING_ORG_REF
    ).strip()
    generated = generated or timezone.now()
    if timezone.is_naive(generated):
        generated = timezone.make_aware(generated)
    # Default names (Indicator.name, …) are in the site language; the activity declares it, and
    # labels and notes are written in it too, whoever asks for the file.
    language = settings.LANGUAGE_CODE[:2]
    with translation.override(language):
        root = etree.Element(
            "iati-activities",
            {
                "version": IATI_VERSION,
                "generated-datetime": generated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
        root.append(_activity(collective, ref, language))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _activity(collective, ref: str, language: str) -> etree._Element:
    """The elements in the order the schema's sequence requires."""
    org_type = getattr(settings, "IATI_REPORTING_ORG_TYPE", "") or DEFAULT_REPORTING_ORG_TYPE
    activity = etree.Element("iati-activity", {XML_LANG: language})
    _sub(activity, "iati-identifier").text = xml_safe(f"{ref}-{collective.slug}")
    _narrative(_sub(activity, "reporting-org", ref=ref, type=org_type), collective.name)
    _narrative(_sub(activity, "title"), collective.name)
    description = (
        collective.description.strip()
        or _("Shared results of the collective impact initiative “%s”.") % collective.name
    )
    _narrative(_sub(activity, "description", type=DESCRIPTION_GENERAL), description)

    partners = list(
        Organization.objects.active()
        .in_collective_tree(collective)
        .prefetch_related("sectors")
        .order_by("name", "pk")
    )
    # The backbone answers for the shared results; partners do the work (funders fund it).
    accountable = _sub(activity, "participating-org", ref=ref, role=ROLE_ACCOUNTABLE, type=org_type)
    _narrative(accountable, collective.name)
    for organization in partners:
        role = ROLE_FUNDING if organization.kind == OrganizationKind.FUNDER else ROLE_IMPLEMENTING
        participant = _sub(
            activity,
            "participating-org",
            role=role,
            type=ORGANISATION_TYPE.get(organization.kind, "90"),
        )
        _names(participant, organization, language)

    # Backbone records no end of a collective: whatever its phase, the work is under way, so
    # there is no actual end; the planned end is the end of its last target's period.
    _sub(activity, "activity-status", code=ACTIVITY_STATUS_IMPLEMENTATION)
    scope = [collective.pk, *collective.ancestor_ids()]
    started, planned_end = _activity_dates(collective, scope)
    _sub(
        activity,
        "activity-date",
        {"iso-date": started.isoformat(), "type": ACTIVITY_DATE_ACTUAL_START},
    )
    if planned_end is not None and planned_end > started:
        _sub(
            activity,
            "activity-date",
            {"iso-date": planned_end.isoformat(), "type": ACTIVITY_DATE_PLANNED_END},
        )
    for code, percentage in _sectors(partners):
        attributes = {"vocabulary": SECTOR_VOCABULARY_DAC, "code": code}
        if percentage is not None:
            attributes["percentage"] = percentage
        _sub(activity, "sector", attributes)

    ctx = rollup_context()  # the place tree, loaded once for every roll-up below
    indicators = (
        Indicator.objects.for_collective(collective)
        .select_related("numerator", "denominator")
        .prefetch_related("dimensions__categories", "versions")
    )
    for indicator in indicators:
        activity.append(_result(indicator, collective, scope, ctx, language))
    return activity


def _activity_dates(collective, scope: list[int]) -> tuple[dt.date, dt.date | None]:
    """The actual start and the planned end of the collective's work.

    The start is the earlier of the day the collective was recorded here and the first month
    it reported approved figures for (a collective recorded today with results from 2024
    started in 2024); Backbone keeps no founding date. Never in the future (IATI rule 11.1.4).
    The planned end is the last day of its latest target's period, if it has targets."""
    first = Coverage.objects.filter(
        submission__collective_id__in=collective.tree_ids(),
        submission__status=SubmissionStatus.APPROVED,
    ).aggregate(first=Min("period"))["first"]
    dates = [timezone.localtime(collective.created_at).date(), timezone.localdate()]
    if first is not None:
        dates.append(periods.month_date(first))
    started = min(dates)
    targets = Target.objects.filter(
        collective_id__in=scope,
        kind=TargetKind.TARGET,
        indicator__in=Indicator.objects.for_collective(collective),
    )
    ends = [period_span(goal).last_day() for goal in targets.only("period_start", "frequency")]
    return started, max(ends, default=None)


def _sectors(partners: list[Organization]) -> list[tuple[str, str | None]]:
    """DAC codes with percentages summing to exactly 100 (IATI rule 2.1.2), split evenly."""
    codes = sorted(
        {
            DAC_SECTOR[sector.code]
            for organization in partners
            for sector in organization.sectors.all()
            if sector.code in DAC_SECTOR
        }
    ) or [MULTISECTOR]
    if len(codes) == 1:
        return [(codes[0], None)]  # a single sector needs no percentage (rule 2.1.4)
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"))
    shares = [share] * len(codes)
    shares[-1] = Decimal(100) - share * (len(codes) - 1)
    return [(code, str(part)) for code, part in zip(codes, shares, strict=True)]
