"""The fast path of the import pipeline's row checks: the common row, checked in a fraction
of the time."""

import math
import operator

from backbone.interchange import periods
from backbone.lib.text import normalize_name
from backbone.measurement.models import Unit
from backbone.measurement.services import combination_for
from backbone.measurement.submissions.checks import (
    BATCH,
)


class FastPath:
    """RowWriter's hot loop (see _fast_path)."""

    def _fast_path(self):  # noqa: C901 — the hot loop of every upload, kept in one closure
        """row() for the common case, in a fraction of the time: a file of text cells whose
        every indicator, place, period, organization and category text has already been found
        good, holding a fresh figure. Each distinct text is checked once, with the same rules
        as row(); the row's value is checked each time. For anything else (an unknown code, an
        odd value, a total, a duplicate, a short row) it returns False having changed nothing,
        and row() does the work and says what is wrong."""
        columns = self.columns
        catalogue = self.catalogue
        at_indicator = columns["indicator"]
        at_place = columns["place"]
        at_period = columns["period"]
        at_value = columns["value"]
        at_organization = columns.get("organization")
        dimension_codes = [code for code, _index in self.dimension_columns]
        dimension_indexes = [index for _code, index in self.dimension_columns]
        width = max(columns.values()) + 1
        if len(dimension_indexes) > 1:
            dimension_cells = operator.itemgetter(*dimension_indexes)
        elif dimension_indexes:
            only = dimension_indexes[0]

            def dimension_cells(cells):
                return (cells[only],)
        else:

            def dimension_cells(cells):
                return ()

        org_names = self.org_names
        history = self.history
        seen = self.seen
        sums = self.sums
        pairs = self.pairs
        batch = self.batch
        problems = self.problems
        current_month = catalogue.current_month
        closed_through = catalogue.closed_through
        count_unit, percentage_unit = Unit.COUNT, Unit.PERCENTAGE
        infinity = math.inf

        indicators: dict[str, list | None] = {}
        places: dict[str, int | None] = {}
        organizations: dict[str, bool] = {}

        def indicator_of(text):
            """[indicator, id, whole numbers only, at most 100, {period text: (month,
            (id, month)) or None}, {dimension cells: [combination id or None, category ids,
            warning threshold] or None}, {place id: assigned}]"""
            found = None
            if type(text) is str:
                indicator = catalogue.indicators.get(text.strip())
                if indicator is not None and not indicator.is_ratio:
                    found = [
                        indicator,
                        indicator.pk,
                        indicator.unit == count_unit,
                        indicator.unit == percentage_unit,
                        {},
                        {},
                        {},
                    ]
            indicators[text] = found
            return found

        def place_of(text):
            found = None
            if type(text) is str:
                place = catalogue.place_names.find(text)
                found = place.pk if place is not None else None
            places[text] = found
            return found

        def month_of(info, text):
            found = None
            if type(text) is str:
                period = periods.parse(text.strip())
                if (
                    period is not None
                    and period.frequency == info[0].frequency
                    and period.end < current_month
                    and (closed_through is None or period.end > closed_through)
                ):
                    found = (period.start, (info[1], period.start))
            info[4][text] = found
            return found

        def cell_of(info, texts):
            """[combination id or None, category ids, warning threshold]"""
            found = None
            if all(type(text) is str for text in texts):
                allowed = catalogue.indicator_dimensions.get(info[1])
                ids = []
                for code, text in zip(dimension_codes, texts, strict=True):
                    text = text.strip()
                    if text == "":
                        continue
                    category = catalogue.categories[code].get(text.casefold())
                    if category is None or code not in allowed:
                        ids = None
                        break
                    ids.append(category)
                # A total over any dimension goes to row().
                if ids is not None and len(ids) == self.dimensions_present(info[0]):
                    found = [None, ids, infinity]
            info[5][texts] = found
            return found

        def organization_ok(text):
            found = False
            if type(text) is str:
                named = text.strip()
                found = named == "" or normalize_name(named) in org_names
            organizations[text] = found
            return found

        def fast(number: int, cells: list) -> bool:
            if len(cells) < width:  # a blank row has no indicator: row() passes over it
                return False
            text = cells[at_indicator]
            info = indicators.get(text, False)
            if info is False:
                info = indicator_of(text)
            if info is None:
                return False
            text = cells[at_place]
            place_id = places.get(text, False)
            if place_id is False:
                place_id = place_of(text)
            if place_id is None:
                return False
            text = cells[at_period]
            month = info[4].get(text, False)
            if month is False:
                month = month_of(info, text)
            if month is None:
                return False
            if at_organization is not None:
                text = cells[at_organization]
                ok = organizations.get(text)
                if ok is None:
                    ok = organization_ok(text)
                if not ok:
                    return False
            text = cells[at_value]
            if type(text) is not str:
                return False
            try:
                value = float(text)  # what parse_number gives, when float() takes the text
            except ValueError:
                return False
            if (
                value < 0
                or value - value != 0  # not finite
                or (info[2] and value != int(value))
                or (info[3] and value > 100)
            ):
                return False
            texts = dimension_cells(cells)
            cell = info[5].get(texts, False)
            if cell is False:
                cell = cell_of(info, texts)
            if cell is None:
                return False
            indicator_id = info[1]
            if catalogue.allowed is not None:
                assigned = info[6].get(place_id)
                if assigned is None:
                    assigned = info[6][place_id] = catalogue.place_allowed(indicator_id, place_id)
                if not assigned:
                    return False
            combo = cell[0]
            if combo is None:
                combo = cell[0] = combination_for(cell[1], self.combos)
                earlier = history.get((indicator_id, combo))
                if earlier is not None and earlier[1] >= 3:
                    cell[2] = 3 * earlier[0] + 10
            start, pair = month
            if seen.setdefault((indicator_id, place_id, start, combo), number) != number:
                return False  # the same figure twice: row() says where
            sums[(indicator_id, place_id, start)] += value
            if value > cell[2]:
                self._check_history(number, info[0], combo, value)
            if not problems:
                pairs.add(pair)
                batch.append((indicator_id, place_id, start, combo, value))
                if len(batch) >= BATCH:
                    self.flush()
            return True

        return fast
