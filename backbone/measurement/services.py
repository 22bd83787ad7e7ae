"""Writes to the indicator catalogue: dimensions, indicators and their definitions, goals,
de-duplication adjustments, reporting assignments and period closure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backbone.documents import services as documents
from backbone.interchange import periods
from backbone.lib.permissions import can
from backbone.lib.translation import LANGUAGE_CODES, apply_translations, split_translations
from backbone.measurement.models import (
    Adjustment,
    Aggregation,
    Assignment,
    Category,
    Combination,
    Dimension,
    Indicator,
    IndicatorVersion,
    PeriodClosure,
    Target,
)
from backbone.measurement.permissions import Action

DEFINITION_TEXTS = ("counting_rule", "inclusion", "exclusion")
INDICATOR_FIELDS = (
    "name",
    "names",
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "description",
    "descriptions",
    *(f"description_{code}" for code in LANGUAGE_CODES),
    "unit",
    "rate_per",
    "aggregation",
    "time_aggregation",
    "population_rate_per",
    "numerator",
    "denominator",
    "direction",
    "frequency",
    "data_source",
    "owner",
    "kind",
    "position",
)


@transaction.atomic
def dimension_create(
    *,
    collective,
    code: str,
    name: str,
    categories: Sequence[tuple[str, str] | tuple[str, str, dict]],
    names: dict | None = None,
    hxl_tag: str = "",
    position: int = 0,
) -> Dimension:
    """A dimension with its categories: ``[(code, name), (code, name, {"uk": …}), …]``.

    ``name`` is in the current language; ``names`` gives others by language code."""
    if Dimension.objects.filter(collective=collective, code=code).exists():
        raise ValidationError({"code": _("A dimension with code “%s” already exists.") % code})
    if not categories:
        raise ValidationError({"categories": _("A dimension needs at least one category.")})
    dimension = Dimension(collective=collective, code=code, hxl_tag=hxl_tag, position=position)
    apply_translations(dimension, split_translations({"name": name, "names": names}, ["name"]))
    dimension.save()
    seen: set[str] = set()
    for index, (cat_code, cat_name, *rest) in enumerate(categories):
        if cat_code in seen:
            raise ValidationError({"categories": _("Category “%s” is listed twice.") % cat_code})
        seen.add(cat_code)
        category = Category(dimension=dimension, code=cat_code, position=index)
        texts = {"name": cat_name, "names": rest[0] if rest else {}}
        apply_translations(category, split_translations(texts, ["name"]))
        category.save()
    return dimension


def _indicator_errors(fields: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if fields.get("aggregation") == Aggregation.RATIO:
        for term in ("numerator", "denominator"):
            other = fields.get(term)
            if other is None:
                errors[term] = _("A ratio needs both a numerator and a denominator indicator.")
            elif other.is_ratio:
                errors[term] = _("A ratio is computed from summed indicators, not from a ratio.")
    if fields.get("unit") == "rate" and not fields.get("rate_per"):
        errors["rate_per"] = _("Say per how many the rate is given (for example 10000).")
    return errors


@transaction.atomic
def indicator_create(
    *,
    collective,
    code: str,
    name: str,
    counting_rule: str,
    effective_from: dt.date,
    by=None,
    dimensions: Iterable[Dimension] = (),
    inclusion: str = "",
    exclusion: str = "",
    **fields,
) -> Indicator:
    """``name``, ``description`` and the definition's texts are in the current language;
    ``name_uk=…``, ``names={…}``, ``counting_rule_he=…`` and so on give the others."""
    fields["name"] = name
    texts = split_translations(fields, ["name", "description"])
    definition = {"counting_rule": counting_rule, "inclusion": inclusion, "exclusion": exclusion}
    definition = split_translations({**definition, **fields}, DEFINITION_TEXTS)
    fields = {k: v for k, v in fields.items() if not _is_definition_text(k)}
    errors = _indicator_errors(fields)
    inherited = Indicator.objects.for_collective(collective).filter(code=code)
    if inherited.exists() or Indicator.objects.filter(collective=collective, code=code).exists():
        errors["code"] = _("An indicator with code “%s” already exists.") % code
    if errors:
        raise ValidationError(errors)  # every problem at once, each beside its field
    indicator = Indicator(collective=collective, code=code, **fields)
    apply_translations(indicator, texts)
    indicator.save()
    indicator.dimensions.set(dimensions)
    version = IndicatorVersion(indicator=indicator, effective_from=effective_from)
    apply_translations(version, definition)
    documents.version_publish(version=version, by=by, based_on=0, field="counting_rule")
    return indicator


def _is_definition_text(key: str) -> bool:
    return any(key == f or key == f"{f}s" or key.startswith(f"{f}_") for f in DEFINITION_TEXTS)


@transaction.atomic
def indicator_redefine(
    *,
    indicator: Indicator,
    counting_rule: str,
    effective_from: dt.date,
    change_note: str,
    by,
    inclusion: str = "",
    exclusion: str = "",
    based_on: int | None = None,
    **texts,
) -> IndicatorVersion:
    """Record a new counting rule from a date on; earlier versions stay as they were.

    The texts are in the current language; ``counting_rule_uk=…`` and so on give others.
    An indicator is defined where it belongs: by whoever may edit indicators of its own
    collective (a collective below it inherits the definition as it is)."""
    if by is not None and not can(by, Action.INDICATOR_EDIT, indicator.collective):
        raise PermissionDenied("indicator.edit")
    definition = {"counting_rule": counting_rule, "inclusion": inclusion, "exclusion": exclusion}
    unknown = {k for k in texts if not _is_definition_text(k)}
    if unknown:
        raise TypeError(f"Unexpected: {', '.join(sorted(unknown))}")
    definition = split_translations({**definition, **texts}, DEFINITION_TEXTS)
    if not change_note.strip():
        raise ValidationError({"change_note": _("Say what changed and why.")})

    def starts_later(current: IndicatorVersion | None) -> None:
        if current is not None and effective_from <= current.effective_from:
            raise ValidationError(
                {
                    "effective_from": _("A new definition must start after %s.")
                    % current.effective_from
                }
            )

    version = IndicatorVersion(
        indicator=indicator, effective_from=effective_from, change_note=change_note.strip()
    )
    apply_translations(version, definition)
    return documents.version_publish(
        version=version, by=by, based_on=based_on, field="counting_rule", check=starts_later
    )


def target_set(
    *,
    indicator: Indicator,
    collective,
    kind: str,
    period: periods.Period,
    value: float,
    category: Category | None = None,
    note: str = "",
) -> Target:
    if category is not None and not indicator.dimensions.filter(pk=category.dimension_id).exists():
        message = _("%(ind)s is not reported by %(dim)s.")
        raise ValidationError(
            {"category": message % {"ind": indicator.code, "dim": category.dimension.code}}
        )
    goal, _created = Target.objects.update_or_create(
        indicator=indicator,
        collective=collective,
        kind=kind,
        period_start=period.start,
        frequency=period.frequency,
        category=category,
        defaults={"value": value, "note": note},
    )
    return goal


@transaction.atomic
def adjustment_set(
    *, collective, indicator: Indicator, place, period: int, amount: float, reason: str, by
) -> Adjustment:
    """Record how much partners' claims overlap (subtracted from the de-duplicated total).

    Only a sum counts children or families twice: a mean, a ratio or a last value does not
    add partners' claims up, so it has no overlap to take away."""
    if indicator.aggregation != Aggregation.SUM:
        raise ValidationError(
            _("Overlaps are recorded only for indicators added up over partners (sum).")
        )
    if amount < 0:
        raise ValidationError({"amount": _("Enter the overlap as a positive number.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the claims overlap.")})
    adjustment, _created = Adjustment.objects.update_or_create(
        collective=collective,
        indicator=indicator,
        place=place,
        period=period,
        defaults={"amount": amount, "reason": reason, "by": by},
    )
    return adjustment


def assignment_add(*, collective, organization, indicator, place=None, user=None) -> Assignment:
    assignment, _created = Assignment.objects.get_or_create(
        collective=collective,
        organization=organization,
        indicator=indicator,
        place=place,
        user=user,
    )
    return assignment


def period_close(*, collective, closed_through: dt.date) -> PeriodClosure:
    closure, _created = PeriodClosure.objects.update_or_create(
        collective=collective, defaults={"closed_through": closed_through}
    )
    return closure


def combination_for(category_ids: Iterable[int], cache: dict[str, int] | None = None) -> int:
    """The id of the combination of these categories, created on first use."""
    ids = sorted(category_ids)
    key = Combination.key_for(ids)
    if cache is not None and key in cache:
        return cache[key]
    try:
        with transaction.atomic():
            combination, created = Combination.objects.get_or_create(key=key)
            if created and ids:
                combination.categories.set(ids)
    except IntegrityError:
        combination = Combination.objects.get(key=key)
    if cache is not None:
        cache[key] = combination.pk
    return combination.pk
