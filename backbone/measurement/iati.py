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
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from backbone.interchange import periods
from backbone.lib.text import xml_safe
from backbone.lib.translation import translations
from backbone.measurement.models import (
    Category,
    Coverage,
    Dimension,
    Direction,
    Indicator,
    IndicatorKind,
    SubmissionStatus,
    Target,
    TargetKind,
    TimeAggregation,
    Unit,
)
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.selectors.series import context as rollup_context
from backbone.measurement.selectors.targets import targets_in_force
from backbone.network.models import Organization, OrganizationKind, SectorCode

IATI_VERSION = "2.03"
# A placeholder until the backbone organisation registers its own identifier; settings
# IATI_REPORTING_ORG_REF / IATI_REPORTING_ORG_TYPE (or the argument) override it.
DEFAULT_REPORTING_ORG_REF = "XM-DAC-BACKBONE"
DEFAULT_REPORTING_ORG_TYPE = "90"  # OrganisationType: Other

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ResultType: 1 output, 2 outcome, 3 impact. The population result is the change the whole
# collective works towards; "better off" is the change in the people served; the rest is output.
RESULT_TYPE = {
    IndicatorKind.POPULATION: "3",
    IndicatorKind.BETTER_OFF: "2",
    IndicatorKind.HOW_MUCH: "1",
    IndicatorKind.HOW_WELL: "1",
}
# IndicatorMeasure: 1 unit, 2 percentage. A rate per N is a quantity, not a percentage, and the
# nominal (3) and ordinal (4) measures are for categorical scales, so a rate is a unit.
MEASURE = {Unit.COUNT: "1", Unit.PERCENTAGE: "2", Unit.RATE: "1"}

# OrganisationType. IATI has no code for community-based or faith-based organisations: both are
# civil society in the country, so national NGOs.
ORGANISATION_TYPE = {
    OrganizationKind.MINISTRY: "10",
    OrganizationKind.LOCAL_AUTHORITY: "11",
    OrganizationKind.PUBLIC_SERVICE: "15",
    OrganizationKind.NGO: "22",
    OrganizationKind.CBO: "22",
    OrganizationKind.FAITH_BASED: "22",
    OrganizationKind.PRIVATE: "70",
    OrganizationKind.ACADEMIC: "80",
    OrganizationKind.FUNDER: "60",
    OrganizationKind.MEDIA: "90",
    OrganizationKind.INFORMAL: "90",
}
# OrganisationRole.
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
ACTIVITY_STATUS_IMPLEMENTATION = "2"
ACTIVITY_DATE_ACTUAL_START = "2"
ACTIVITY_DATE_PLANNED_END = "3"
DESCRIPTION_GENERAL = "1"
VOCABULARY_REPORTING_ORG = "99"  # IndicatorVocabulary: the reporting organisation's own codes
SECTOR_VOCABULARY_DAC = "1"  # OECD DAC CRS purpose codes, 5 digits

# Partners' fields of work as DAC purpose codes (the codes IATI's rules ask for first).
DAC_SECTOR = {
    SectorCode.CHILD_PROTECTION: "16015",  # Social services (incl. youth development, children)
    SectorCode.SOCIAL_PROTECTION: "16010",
    SectorCode.FAMILY_SUPPORT: "16015",
    SectorCode.ALTERNATIVE_CARE: "16015",
    SectorCode.EDUCATION: "11110",
    SectorCode.HEALTH: "12110",
    SectorCode.DISABILITY: "16010",
    SectorCode.JUSTICE: "15130",
    SectorCode.HOUSING: "16030",
    SectorCode.MENTAL_HEALTH: "12340",
    SectorCode.LIVELIHOODS: "16020",
    SectorCode.HUMANITARIAN: "72010",
}
# IATI requires a sector; when no partner has named one, a Collective Impact initiative is, by
# design, work across sectors.
MULTISECTOR = "43010"

_KEY_OF_FREQUENCY = {frequency: key for key, frequency in periods.GRAIN_OF_KEY.items()}


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
    ends = [_span(goal).last_day() for goal in targets.only("period_start", "frequency")]
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


# ─── results ─────────────────────────────────────────────────────────────────────────────────


@dataclass
class _Actual:
    value: float | None
    category: Category | None  # None: the total
    note: str = ""


def _result(indicator: Indicator, collective, scope, ctx, language: str) -> etree._Element:
    result = etree.Element("result", type=RESULT_TYPE.get(indicator.kind, "9"))
    _title(result, indicator, language)
    attributes = {"measure": MEASURE.get(indicator.unit, "1")}
    if indicator.direction != Direction.NEUTRAL:
        attributes["ascending"] = "1" if indicator.direction == Direction.UP else "0"
    element = _sub(result, "indicator", attributes)
    _title(element, indicator, language)
    _narrative(_sub(element, "description"), _indicator_text(indicator))
    # Set on the indicator only: IATI rule 8.11.1 allows a reference at one level.
    _sub(element, "reference", vocabulary=VOCABULARY_REPORTING_ORG, code=indicator.code)

    goals = _goals(indicator, collective)
    for goal in goals:
        value = _number(goal.value)
        if goal.kind != TargetKind.BASELINE or value is None:
            continue
        first = _span(goal).first_day()
        baseline = _sub(
            element,
            "baseline",
            {"year": str(first.year), "iso-date": first.isoformat(), "value": value},
        )
        _dimension(baseline, goal.category)
        _comment(baseline, goal.note)

    targets = [g for g in goals if g.kind == TargetKind.TARGET and _number(g.value) is not None]
    figures = _Figures(indicator, collective, ctx)
    spans = {_target_span(goal, indicator) for goal in targets} | figures.years()
    for span in sorted(spans):
        span_targets = [goal for goal in targets if _target_span(goal, indicator) == span]
        actuals = [a for a in figures.at(span) if _number(a.value) is not None]
        if not span_targets and not actuals:
            continue  # e.g. a ratio whose denominator is 0 that year
        period = _sub(element, "period")
        _sub(period, "period-start", {"iso-date": span.first_day().isoformat()})
        _sub(period, "period-end", {"iso-date": span.last_day().isoformat()})
        for goal in span_targets:
            target = _sub(period, "target", value=_number(goal.value))
            _dimension(target, goal.category)
            _comment(target, goal.note)
        for item in actuals:
            actual = _sub(period, "actual", value=_number(item.value))
            _dimension(actual, item.category)
            _comment(actual, item.note)
    return result


def _indicator_text(indicator: Indicator) -> str:
    """What the indicator counts: its description, then the counting rule now in force."""
    lines = [indicator.localized_description.strip()]
    definitions = sorted(indicator.versions.all(), key=lambda version: version.number)
    if definitions:
        current = definitions[-1]
        lines.append(
            _("Counting rule (from %(date)s): %(rule)s")
            % {"date": current.effective_from.isoformat(), "rule": current.counting_rule.strip()}
        )
        if current.inclusion.strip():
            lines.append(_("Who is counted: %s") % current.inclusion.strip())
        if current.exclusion.strip():
            lines.append(_("Who is not counted: %s") % current.exclusion.strip())
    if indicator.unit == Unit.RATE and indicator.rate_per:
        # The measure says only "unit"; the reader needs the base of the rate.
        lines.append(_("Given per %s.") % f"{indicator.rate_per:,}")
    if indicator.data_source.strip():
        lines.append(_("Data source: %s") % indicator.data_source.strip())
    return "\n".join(line for line in lines if line) or indicator.name


def _span(goal: Target) -> periods.Period:
    """The goal's period, aligned like roll-up buckets so it matches their figures."""
    return periods.Period(periods.bucket(goal.period_start, goal.frequency), goal.frequency)


def _target_span(goal: Target, indicator: Indicator) -> periods.Period:
    """The reporting period a target is written in: the year, when the target is the year's.

    The file reports by year. A target for the last month or quarter of a year ("1,500 children
    in institutions by December") is the year's target wherever the year's figure is a level
    rather than a sum of months: a stock taking its last value, or a ratio of two indicators. A
    flow's December target (placements in December) is not the year's placements, and a
    mid-year milestone is not the year's either: those keep their own period, beside the
    actual of that period."""
    own = _span(goal)
    if own.frequency == periods.ANNUAL:
        return own
    year = periods.Period(periods.bucket(own.start, periods.ANNUAL), periods.ANNUAL)
    level = indicator.is_ratio or indicator.time_aggregation == TimeAggregation.LAST
    return year if level and own.end == year.end else own


def _goals(indicator: Indicator, collective) -> list[Target]:
    """The baselines and targets in force (`selectors.targets.targets_in_force`: the nearest
    collective's wins), aligned to the spans the export reports; where one collective set
    several for one span, the target for the year wins over one for its last quarter, and that
    over one for its last month."""
    scope = [collective.pk, *collective.ancestor_ids()]
    rank = {pk: index for index, pk in enumerate(scope)}
    chosen: dict[tuple, Target] = {}

    def precedence(goal: Target) -> tuple[int, int]:
        return rank[goal.collective_id], -periods.SPAN[goal.frequency]

    for goal in targets_in_force(indicator, collective):
        span = _target_span(goal, indicator) if goal.kind == TargetKind.TARGET else _span(goal)
        key = (goal.kind, span, goal.category_id)
        if key not in chosen or precedence(goal) < precedence(chosen[key]):
            chosen[key] = goal
    return sorted(
        chosen.values(),
        key=lambda goal: (_target_span(goal, indicator), _category_order(goal.category)),
    )


def _category_order(category: Category | None) -> tuple:
    if category is None:
        return ()  # the total before any subgroup
    dimension = category.dimension
    return (dimension.position, dimension.code, category.position, category.code)


class _Figures:
    """The indicator's approved roll-ups, fetched once per period grain: the total, then each
    category of each dimension, per period."""

    def __init__(self, indicator: Indicator, collective, ctx) -> None:
        self.indicator = indicator
        self.collective = collective
        self.ctx = ctx
        self.dimensions = _dimensions(indicator)
        self._by_grain: dict[str, dict[int, list[_Actual]]] = {}

    def years(self) -> set[periods.Period]:
        return {periods.Period(start, periods.ANNUAL) for start in self._grain(periods.ANNUAL)}

    def at(self, span: periods.Period) -> list[_Actual]:
        return self._grain(span.frequency).get(span.start, [])

    def _rollup(self, by: list[str]):
        return rollup(indicator=self.indicator, collective=self.collective, by=by, context=self.ctx)

    def _grain(self, frequency: str) -> dict[int, list[_Actual]]:
        if frequency in self._by_grain:
            return self._by_grain[frequency]
        key = f"period:{_KEY_OF_FREQUENCY[frequency]}"
        found: dict[int, list[_Actual]] = defaultdict(list)
        self._by_grain[frequency] = found
        try:
            total = self._rollup([key])
        except ValidationError:
            # A target finer than the indicator is reported (a quarter of an annual figure)
            # has no actual to compare with.
            return found
        # The roll-up says whether overlaps were subtracted anywhere; a row says where: its
        # claimed sum differs from its value. Only those periods get a note.
        deduplicated: set[int] = set()
        for row in total.rows:
            start = periods.parse(row["period"]).start
            claimed = row.get("claimed")
            note = ""
            if claimed is not None and claimed != row["value"]:
                deduplicated.add(start)
                note = _("Partners' overlapping claims are subtracted from %(claimed)s.") % {
                    "claimed": _number(claimed)
                }
            found[start].append(_Actual(row["value"], None, note))
        for dimension in self.dimensions:
            split = self._rollup([key, dimension.code])
            categories = {category.code: category for category in dimension.categories.all()}
            order = list(categories)
            rows = [row for row in split.rows if row[dimension.code] in categories]
            rows.sort(key=lambda row: order.index(row[dimension.code]))
            for row in rows:
                start = periods.parse(row["period"]).start
                note = " ".join(split.notes) if start in deduplicated else ""
                found[start].append(_Actual(row["value"], categories[row[dimension.code]], note))
        return found


def _dimensions(indicator: Indicator) -> list[Dimension]:
    """The dimensions the indicator can be split by: for a ratio, those of both its terms
    (the roll-up refuses any other)."""
    if indicator.is_ratio:
        shared = indicator.denominator.dimensions.values_list("pk", flat=True)
        return list(
            indicator.numerator.dimensions.filter(pk__in=list(shared)).prefetch_related(
                "categories"
            )
        )
    return list(indicator.dimensions.all())


# ─── XML helpers ─────────────────────────────────────────────────────────────────────────────


def _number(value: float | None) -> str | None:
    """A figure as IATI reads it, or None when there is none to publish.

    Plain decimal notation, because IATI checks values with XPath number(), which reads no
    exponent. A negative figure can only come from a de-duplication adjustment larger than the
    claims: a data error rather than a result, so it is left out, as IATI values are >= 0.
    """
    if value is None or not math.isfinite(value) or value < 0:
        return None
    if value == 0:
        return "0"  # also turns -0.0 into "0"
    text = f"{round(value, 4):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Every text and attribute goes through xml_safe: a control character stored before the forms
# and the API refused them would otherwise stop the whole file ("All strings must be XML
# compatible").
def _sub(parent: etree._Element, tag: str, attributes: dict | None = None, **more: str):
    values = {**(attributes or {}), **more}
    return etree.SubElement(
        parent, tag, {k: xml_safe(v) if isinstance(v, str) else v for k, v in values.items()}
    )


def _narrative(parent: etree._Element, text: str, language: str = "") -> None:
    narrative = _sub(parent, "narrative", {XML_LANG: language} if language else None)
    narrative.text = xml_safe(text)


def _title(parent: etree._Element, indicator: Indicator, language: str) -> None:
    """The name in the activity's language, then each translation under its own xml:lang."""
    _names(_sub(parent, "title"), indicator, language)


def _names(parent: etree._Element, obj, language: str) -> None:
    """The name in the activity's language, then each other language's under its xml:lang."""
    _narrative(parent, obj.name)
    for code, name in sorted(translations(obj, "name").items()):
        if code != language and name.strip():
            _narrative(parent, name.strip(), code)


def _dimension(parent: etree._Element, category: Category | None) -> None:
    if category is not None:
        _sub(parent, "dimension", name=category.dimension.code, value=category.code)


def _comment(parent: etree._Element, text: str) -> None:
    if text.strip():
        _narrative(_sub(parent, "comment"), text.strip())
