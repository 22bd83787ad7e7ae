"""The approved totals roll-ups read are always what the values themselves give.

Each test changes approved values one way or another (approval, correction, a value saved
through the ORM, a deleted submission, a moved place) and checks that the stored totals equal
a rebuild from scratch, and that roll-ups read from them equal roll-ups read from the values.
"""

import pytest

from backbone.measurement.models import ApprovedTotal, Submission, Value
from backbone.measurement.rollups.context import _Context
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.rollups.keys import PlaceTree, combination_categories
from backbone.measurement.rollups.totals import rebuild_totals
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.submissions.workflow import submission_approve, submission_submit
from backbone.measurement.testing import approved_upload, csv_file
from backbone.network.models import Place

ROWS = [
    {"indicator": "in-care", "place": "UA-46-001", "period": "2025-01", "sex": "f", "age": "0-4", "value": "3"},
    {"indicator": "in-care", "place": "UA-46-001", "period": "2025-02", "sex": "m", "age": "0-4", "value": "4"},
    {"indicator": "in-care", "place": "UA-46", "period": "2025-04", "sex": "f", "age": "5-17", "value": "10"},
    {"indicator": "in-care", "place": "UA-63", "period": "2025-05", "sex": "m", "age": "", "value": "6"},
    {"indicator": "workers", "place": "UA-46-001", "period": "2025-01", "value": "2"},
    {"indicator": "workers", "place": "UA-63", "period": "2025-02", "value": "7"},
    {"indicator": "children", "place": "UA-46", "period": "2025-01", "value": "1000"},
    {"indicator": "children", "place": "UA-63", "period": "2025-02", "value": "3000"},
    {"indicator": "foster-active", "place": "UA-46-001", "period": "2025-01", "value": "40"},
    {"indicator": "foster-active", "place": "UA-46-001", "period": "2025-02", "value": "42"},
    {"indicator": "foster-active", "place": "UA-63", "period": "2025-02", "value": "9"},
]  # fmt: skip

KEYS = [
    [],
    ["period:month"],
    ["period:quarter"],
    ["place:0", "period:year"],
    ["place:1", "period:quarter", "sex"],
    ["sex", "age"],
    ["age", "place:1"],
    ["place:2"],
    ["place:3", "period:month"],
]


def _totals():
    return sorted(
        ApprovedTotal.objects.values_list(
            "indicator_id",
            "level",
            "combination",
            "collective_id",
            "place_id",
            "period",
            "total",
            "n",
        )
    )


def _assert_totals_match_a_rebuild():
    kept = _totals()
    rebuild_totals()
    assert kept == _totals()


def _assert_rollups_match_values(measure, world):
    for indicator in (
        measure.in_care,
        measure.workers,
        measure.workers_per_10k,
        measure.foster_active,
    ):
        for keys in KEYS:
            if any(k in ("sex", "age") for k in keys) and indicator != measure.in_care:
                continue
            for collective in (world.national, world.oblast):
                for within in (None, measure.lviv):
                    totals = _Context(PlaceTree(), combination_categories())
                    values = _Context(PlaceTree(), combination_categories(), summary=False)
                    args = {"indicator": indicator, "collective": collective, "by": keys}
                    got = rollup(**args, within=within, context=totals).rows
                    assert got == rollup(**args, within=within, context=values).rows, keys


def _upload(world, rows, name="values.csv", collective=None, org=None, reporter=None):
    return approved_upload(
        collective=collective or world.national,
        organization=org or world.org_a,
        reporter=reporter or world.reporter_a,
        staff=world.staff,
        rows=rows,
        name=name,
    )


def test_approval_keeps_the_totals_and_rollups_read_them(measure, world):
    _upload(world, ROWS)
    _upload(
        world,
        [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "5"}],
        collective=world.oblast,
        org=world.org_b,
        reporter=world.reporter_b,
    )
    assert ApprovedTotal.objects.exists()
    assert _Context(PlaceTree(), combination_categories()).summary_levels() == 2
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)


def test_an_approved_correction_replaces_the_totals_of_what_it_corrects(measure, world):
    _upload(world, ROWS)
    corrected = [dict(row, value=str(float(row["value"]) + 1)) for row in ROWS]
    draft = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="corrected.csv",
        stream=csv_file(corrected),
    ).submission
    before = rollup(indicator=measure.workers, collective=world.national).rows
    submission_submit(submission=draft, by=world.reporter_a)
    assert rollup(indicator=measure.workers, collective=world.national).rows == before
    submission_approve(submission=draft, by=world.staff)
    [row] = rollup(indicator=measure.workers, collective=world.national).rows
    assert row["value"] == before[0]["value"] + 2
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)


def test_values_saved_and_submissions_deleted_through_the_orm_are_followed(measure, world):
    submission = _upload(world, ROWS)
    value = Value.objects.filter(submission=submission, indicator=measure.workers).first()
    value.value = 99
    value.save()
    _assert_totals_match_a_rebuild()
    value.approved = False
    value.save()
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)
    Value.objects.create(
        submission=submission,
        collective=world.national,
        organization=world.org_a,
        indicator=measure.workers,
        place=measure.kharkiv,
        period=value.period + 10,
        combination=value.combination,
        value=11,
        approved=True,
    )
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)
    Submission.objects.filter(pk=submission.pk).delete()
    assert not ApprovedTotal.objects.exists()
    assert rollup(indicator=measure.workers, collective=world.national).rows == []


def test_a_moved_place_reads_the_values_until_the_totals_follow_it(measure, world):
    _upload(world, ROWS)
    # Lviv city moves under Kharkiv oblast: the totals no longer fit the tree.
    Place.objects.filter(pk=measure.lviv_city.pk).update(parent=measure.kharkiv)
    context = _Context(PlaceTree(), combination_categories())
    assert context.summary_levels() == 0
    by_place = rollup(indicator=measure.workers, collective=world.national, by=["place:1"])
    assert [(r["place"], r["value"]) for r in by_place.rows] == [("UA-63", 9.0)]
    # The next approval follows the tree again (here by rebuilding every total).
    _upload(
        world,
        [{"indicator": "children", "place": "UA-46", "period": "2025-03", "value": "5"}],
        name="more.csv",
    )
    assert _Context(PlaceTree(), combination_categories()).summary_levels() == 2
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)


def test_a_new_place_is_added_without_rebuilding(measure, world):
    _upload(world, ROWS)
    kept = _totals()
    Place.objects.create(code="UA-46-002", name="Sambir", level=2, parent=measure.lviv)
    assert _Context(PlaceTree(), combination_categories()).summary_levels() == 0
    _upload(
        world,
        [{"indicator": "workers", "place": "UA-46-002", "period": "2025-03", "value": "4"}],
        name="sambir.csv",
    )
    assert _Context(PlaceTree(), combination_categories()).summary_levels() == 2
    assert set(kept) <= set(_totals())
    _assert_totals_match_a_rebuild()
    _assert_rollups_match_values(measure, world)


@pytest.mark.parametrize("fast", [True, False])
def test_the_fast_path_and_row_by_row_checks_store_and_say_the_same(
    measure, world, fast, monkeypatch
):
    """A messy file: spaces, a total beside its parts, a suppressed cell, a duplicate later on."""
    from backbone.measurement.submissions import writer

    if not fast:
        monkeypatch.setattr(writer.RowWriter, "_fast_path", lambda self: lambda n, c: False)
    rows = [
        {"indicator": " in-care ", "place": "ua-46", "period": "2025-01 ", "sex": "F", "age": "0-4", "value": " 3 "},
        {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "m", "age": "0-4", "value": "4"},
        {"indicator": "in-care", "place": "UA-46", "period": "2025-01", "sex": "", "age": "", "value": "9"},
        {"indicator": "workers", "place": "UA-46-001", "period": "2025-1", "sex": "", "age": "", "value": "c"},
        {"indicator": "workers", "place": "UA-63", "period": "2025-01", "sex": "", "age": "", "value": "1e1"},
        {"indicator": "children", "place": "UA-63", "period": "2025-01", "sex": "", "age": "", "value": "1 000"},
    ]  # fmt: skip
    result = import_values(
        collective=world.national,
        organization=world.org_a,
        user=world.reporter_a,
        file_name="messy.csv",
        stream=csv_file(rows),
    )
    stored = sorted(Value.objects.values_list("indicator__code", "place__code", "period", "value"))
    assert stored == [
        ("children", "UA-63", 24300, 1000.0),
        ("in-care", "UA-46", 24300, 3.0),
        ("in-care", "UA-46", 24300, 4.0),
        ("workers", "UA-63", 24300, 10.0),
    ]
    assert [str(w) for w in result.warnings] == [
        "1 cell held no figure (“c” 1); its row was left out (row 5).",
        "row 4, column value: the total 9 differs from the sum of its disaggregations (7); "
        "the disaggregated values were kept.",
    ]
    duplicate = rows + [rows[1]]
    with pytest.raises(ImportRefused) as refused:
        import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name="twice.csv",
            stream=csv_file(duplicate),
        )
    assert [str(p) for p in refused.value.problems] == [
        "row 8, column value: the same figure is already on row 3."
    ]
