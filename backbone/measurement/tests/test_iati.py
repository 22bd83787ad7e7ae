"""The IATI activity export validates against the IATI 2.03 schema, keeps IATI's own rules, and
its figures are the approved roll-ups, recomputed here by hand from the uploaded rows."""

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from backbone.interchange import periods
from backbone.measurement import services
from backbone.measurement.exchange.iati import iati_activities
from backbone.measurement.exchange.iati_codes import DEFAULT_REPORTING_ORG_REF
from backbone.measurement.models import Indicator
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.testing import approved_upload, csv_file
from backbone.network.models import Sector

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
SCHEMA = DATA / "iati" / "schema" / "iati-activities-schema.xsd"

IN_CARE = [
    # 2024: 3 + 5 + 2 = 10
    {"indicator": "in-care", "place": "UA-46-001", "period": "2024-03", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46", "period": "2024-07", "sex": "m", "age": "5-17", "value": "5"},
    {"indicator": "in-care", "place": "UA-63", "period": "2024-11", "sex": "f", "age": "5-17", "value": "2"},
    # 2025 (with the oblast's 7 in March): 4 + 6 + 10 + 7 = 27; the 10 has no sex or age.
    {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "f", "age": "0-4", "value": "4"},
    {"indicator": "in-care", "place": "UA-63", "period": "2025-02", "sex": "m", "age": "0-4", "value": "6"},
    {"indicator": "in-care", "place": "UA-63", "period": "2025-05", "sex": "", "age": "", "value": "10"},
]  # fmt: skip
OBLAST_IN_CARE = [
    {"indicator": "in-care", "place": "UA-46", "period": "2025-03", "sex": "f", "age": "5-17", "value": "7"},
]  # fmt: skip
RATIO_TERMS = [
    {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"},
    {"indicator": "children", "place": "UA-46", "period": "2025-01", "value": "10000"},
    {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "1"},
    {"indicator": "children", "place": "UA-63", "period": "2025-01", "value": "90000"},
]
GENERATED = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


@cache
def _load_schema(path: Path) -> etree.XMLSchema:
    # The xsd imports iati-common.xsd and xml.xsd by relative path: parse it from its file.
    return etree.XMLSchema(etree.parse(str(path)))


def iati_schema(path: Path = SCHEMA) -> etree.XMLSchema:
    """The IATI schema, or a failure (never a skip): an export nobody validated proves nothing."""
    if not path.is_file():
        pytest.fail(
            f"The IATI 2.03 activity schema is missing at {path}; put iati-activities-schema.xsd "
            "with iati-common.xsd and xml.xsd beside it in shared/data/iati/schema."
        )
    return _load_schema(path)


def valid_document(document: bytes) -> etree._Element:
    """Parse the export and fail with the schema's own messages unless it validates."""
    root = etree.fromstring(document)
    schema = iati_schema()
    if not schema.validate(root):
        pytest.fail("Not valid IATI 2.03:\n" + "\n".join(str(e) for e in schema.error_log))
    assert_iati_rules(root)
    return root


PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def assert_iati_rules(root: etree._Element) -> None:
    """The rules of IATI's ruleset (rulesets/standard.json) that the schema does not check."""
    for activity in root.iterfind("iati-activity"):
        ref = activity.find("reporting-org").get("ref")
        identifier = activity.findtext("iati-identifier")
        assert identifier != ref and identifier.startswith(f"{ref}-")  # 1.1.3, 1.1.21
        assert activity.xpath("activity-date[@type='1' or @type='2']")  # 6.11.1
        assert activity.find("sector") is not None  # 6.2.2
        assert activity.get("{http://www.w3.org/XML/1998/namespace}lang")  # 4.1.1
        for started in activity.xpath("activity-date[@type='2']/@iso-date"):
            assert dt.date.fromisoformat(started) <= timezone.localdate()  # 11.1.4
    for period in root.iter("period"):
        start = period.find("period-start").get("iso-date")
        end = period.find("period-end").get("iso-date")
        assert dt.date.fromisoformat(start) < dt.date.fromisoformat(end)  # 8.6.1
    for element in root.xpath("//baseline | //period/target | //period/actual"):
        # 8.8.1-8.10.2: a value, a number XPath can read, and never negative.
        assert PLAIN_NUMBER.match(element.get("value", "")), etree.tostring(element)
    for text in root.xpath("//title | //description"):
        assert "".join(text.xpath("narrative/text()")).strip()  # 4.3.1, 4.4.1


@pytest.fixture
def results(measure, world):
    """In-care values (approved, plus a draft), a ratio's terms, goals and a data-less indicator."""
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=IN_CARE,
    )
    approved_upload(
        collective=world.oblast,
        organization=world.org_b,
        reporter=world.reporter_b,
        staff=world.staff,
        rows=OBLAST_IN_CARE,
    )
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=RATIO_TERMS,
        name="ratio.csv",
    )
    # A draft is not approved: it must not count.
    import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="draft.csv",
        stream=csv_file(
            [{"indicator": "in-care", "place": "UA-46", "period": "2025-06", "value": "1000"}]
        ),
    )
    female = measure.sex.categories.get(code="f")
    goals = [
        ("baseline", "2023", 12, None),
        ("baseline", "2023", 7, female),
        ("target", "2025", 20, None),
        ("target", "2025", 9, female),
        ("target", "2025-Q1", 18, None),
        ("target", "2026", 15, None),
    ]
    for kind, code, value, category in goals:
        services.target_set(
            indicator=measure.in_care,
            collective=world.national,
            kind=kind,
            period=periods.parse(code),
            value=value,
            category=category,
        )
    Indicator.objects.filter(pk=measure.workers.pk).update(kind="how_much")
    services.indicator_create(
        collective=world.national,
        code="families-better",
        name="Families reporting they cope better",
        counting_rule="Families answering 4 or 5 to “we cope better” six months after support.",
        effective_from=dt.date(2024, 1, 1),
        kind="better_off",
        unit="percentage",
        by=world.staff,
    )
    return measure


def export(collective, **kwargs) -> etree._Element:
    return valid_document(iati_activities(collective=collective, generated=GENERATED, **kwargs))


def indicator_of(root: etree._Element, code: str) -> etree._Element:
    [element] = root.xpath("//result/indicator[reference[@vocabulary='99'][@code=$c]]", c=code)
    return element


def span(period: etree._Element) -> tuple[str, str]:
    return period.find("period-start").get("iso-date"), period.find("period-end").get("iso-date")


def figures(period: etree._Element, tag: str) -> dict[tuple, float]:
    """(dimension name, value) pairs → value: () is the total."""
    return {
        tuple((d.get("name"), d.get("value")) for d in element.iterfind("dimension")): float(
            element.get("value")
        )
        for element in period.iterfind(tag)
    }


def periods_of(indicator: etree._Element) -> dict[tuple[str, str], etree._Element]:
    return {span(period): period for period in indicator.iterfind("period")}


YEAR_2024 = ("2024-01-01", "2024-12-31")
YEAR_2025 = ("2025-01-01", "2025-12-31")


def test_the_export_is_one_valid_iati_203_activity_per_collective(results, world):
    root = export(world.national)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2026-01-15T09:30:00Z"
    [activity] = root.iterfind("iati-activity")
    assert activity.findtext("iati-identifier") == f"{DEFAULT_REPORTING_ORG_REF}-nation"
    assert activity.findtext("title/narrative") == "National collective"
    assert [org.get("role") for org in activity.iterfind("participating-org")] == ["2", "4", "4"]
    codes = activity.xpath("result/indicator/reference/@code")
    assert codes == list(
        Indicator.objects.for_collective(world.national).values_list("code", flat=True)
    )
    assert "families-better" in codes and len(codes) == 6


def test_result_type_measure_and_direction_follow_the_indicator(results, world):
    root = export(world.national)
    in_care = indicator_of(root, "in-care")
    assert in_care.getparent().get("type") == "3"  # population → impact
    assert in_care.get("measure") == "1" and in_care.get("ascending") == "0"  # down is better
    workers = indicator_of(root, "workers")
    assert workers.getparent().get("type") == "1"  # how much → output
    assert workers.get("ascending") == "1"
    rate = indicator_of(root, "workers-per-10k")
    assert rate.get("measure") == "1"  # a rate per 10,000 is a unit, not a percentage
    assert "Given per 10,000." in rate.findtext("description/narrative")
    assert "on the last day of the month" in in_care.findtext("description/narrative")
    titles = in_care.xpath("title/narrative")
    assert [t.text for t in titles] == [
        "Children in residential institutions",
        "Діти в інтернатних закладах",
    ]
    assert titles[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "uk"


def test_yearly_actuals_are_the_approved_rollup(results, world):
    in_care = periods_of(indicator_of(export(world.national), "in-care"))
    # Summed by hand from IN_CARE and OBLAST_IN_CARE; the 1000 of the draft is not there.
    assert figures(in_care[YEAR_2024], "actual")[()] == 3 + 5 + 2
    assert figures(in_care[YEAR_2025], "actual")[()] == 4 + 6 + 10 + 7
    ratio = periods_of(indicator_of(export(world.national), "workers-per-10k"))
    assert list(ratio) == [YEAR_2025]
    [value] = figures(ratio[YEAR_2025], "actual").values()
    assert value == pytest.approx((10 + 1) / (10000 + 90000) * 10000)  # 1.1, sum over sum


def test_the_oblast_exports_only_its_own_values(results, world):
    in_care = periods_of(indicator_of(export(world.oblast), "in-care"))
    assert figures(in_care[YEAR_2025], "actual")[()] == 7
    assert YEAR_2024 not in in_care


def test_each_category_of_each_dimension_has_an_actual(results, world):
    in_care = periods_of(indicator_of(export(world.national), "in-care"))
    assert {k: v for k, v in figures(in_care[YEAR_2025], "actual").items() if k} == {
        (("sex", "f"),): 4 + 7,
        (("sex", "m"),): 6,
        (("age", "0-4"),): 4 + 6,
        (("age", "5-17"),): 7,
    }  # the 10 without sex or age counts only in the total
    assert figures(in_care[YEAR_2024], "actual")[(("sex", "f"),)] == 3 + 2
    # Dimensions come in order (sex, then age) and categories in theirs.
    names = [
        tuple(d.get("value") for d in actual.iterfind("dimension"))
        for actual in in_care[YEAR_2025].iterfind("actual")
    ]
    assert names == [(), ("f",), ("m",), ("0-4",), ("5-17",)]


def test_baselines_and_targets_with_subgroups_as_dimensions(results, world):
    in_care = indicator_of(export(world.national), "in-care")
    baselines = {
        tuple((d.get("name"), d.get("value")) for d in b.iterfind("dimension")): (
            b.get("year"),
            b.get("iso-date"),
            b.get("value"),
        )
        for b in in_care.iterfind("baseline")
    }
    assert baselines == {
        (): ("2023", "2023-01-01", "12"),
        (("sex", "f"),): ("2023", "2023-01-01", "7"),
    }
    by_span = periods_of(in_care)
    assert figures(by_span[YEAR_2025], "target") == {(): 20, (("sex", "f"),): 9}
    # A quarterly target gets its own period, with the quarter's actual: 4 + 6 + 7.
    first_quarter = by_span[("2025-01-01", "2025-03-31")]
    assert figures(first_quarter, "target") == {(): 18}
    assert figures(first_quarter, "actual")[()] == 4 + 6 + 7
    # A target for a year with no data yet: the period carries the target alone.
    future = by_span[("2026-01-01", "2026-12-31")]
    assert figures(future, "target") == {(): 15}
    assert future.find("actual") is None
    # The schema's order inside an indicator: title, description, reference, baseline, period.
    tags = [child.tag for child in in_care]
    assert tags == sorted(
        tags, key=["title", "description", "reference", "baseline", "period"].index
    )


def test_an_indicator_without_data_still_validates(results, world):
    root = export(world.national)
    families = indicator_of(root, "families-better")
    assert families.getparent().get("type") == "2"  # better off → outcome
    assert families.get("measure") == "2"  # percentage
    assert families.find("period") is None and families.find("baseline") is None
    assert indicator_of(root, "foster-active").find("period") is None


def test_a_collective_with_no_indicators_or_partners_still_validates(results, world):
    [activity] = export(world.elsewhere).iterfind("iati-activity")
    assert activity.find("result") is None
    # The reporting organisation alone is the required participating organisation.
    [participant] = activity.iterfind("participating-org")
    assert participant.get("role") == "2"
    assert participant.get("ref") == DEFAULT_REPORTING_ORG_REF
    assert activity.findtext("description/narrative")


def test_the_reporting_organisation_is_configurable(results, world, settings):
    root = export(world.national, reporting_org_ref="GB-CHC-1234567")
    assert root.findtext("iati-activity/iati-identifier") == "GB-CHC-1234567-nation"
    assert root.find("iati-activity/reporting-org").get("ref") == "GB-CHC-1234567"
    settings.IATI_REPORTING_ORG_REF = "UA-EDR-12345678"
    root = export(world.national)
    assert root.findtext("iati-activity/iati-identifier") == "UA-EDR-12345678-nation"


def test_sectors_come_from_partners_and_add_up_to_100(results, world):
    assert [
        (s.get("code"), s.get("percentage")) for s in export(world.national).iter("sector")
    ] == [("43010", None)]  # nobody named a sector: multisector
    world.org_a.sectors.add(Sector.objects.get(code="child_protection"))
    world.org_b.sectors.add(*Sector.objects.filter(code__in=["education", "health"]))
    sectors = [(s.get("code"), s.get("percentage")) for s in export(world.national).iter("sector")]
    assert sectors == [("11110", "33.33"), ("12110", "33.33"), ("16015", "33.34")]


def test_deduplicated_totals_and_negative_figures(results, world):
    services.adjustment_set(
        collective=world.national,
        indicator=results.in_care,
        place=results.kharkiv,
        period=periods.month_index(2025, 5),
        amount=3,
        reason="Two partners count the same children",
        by=world.staff,
    )
    # An overlap larger than the claims would publish a negative count: it is left out.
    services.adjustment_set(
        collective=world.national,
        indicator=results.in_care,
        place=results.lviv,
        period=periods.month_index(2024, 7),
        amount=50,
        reason="Entered in error",
        by=world.staff,
    )
    in_care = periods_of(indicator_of(export(world.national), "in-care"))
    [total] = in_care[YEAR_2025].xpath("actual[not(dimension)]")
    assert float(total.get("value")) == 27 - 3
    assert total.findtext("comment/narrative") == (
        "Partners' overlapping claims are subtracted from 27."
    )
    # Overlaps are not recorded per category: the split keeps the claims, and says so.
    assert figures(in_care[YEAR_2025], "actual")[(("sex", "f"),)] == 11
    [female] = in_care[YEAR_2025].xpath("actual[dimension[@value='f']]")
    assert "not subtracted" in female.findtext("comment/narrative")
    assert in_care[YEAR_2024].xpath("actual[not(dimension)]") == []
    assert figures(in_care[YEAR_2024], "actual")[(("sex", "m"),)] == 5
    # The quarter had no overlap: nothing to say there.
    assert not in_care[("2025-01-01", "2025-03-31")].xpath("actual/comment")


def test_a_missing_schema_fails_rather_than_skips(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="schema is missing"):
        iati_schema(tmp_path / "iati-activities-schema.xsd")


def _activity_dates(root: etree._Element) -> dict[str, str]:
    return {d.get("type"): d.get("iso-date") for d in root.iterfind("iati-activity/activity-date")}


def test_the_activity_starts_with_the_first_reported_month_and_ends_with_its_last_target(
    results, world
):
    # The collective was recorded today; its first approved figures are of March 2024.
    assert timezone.localtime(world.national.created_at).date() > dt.date(2024, 3, 1)
    assert _activity_dates(export(world.national)) == {
        "2": "2024-03-01",  # actual start
        "3": "2026-12-31",  # planned end: the 2026 target's year
    }
    # The oblast's own figures begin in March 2025; the national targets apply to it too.
    assert _activity_dates(export(world.oblast)) == {"2": "2025-03-01", "3": "2026-12-31"}


def test_a_collective_with_no_figures_starts_the_day_it_was_recorded(results, world):
    started = timezone.localtime(world.elsewhere.created_at).date()
    assert _activity_dates(export(world.elsewhere)) == {"2": started.isoformat()}


def _december(measure, world, indicator, value, frequency="monthly"):
    start = (
        periods.month_index(2025, 12) if frequency == "monthly" else periods.month_index(2025, 10)
    )
    services.target_set(
        indicator=indicator,
        collective=world.national,
        kind="target",
        period=periods.Period(start, frequency),
        value=value,
    )


def test_a_year_end_target_of_a_stock_is_written_in_the_years_period(results, world):
    rows = [
        {"indicator": "foster-active", "place": "UA-46", "period": month, "value": value}
        for month, value in (("2025-06", "30"), ("2025-12", "34"))
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
        name="foster.csv",
    )
    _december(results, world, results.foster_active, 40)
    _december(results, world, results.foster_active, 38, frequency="quarterly")  # Q4
    foster = periods_of(indicator_of(export(world.national), "foster-active"))
    # One period, the year: no December (or fourth quarter) period inside it.
    assert list(foster) == [YEAR_2025]
    assert figures(foster[YEAR_2025], "actual")[()] == 34  # a stock: its last month
    assert figures(foster[YEAR_2025], "target") == {(): 38}  # the quarter's, over the month's
    # Set for the year as well, the year's own target is the one written.
    services.target_set(
        indicator=results.foster_active,
        collective=world.national,
        kind="target",
        period=periods.parse("2025"),
        value=41,
    )
    foster = periods_of(indicator_of(export(world.national), "foster-active"))
    assert figures(foster[YEAR_2025], "target") == {(): 41}


def test_a_december_target_of_a_flow_keeps_its_month_beside_that_months_actual(results, world):
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": "2025-12", "value": "6"},
        {"indicator": "children", "place": "UA-46", "period": "2025-12", "value": "10000"},
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
        name="december.csv",
    )
    _december(results, world, results.workers, 8)
    _december(results, world, results.workers_per_10k, 9)
    workers = periods_of(indicator_of(export(world.national), "workers"))
    # Workers add up over the year (10 + 1 in January, 6 in December): December's 8 is not
    # the year's target.
    december = workers[("2025-12-01", "2025-12-31")]
    assert figures(december, "target") == {(): 8}
    assert figures(december, "actual") == {(): 6}
    assert figures(workers[YEAR_2025], "actual")[()] == 10 + 1 + 6
    assert workers[YEAR_2025].find("target") is None
    # A ratio's figure for the year is a level, like December's: its target is the year's.
    ratio = periods_of(indicator_of(export(world.national), "workers-per-10k"))
    assert list(ratio) == [YEAR_2025]
    assert figures(ratio[YEAR_2025], "target") == {(): 9}


def test_the_oblasts_own_target_wins_on_its_page_and_in_its_export(results, world):
    from backbone.measurement.selectors.series import indicator_series

    year = periods.Period(periods.month_index(2025, 1), "annual")
    # The oblast set its own first, national later: the order they were set in must not matter.
    for collective, value in ((world.oblast, 30), (world.national, 100)):
        services.target_set(
            indicator=results.workers, collective=collective, kind="target", period=year,
            value=value,
        )  # fmt: skip
    # The oblast's own target over the national one, on the indicator page and in IATI alike.
    assert indicator_series(results.workers, world.oblast).target == {"period": "2025", "value": 30}
    workers = periods_of(indicator_of(export(world.oblast), "workers"))
    assert figures(workers[YEAR_2025], "target") == {(): 30}
    # The national collective still reads its own.
    assert indicator_series(results.workers, world.national).target == {
        "period": "2025",
        "value": 100,
    }
    workers = periods_of(indicator_of(export(world.national), "workers"))
    assert figures(workers[YEAR_2025], "target") == {(): 100}


def test_an_oblasts_year_target_of_a_stock_wins_over_a_national_december_one_everywhere(
    results, world
):
    """A stock's December target speaks for its year: the oblast's own year target and the
    national December one are two targets for one period, and the nearest collective's wins
    on the page, on the dashboard and in the export alike."""
    from backbone.measurement.selectors.series import indicator_series, series_of

    _december(results, world, results.foster_active, 40)  # national, December 2025
    services.target_set(
        indicator=results.foster_active, collective=world.oblast, kind="target",
        period=periods.parse("2025"), value=35,
    )  # fmt: skip
    page = indicator_series(results.foster_active, world.oblast)
    assert page.target == {"period": "2025", "value": 35}
    from backbone.measurement.selectors.series import context

    dashboard = series_of([results.foster_active], world.oblast, context())
    assert dashboard[results.foster_active.pk].target == {"period": "2025", "value": 35}
    foster = periods_of(indicator_of(export(world.oblast), "foster-active"))
    assert figures(foster[YEAR_2025], "target") == {(): 35}
    # The national collective still reads its own December target.
    assert indicator_series(results.foster_active, world.national).target["value"] == 40
