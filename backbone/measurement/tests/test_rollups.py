"""Roll-ups equal an obvious computation over the stored values.

The property tests generate random place trees' values, categories and periods across two
collectives and compare each roll-up with a plain-Python sum written independently here.
"""

import datetime as dt
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from backbone.interchange import periods
from backbone.measurement import services
from backbone.measurement.models import ApprovedStock, Combination, Submission, Value
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.services import adjustment_set, combination_for
from backbone.measurement.testing import approved_upload, build_measure
from backbone.network.models import Place
from backbone.testing import OrganizationFactory, build_world

JAN_2025 = periods.month_index(2025, 1)


def test_place_period_and_dimension_keys(measure, world):
    rows = [
        {"indicator": "in-care", "place": "UA-46-001", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
        {"indicator": "in-care", "place": "UA-46", "period": "2025-02", "sex": "m", "age": "0-4", "value": "4"},
        {"indicator": "in-care", "place": "UA-63", "period": "2025-04", "sex": "f", "age": "5-17", "value": "10"},
    ]  # fmt: skip
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    result = rollup(
        indicator=measure.in_care, collective=world.national, by=["place:1", "period:quarter"]
    )
    assert result.rows == [
        {"place": "UA-46", "period": "2025-Q1", "value": 7.0, "claimed": 7.0},
        {"place": "UA-63", "period": "2025-Q2", "value": 10.0, "claimed": 10.0},
    ]
    by_sex = rollup(indicator=measure.in_care, collective=world.national, by=["sex"])
    assert [(r["sex"], r["value"]) for r in by_sex.rows] == [("f", 13.0), ("m", 4.0)]


def test_oblast_collective_sees_only_its_own_values_and_the_nation_sees_both(measure, world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "5"}],
    )
    approved_upload(
        collective=world.oblast,
        organization=world.org_b,
        reporter=world.reporter_b,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "7"}],
    )
    nation = rollup(indicator=measure.workers, collective=world.national)
    oblast = rollup(indicator=measure.workers, collective=world.oblast)
    assert nation.rows[0]["value"] == 12
    assert oblast.rows[0]["value"] == 7


def test_ratio_is_sum_over_sum_not_mean_of_ratios(measure, world):
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"},
        {"indicator": "children", "place": "UA-46", "period": "2025-01", "value": "10000"},
        {"indicator": "workers", "place": "UA-63", "period": "2025-01", "value": "1"},
        {"indicator": "children", "place": "UA-63", "period": "2025-01", "value": "90000"},
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    [row] = rollup(indicator=measure.workers_per_10k, collective=world.national).rows
    assert row["value"] == pytest.approx(11 / 100000 * 10000)  # 1.1, not (10 + 0.11) / 2


def test_latest_takes_the_last_month_of_the_quarter(measure, world):
    rows = [
        {"indicator": "foster-active", "place": "UA-46", "period": f"2025-0{m}", "value": str(v)}
        for m, v in ((1, 40), (2, 42), (3, 45))
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    [row] = rollup(
        indicator=measure.foster_active, collective=world.national, by=["period:quarter"]
    ).rows
    assert row == {"period": "2025-Q1", "value": 45.0, "claimed": 45.0}


def test_deduplicated_total_beside_the_sum_of_claims(measure, world):
    for org, reporter, value in ((world.org_a, world.reporter_a, "30"),):
        approved_upload(
            collective=world.national,
            organization=org,
            reporter=reporter,
            staff=world.staff,
            rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": value}],
        )
    adjustment_set(
        collective=world.national,
        indicator=measure.workers,
        place=measure.lviv,
        period=JAN_2025,
        amount=4,
        reason="Both partners count the same mobile team",
        by=world.staff,
    )
    [row] = rollup(indicator=measure.workers, collective=world.national, by=["place:1"]).rows
    assert row == {"place": "UA-46", "value": 26.0, "claimed": 30.0}


def test_bad_keys_are_refused_plainly(measure, world):
    with pytest.raises(ValidationError, match="not place:N"):
        rollup(indicator=measure.workers, collective=world.national, by=["sex"])
    with pytest.raises(ValidationError, match="period:month, period:quarter"):
        rollup(indicator=measure.workers, collective=world.national, by=["period:week"])


# Property tests ---------------------------------------------------------------------------

value_rows = st.lists(
    st.tuples(
        st.integers(0, 5),  # place index
        st.integers(0, 14),  # month offset from 2025-01
        st.sampled_from(["f", "m", None]),  # sex category (None: not disaggregated)
        st.integers(0, 1),  # collective: national or oblast
        st.integers(0, 1000),  # value
        st.booleans(),  # approved?
    ),
    max_size=40,
)


class RollupProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.measure = build_measure(cls.world)
        m = cls.measure
        extra = Place.objects.create(code="UA-63-001", name="Kharkiv", level=2, parent=m.kharkiv)
        deep = Place.objects.create(code="UA-63-001-1", name="Kharkiv 1", level=3, parent=extra)
        cls.places = [m.country, m.lviv, m.lviv_city, m.kharkiv, extra, deep]
        cls.org_a = cls.world.org_a
        cls.org_b = OrganizationFactory(collective=cls.world.oblast, name="Oblast partner")
        sex = {c.code: c.pk for c in m.sex.categories.all()}
        cls.combo = {code: combination_for([pk]) for code, pk in sex.items()}
        cls.combo[None] = combination_for([])
        cls.stocks = {
            kind: services.indicator_create(
                collective=cls.world.national,
                code=f"in-foster-care-{kind}",
                name="Children in foster care",
                counting_rule="Children living in a foster family on the last day of the month.",
                effective_from=dt.date(2024, 1, 1),
                dimensions=[m.sex],
                time_aggregation=kind,
                by=cls.world.staff,
            )
            for kind in ("last", "mean")
        }

    def _store(self, rows, indicator):
        submissions = {}
        seen = set()
        stored = []
        for place_i, month, sex, coll_i, value, approved in rows:
            collective = (self.world.national, self.world.oblast)[coll_i]
            org = (self.org_a, self.org_b)[coll_i]
            key = (coll_i, approved, place_i, month, sex)
            if key in seen:
                continue
            seen.add(key)
            if (coll_i, approved) not in submissions:
                submissions[(coll_i, approved)] = Submission.objects.create(
                    collective=collective,
                    organization=org,
                    source="api",
                    created_by=self.world.staff,
                    status="approved" if approved else "submitted",
                )
            Value.objects.create(
                submission=submissions[(coll_i, approved)],
                collective=collective,
                organization=org,
                indicator=indicator,
                place=self.places[place_i],
                period=JAN_2025 + month,
                combination_id=self.combo[sex],
                value=value,
                approved=approved,
            )
            stored.append((place_i, month, sex, coll_i, value, approved))
        return stored

    def _level_code(self, place, level):
        while place.level > level and place.parent_id is not None:
            place = Place.objects.get(pk=place.parent_id)
        return place.code

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        rows=value_rows,
        level=st.integers(0, 3),
        grain=st.sampled_from(["month", "quarter", "year"]),
    )
    def test_sum_rollup_equals_plain_sum(self, rows, level, grain):
        indicator = self.measure.in_care
        stored = self._store(rows, indicator)
        span = {"month": 1, "quarter": 3, "year": 12}[grain]
        for collective, coll_ids in ((self.world.national, {0, 1}), (self.world.oblast, {1})):
            expected = defaultdict(float)
            for place_i, month, sex, coll_i, value, approved in stored:
                if not approved or coll_i not in coll_ids:
                    continue
                start = JAN_2025 + month
                period = periods.code_of(start - start % span, periods.GRAIN_OF_KEY[grain])
                place = self._level_code(self.places[place_i], level)
                expected[(place, period, sex or "")] += value
            result = rollup(
                indicator=indicator,
                collective=collective,
                by=[f"place:{level}", f"period:{grain}", "sex"],
            )
            got = {(r["place"], r["period"], r["sex"]): r["value"] for r in result.rows}
            assert got == dict(expected)
            total = rollup(indicator=indicator, collective=collective).rows
            assert (total[0]["value"] if total else 0) == sum(expected.values())

    def _stock_expected(self, stored, coll_ids, level, span, mean=False):
        """Plain Python: each series' (collective, place, category) last value in the
        period — a place that missed the period's last month counts with its latest month
        in it — or the average of its values there, summed per place at the level."""
        series = defaultdict(dict)
        for place_i, month, sex, coll_i, value, approved in stored:
            if approved and coll_i in coll_ids:
                start = JAN_2025 + month
                bucket = start - start % span if span else 0
                series[(coll_i, place_i, sex, bucket)][start] = value
        expected = defaultdict(float)
        early = 0
        for (_coll, place_i, sex, bucket), months in series.items():
            last = max(months)
            figure = sum(months.values()) / len(months) if mean else months[last]
            early += bool(span) and last != bucket + span - 1
            place = self._level_code(self.places[place_i], level)
            expected[(place, bucket, sex or "")] += figure
        return expected, early

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        rows=value_rows,
        level=st.integers(0, 3),
        grain=st.sampled_from(["month", "quarter", "year"]),
        split=st.booleans(),
        mean=st.booleans(),
    )
    def test_stock_rollup_is_each_series_last_value(self, rows, level, grain, split, mean):
        indicator = self.stocks["mean" if mean else "last"]
        stored = self._store(rows, indicator)
        if not mean and any(row[-1] for row in stored):
            # The period ends are kept (and read below) for stocks' quarters and years.
            assert ApprovedStock.objects.filter(indicator_id=indicator.pk).exists()
        span = {"month": 1, "quarter": 3, "year": 12}[grain]
        frequency = periods.GRAIN_OF_KEY[grain]
        for collective, coll_ids in ((self.world.national, {0, 1}), (self.world.oblast, {1})):
            expected, early = self._stock_expected(stored, coll_ids, level, span, mean)
            keys = [f"place:{level}", f"period:{grain}", *(["sex"] if split else [])]
            result = rollup(indicator=indicator, collective=collective, by=keys)
            got = defaultdict(float)
            for r in result.rows:
                got[(r["place"], r["period"], r.get("sex", ""))] += r["value"]
            want = defaultdict(float)
            for (place, bucket, sex), figure in expected.items():
                want[(place, periods.code_of(bucket, frequency), sex if split else "")] += figure
            assert got.keys() == want.keys()
            for key, figure in want.items():
                assert got[key] == pytest.approx(figure), key
            if span > 1 and early and not mean:
                assert any(f"{early} figure" in note for note in result.notes), result.notes
            # No period key: every series' latest value of all time, summed.
            whole, _early = self._stock_expected(stored, coll_ids, 0, 0, mean)
            total = rollup(indicator=indicator, collective=collective).rows
            assert (total[0]["value"] if total else 0) == pytest.approx(sum(whole.values()))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(numerators=value_rows, denominators=value_rows)
    def test_ratio_rollup_is_sum_over_sum(self, numerators, denominators):
        m = self.measure
        top = self._store([(p, mo, None, c, v, a) for p, mo, _s, c, v, a in numerators], m.workers)
        bottom = self._store(
            [(p, mo, None, c, v + 1, a) for p, mo, _s, c, v, a in denominators], m.children
        )
        by_place = defaultdict(lambda: [0.0, 0.0])
        for index, rows in ((0, top), (1, bottom)):
            for place_i, _month, _sex, _coll, value, approved in rows:
                if approved:
                    by_place[self._level_code(self.places[place_i], 1)][index] += value
        result = rollup(indicator=m.workers_per_10k, collective=self.world.national, by=["place:1"])
        got = {r["place"]: r["value"] for r in result.rows}
        expected = {
            place: (num / den * 10000 if den else None) for place, (num, den) in by_place.items()
        }
        assert got.keys() == expected.keys()
        for place, value in expected.items():
            assert got[place] == pytest.approx(value) if value is not None else got[place] is None


def test_combination_keys_are_canonical(db):
    assert Combination.key_for([12, 3, 7]) == "3,7,12"


def test_a_stock_by_year_is_its_year_end_figure(measure, world, capsys):
    """`backbone rollup --by period:year` of a stock: each place's last month of the year,
    not twelve month-ends added up; a place that missed December counts with November."""
    from django.core.management import call_command

    rows = [
        {"indicator": "foster-active", "place": place, "period": f"2025-{month:02d}", "value": str(value)}
        for place, months in (("UA-46", range(1, 13)), ("UA-63", range(1, 12)))
        for month, value in ((m, 100 + m) for m in months)
    ]  # fmt: skip
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    call_command(
        "rollup", "--collective", "nation", "--indicator", "foster-active", "--by", "period:year"
    )
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["period,value", "2025,223"]  # 112 (Dec) + 111 (Nov)
    assert "1 figure is from before the end of its period" in captured.err


def test_an_indicator_made_a_stock_later_reads_its_period_ends(measure, world):
    rows = [
        {"indicator": "workers", "place": "UA-46", "period": f"2025-{m:02d}", "value": str(m)}
        for m in (1, 2, 3)
    ]
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=rows,
    )
    by = ["place:1", "period:quarter"]
    assert rollup(indicator=measure.workers, collective=world.national, by=by).rows[0]["value"] == 6
    measure.workers.time_aggregation = "last"
    measure.workers.save()
    assert rollup(indicator=measure.workers, collective=world.national, by=by).rows[0]["value"] == 3
