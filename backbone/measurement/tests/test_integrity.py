"""A value's references hold on both databases: SQLite by its foreign keys, PostgreSQL by one
check per statement (migration 0011), which also holds a value to its submission's
collective and organization."""

import pytest
from django.db import IntegrityError, connection, transaction

from backbone.measurement.models import Submission, Value
from backbone.measurement.services import combination_for
from backbone.measurement.testing import approved_upload
from backbone.network.models import Place

pytestmark = pytest.mark.postgres_behaviour

ROWS = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "5"}]


def _value(world, measure, **changes) -> dict:
    submission = Submission.objects.create(
        collective=world.national,
        organization=world.org_a,
        source="api",
        created_by=world.staff,
    )
    fields = {
        "submission": submission,
        "collective": world.national,
        "organization": world.org_a,
        "indicator": measure.workers,
        "place": measure.lviv,
        "period": 24300,
        "combination_id": combination_for([]),
        "value": 1.0,
    }
    fields.update(changes)
    return fields


def _refused(create) -> None:
    """The write, or the commit that checks it, is refused; nothing of it stays."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
        connection.check_constraints(table_names=[Value._meta.db_table])


@pytest.mark.parametrize("column", ["place_id", "indicator_id", "combination_id"])
def test_a_value_that_refers_to_nothing_is_refused(world, measure, column):
    fields = _value(world, measure)
    fields.pop(column.removesuffix("_id"), None)
    fields[column] = 987654321
    _refused(lambda: Value.objects.create(**fields))
    assert not Value.objects.exists()


def test_many_values_at_once_with_one_bad_reference_are_refused_together(world, measure):
    fields = _value(world, measure)
    rows = [Value(**{**fields, "period": 24300 + n}) for n in range(50)]
    bad = {k: v for k, v in fields.items() if k != "place"}
    rows.append(Value(**{**bad, "place_id": 987654321, "period": 24400}))
    _refused(lambda: Value.objects.bulk_create(rows))
    assert not Value.objects.exists()


def test_a_place_values_refer_to_cannot_be_deleted_even_by_hand(world, measure):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    place = Place.objects.get(code="UA-46")
    children = list(Place.objects.filter(parent=place).values_list("pk", flat=True))
    doomed = [*children, place.pk]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        # Past the ORM's PROTECT, as a maintenance script would.
        marks = ", ".join(["%s"] * len(doomed))
        cursor.execute(f"DELETE FROM network_place WHERE id IN ({marks})", doomed)
        connection.check_constraints(table_names=[Value._meta.db_table])
    assert Place.objects.filter(pk=place.pk).exists()


def test_a_submission_is_deleted_with_its_values(world, measure):
    submission = approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    with transaction.atomic():
        submission.delete()
        connection.check_constraints(table_names=[Value._meta.db_table])
    assert not Value.objects.exists()


def test_a_value_keeps_to_its_submissions_collective_and_organization(world, measure):
    stray = _value(world, measure, collective=world.oblast)
    if connection.vendor == "postgresql":
        _refused(lambda: Value.objects.create(**stray))
        assert not Value.objects.exists()
    else:
        # SQLite keeps plain foreign keys: they check that the collective exists; that it is
        # the submission's is the import pipeline's (the only writer of values) to keep.
        with transaction.atomic():
            Value.objects.create(**stray)
            connection.check_constraints(table_names=[Value._meta.db_table])


def test_two_uploads_never_share_a_value_id_and_postgresql_hands_them_out_a_thousand_at_once(
    world, measure
):
    """Migration 0016 caches the ids' sequence on PostgreSQL (an upload asks for a million):
    ids stay unique, only no longer in the order rows were written across sessions."""
    for period in ("2025-01", "2025-02"):
        approved_upload(
            collective=world.national,
            organization=world.org_a,
            reporter=world.reporter_a,
            staff=world.staff,
            rows=[{**ROWS[0], "period": period}],
            name=f"{period}.csv",
        )
    ids = list(Value.objects.values_list("id", flat=True))
    assert len(ids) == len(set(ids)) == 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT seqcache FROM pg_sequence WHERE seqrelid = "
                "pg_get_serial_sequence('measurement_value', 'id')::regclass"
            )
            assert cursor.fetchone() == (1000,)
