"""A roll-up's keys (place:N, period:grain, dimension codes) and the place tree they group by."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backbone.interchange import periods
from backbone.measurement.models import Combination, Indicator
from backbone.network.models import Place

Key = tuple


@dataclass(frozen=True)
class KeySpec:
    kind: str  # "place", "period" or "dimension"
    column: str
    level: int = 0
    grain: str = ""
    dimension: str = ""


def parse_keys(indicator: Indicator, by: Sequence[str]) -> list[KeySpec]:
    specs: list[KeySpec] = []
    dimensions: set[str] | None = None  # looked up only when a key is not a place or period
    for raw in by:
        text = raw.strip()
        if text.startswith("place:"):
            try:
                level = int(text.split(":", 1)[1])
            except ValueError:
                raise ValidationError(
                    _("“%s”: write place:N with N a level number.") % raw
                ) from None
            specs.append(KeySpec("place", "place", level=level))
        elif text.startswith("period:"):
            grain = text.split(":", 1)[1]
            if grain not in periods.GRAIN_OF_KEY:
                raise ValidationError(
                    _("“%s”: the period can be period:month, period:quarter or period:year.") % raw
                )
            frequency = periods.GRAIN_OF_KEY[grain]
            if periods.SPAN[frequency] < periods.SPAN[indicator.frequency]:
                raise ValidationError(
                    _("%(code)s is reported %(frequency)s; it cannot be split by %(grain)s.")
                    % {
                        "code": indicator.code,
                        "frequency": indicator.get_frequency_display().lower(),
                        "grain": grain,
                    }
                )
            specs.append(KeySpec("period", "period", grain=frequency))
        elif text in (dimensions := _dimension_codes(indicator, dimensions)):
            specs.append(KeySpec("dimension", text, dimension=text))
        else:
            raise ValidationError(
                _("“%(key)s” is not place:N, period:month|quarter|year or a dimension of %(code)s.")
                % {"key": raw, "code": indicator.code}
            )
    if len({spec.column for spec in specs}) != len(specs):
        raise ValidationError(_("Each key can be asked for once."))
    return specs


def _dimension_codes(indicator: Indicator, known: set[str] | None) -> set[str]:
    return known if known is not None else {d.code for d in _terms_dimensions(indicator)}


def _terms_dimensions(indicator: Indicator):
    if indicator.is_ratio:
        numerator = set(indicator.numerator.dimensions.all())
        return numerator & set(indicator.denominator.dimensions.all())
    return set(indicator.dimensions.all())


class PlaceTree:
    """Ancestors of every place at every level, loaded once (a few thousand rows)."""

    def __init__(self) -> None:
        rows = list(Place.objects.values_list("pk", "parent_id", "level", "code").order_by("pk"))
        self.parent = {pk: parent for pk, parent, _level, _code in rows}
        self.level = {pk: level for pk, _parent, level, _code in rows}
        self.code = {pk: code for pk, _parent, _level, code in rows}
        self._at: dict[tuple[int, int], int] = {}
        shape = ";".join(f"{pk},{parent or ''},{level}" for pk, parent, level, _code in rows)
        # Which tree the approved totals were computed for (see RollupState).
        self.fingerprint = hashlib.sha256(shape.encode()).hexdigest()
        # Totals are kept for every level above the deepest one (at the leaves they would
        # hold as many rows as the values).
        self.summary_levels = max(self.level.values(), default=0)

    def at_level(self, place_id: int, level: int) -> int:
        key = (place_id, level)
        if key not in self._at:
            node = place_id
            while self.level.get(node, 0) > level and self.parent.get(node) is not None:
                node = self.parent[node]
            self._at[key] = node
        return self._at[key]

    def descendants(self, place_id: int) -> set[int]:
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent in self.parent.items():
            if parent is not None:
                children[parent].append(pk)
        found, frontier = {place_id}, [place_id]
        while frontier:
            frontier = [child for node in frontier for child in children.get(node, [])]
            found.update(frontier)
        return found


def combination_categories() -> dict[int, dict[str, str]]:
    """Combination id → {dimension code: category code}."""
    through = Combination.categories.through.objects.values_list(
        "combination_id", "category__dimension__code", "category__code"
    )
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for combination_id, dimension, category in through:
        result[combination_id][dimension] = category
    for pk in Combination.objects.filter(key="").values_list("pk", flat=True):
        result.setdefault(pk, {})
    return result
