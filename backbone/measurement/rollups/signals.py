"""Signal receivers: a value saved or a submission deleted through the ORM, or an indicator
that becomes a stock, recomputes the totals it touches. Connected once, by the app's ready()."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from backbone.measurement.models import Indicator, RollupState, Submission, TimeAggregation, Value
from backbone.measurement.rollups.totals import _recompute_stocks, refresh_totals


@receiver(pre_save, sender=Value)
def _value_before_save(sender, instance: Value, **kwargs) -> None:
    instance._rollup_before = (
        Value.objects.filter(pk=instance.pk, approved=True)
        .values_list("indicator_id", "period")
        .first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Value)
def _value_saved(sender, instance: Value, **kwargs) -> None:
    """A value written one by one (the admin, fixtures, tests): recompute what it touches."""
    pairs = set()
    before = getattr(instance, "_rollup_before", None)
    if before is not None:
        pairs.add(before)
    if instance.approved:
        pairs.add((instance.indicator_id, instance.period))
    refresh_totals(pairs)


@receiver(pre_delete, sender=Submission)
def _submission_before_delete(sender, instance: Submission, **kwargs) -> None:
    instance._rollup_pairs = set(
        Value.objects.filter(submission=instance, approved=True)
        .values_list("indicator_id", "period")
        .distinct()
    )


@receiver(post_delete, sender=Submission)
def _submission_deleted(sender, instance: Submission, **kwargs) -> None:
    refresh_totals(getattr(instance, "_rollup_pairs", ()))


@receiver(pre_save, sender=Indicator)
def _indicator_before_save(sender, instance: Indicator, **kwargs) -> None:
    instance._time_before = (
        Indicator.objects.filter(pk=instance.pk).values_list("time_aggregation", flat=True).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Indicator)
def _indicator_saved(sender, instance: Indicator, **kwargs) -> None:
    """An indicator that becomes a stock (in the admin, say) gets its period ends at once;
    roll-ups read them from then on."""
    became_stock = instance.time_aggregation == TimeAggregation.LAST and (
        getattr(instance, "_time_before", None) != TimeAggregation.LAST
    )
    if became_stock and RollupState.objects.exists():
        with transaction.atomic():
            _recompute_stocks(instance.pk, None)
