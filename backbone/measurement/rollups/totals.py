"""Keeping the approved totals (ApprovedTotal, ApprovedStock) in step with the approved
values, in the approving transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from backbone.interchange import periods
from backbone.measurement.models import (
    ApprovedStock,
    ApprovedTotal,
    Indicator,
    RollupPlace,
    RollupState,
    TimeAggregation,
    Value,
)
from backbone.measurement.rollups.keys import PlaceTree


def _ancestors(tree: PlaceTree) -> dict[tuple[int, int], int]:
    return {
        (pk, level): tree.at_level(pk, level)
        for pk in tree.parent
        for level in range(tree.summary_levels)
    }


def _sync_tree() -> bool:
    """Make RollupPlace follow the place tree. New places are simply added; if a place the
    totals already count under an ancestor has moved, every total is rebuilt. Returns False
    when it rebuilt them (there is then nothing left to refresh)."""
    tree = PlaceTree()
    state = RollupState.objects.select_for_update().order_by("pk").first()
    if state is not None and state.tree == tree.fingerprint:
        return True
    wanted = _ancestors(tree)
    stored = {
        (place, level): ancestor
        for place, level, ancestor in RollupPlace.objects.values_list(
            "place_id", "level", "ancestor_id"
        )
    }
    moved = (
        state is None
        or state.levels != tree.summary_levels
        or any(wanted.get(key) != ancestor for key, ancestor in stored.items())
    )
    if moved:
        RollupPlace.objects.all().delete()
        stored = {}
    RollupPlace.objects.bulk_create(
        (
            RollupPlace(place_id=place, level=level, ancestor_id=ancestor)
            for (place, level), ancestor in wanted.items()
            if (place, level) not in stored
        ),
        batch_size=2000,
    )
    state = state or RollupState()
    state.tree = tree.fingerprint
    state.levels = tree.summary_levels
    state.updated_at = timezone.now()
    state.save()
    if moved:
        _recompute(None, None)
        _recompute_stocks(None, None)
    return not moved


def _recompute(indicator_id: int | None, months: Sequence[int] | None) -> None:
    """Recompute the totals of one indicator (None: all) for these months (None: all) from
    the approved values: per ancestor at each level above the leaves and category
    combination, then all combinations together, and at the leaf level all combinations
    together only (one row per place and month: a sixteenth of the values)."""
    totals = ApprovedTotal._meta.db_table
    values = Value._meta.db_table
    ancestors = RollupPlace._meta.db_table
    leaf = RollupState.objects.order_by("pk").values_list("levels", flat=True).first() or 0
    where, params = "", []
    if indicator_id is not None:
        where += " AND indicator_id = %s"
        params.append(indicator_id)
    if months is not None:
        where += f" AND period IN ({', '.join(['%s'] * len(months))})"
        params.extend(months)
    value_where = where.replace("indicator_id", "v.indicator_id").replace("period", "v.period")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {totals} WHERE 1 = 1{where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT v.indicator_id, a.level, v.combination_id, v.collective_id, a.ancestor_id, "
            "v.period, SUM(v.value), COUNT(*) "
            f"FROM {values} v JOIN {ancestors} a ON a.place_id = v.place_id "
            f"WHERE v.approved{value_where} "
            "GROUP BY v.indicator_id, a.level, v.combination_id, v.collective_id, "
            "a.ancestor_id, v.period",
            params,
        )
        # The same, all category combinations together (what a roll-up without a dimension
        # key reads: 16 times fewer rows for sex × age × disability).
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT indicator_id, level, 0, collective_id, place_id, period, SUM(total), SUM(n) "
            f"FROM {totals} WHERE combination > 0{where} "
            "GROUP BY indicator_id, level, collective_id, place_id, period",
            params,
        )
        cursor.execute(
            f"INSERT INTO {totals} (indicator_id, level, combination, collective_id, "  # noqa: S608
            "place_id, period, total, n) "
            "SELECT v.indicator_id, %s, 0, v.collective_id, v.place_id, v.period, "
            "SUM(v.value), COUNT(*) "
            f"FROM {values} v WHERE v.approved{value_where} "
            "GROUP BY v.indicator_id, v.collective_id, v.place_id, v.period",
            [leaf, *params],
        )


STOCK_GRAINS = (periods.QUARTERLY, periods.ANNUAL)


def _stock_indicators(indicator_id: int | None) -> list[int]:
    queryset = Indicator.objects.filter(time_aggregation=TimeAggregation.LAST)
    if indicator_id is not None:
        queryset = queryset.filter(pk=indicator_id)
    return list(queryset.values_list("pk", flat=True))


def _recompute_stocks(
    indicator_id: int | None, months: Sequence[int] | None, collective_id: int | None = None
) -> None:
    """Recompute the period-end figures of stock indicators (ApprovedStock) for the
    quarters and years that hold these months (None: all), optionally for one collective
    (an approval changes only its own collective's values)."""
    stocks = ApprovedStock._meta.db_table
    values = Value._meta.db_table
    ancestors = RollupPlace._meta.db_table
    indicator_ids = _stock_indicators(indicator_id)
    if not indicator_ids:
        return
    with connection.cursor() as cursor:
        for grain in STOCK_GRAINS:
            span = periods.SPAN[grain]
            buckets = sorted({m - m % span for m in months}) if months is not None else [None]
            for stock_id in indicator_ids:
                for bucket in buckets:
                    where, params = " AND indicator_id = %s", [stock_id]
                    if bucket is not None:
                        where += " AND period BETWEEN %s AND %s"
                        params += [bucket, bucket + span - 1]
                    if collective_id is not None:
                        where += " AND collective_id = %s"
                        params.append(collective_id)
                    stock_where = where.replace("period BETWEEN %s AND %s", "period = %s")
                    stock_params = [
                        p for i, p in enumerate(params) if not (bucket is not None and i == 2)
                    ]
                    cursor.execute(
                        f"DELETE FROM {stocks} WHERE grain = %s{stock_where}",  # noqa: S608
                        [grain, *stock_params],
                    )
                    # Each series' last approved value in the period (row_number 1, counted
                    # from the latest month), put under its ancestor at each level.
                    cursor.execute(
                        f"INSERT INTO {stocks} (indicator_id, grain, level, combination, "  # noqa: S608
                        "collective_id, place_id, period, total, n, early) "
                        "SELECT s.indicator_id, %s, a.level, s.combination_id, s.collective_id, "
                        "a.ancestor_id, s.bucket, SUM(s.value), COUNT(*), "
                        "SUM(CASE WHEN s.period < s.bucket + %s THEN 1 ELSE 0 END) "
                        "FROM (SELECT indicator_id, collective_id, organization_id, place_id, "
                        "combination_id, period, value, period - period %% %s AS bucket, "
                        "ROW_NUMBER() OVER (PARTITION BY collective_id, organization_id, "
                        "place_id, combination_id, period - period %% %s "
                        "ORDER BY period DESC) AS latest "
                        f"FROM {values} WHERE approved{where}) s "
                        f"JOIN {ancestors} a ON a.place_id = s.place_id "
                        "WHERE s.latest = 1 "
                        "GROUP BY s.indicator_id, a.level, s.combination_id, s.collective_id, "
                        "a.ancestor_id, s.bucket",
                        [grain, span - 1, span, span, *params],
                    )
                    cursor.execute(
                        f"INSERT INTO {stocks} (indicator_id, grain, level, combination, "  # noqa: S608
                        "collective_id, place_id, period, total, n, early) "
                        "SELECT indicator_id, grain, level, 0, collective_id, place_id, period, "
                        "SUM(total), SUM(n), SUM(early) "
                        f"FROM {stocks} WHERE grain = %s AND combination > 0{stock_where} "
                        "GROUP BY indicator_id, grain, level, collective_id, place_id, period",
                        [grain, *stock_params],
                    )


def refresh_totals(pairs: Iterable[tuple[int, int]], collective_id: int | None = None) -> None:
    """Recompute the approved totals of these (indicator id, month) pairs from the values
    (and, for stocks, the period ends; of one collective's values only, if given)."""
    months: dict[int, set[int]] = defaultdict(set)
    for indicator_id, period in pairs:
        months[indicator_id].add(period)
    if not months:
        return
    with transaction.atomic():
        if not _sync_tree():
            return
        stocks = set(_stock_indicators(None))
        for indicator_id, chosen in sorted(months.items()):
            _recompute(indicator_id, sorted(chosen))
            if indicator_id in stocks:
                _recompute_stocks(indicator_id, sorted(chosen), collective_id)


def rebuild_totals() -> None:
    """Recompute every approved total (after bulk loading values, or to check them)."""
    with transaction.atomic():
        if _sync_tree():
            _recompute(None, None)
            _recompute_stocks(None, None)


def set_approved(submission, approved: bool) -> int:
    """Mark a submission's values as counting (or no longer counting) and recompute the
    totals they fall in, in the caller's transaction."""
    with transaction.atomic():
        changing = Value.objects.filter(submission=submission, approved=not approved)
        pairs = set(changing.values_list("indicator_id", "period").distinct())
        count = changing.update(approved=approved)
        refresh_totals(pairs, submission.collective_id)
    return count
