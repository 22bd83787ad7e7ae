"""The equity view: how each subgroup moves against the total and against its target."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backbone.lib.bidi import isolated
from backbone.measurement.models import Direction, Indicator
from backbone.measurement.selectors.breakdowns import dimension_breakdowns
from backbone.measurement.selectors.series import context, indicator_series
from backbone.measurement.selectors.targets import _goals

FAR_BEHIND_RATIO = 1.5
# A subgroup improving by less than this share of the total's improvement is flagged.
SLOW_SHARE = 1 / 3


def _improvement(first: float, last: float, direction: str) -> float:
    """Relative change in the desired direction (0.2 = 20 % better)."""
    if not first:
        return 0.0
    change = (last - first) / abs(first)
    return -change if direction == Direction.DOWN else change


def _trend(first: float | None, last: float | None, direction: str) -> str:
    """'better', 'worse' or 'flat' given the desired direction."""
    if first is None or last is None or first == last:
        return "flat"
    rising = last > first
    if direction == Direction.NEUTRAL:
        return "flat"
    return "better" if rising == (direction == Direction.UP) else "worse"


def equity_view(indicator: Indicator, collective, ctx=None) -> list[dict]:
    """Per dimension: each period's subgroup values, the gap (difference and ratio between the
    best- and worst-off subgroup), subgroup targets, and flags where the aggregate hides it."""
    ctx = ctx or context()  # one place tree for the series and every dimension's roll-up
    series = indicator_series(indicator, collective, ctx)
    views = []
    for table in dimension_breakdowns(indicator, collective, ctx):
        # Subgroups of different sizes are compared per N of their population where it is
        # recorded; otherwise by counts, and the page says so.
        basis = "rate" if table["by_rate"] else "value"
        aggregate = [p[basis] for p in series.points if p[basis] is not None and not p["partial"]]
        aggregate_trend = (
            _trend(aggregate[0], aggregate[-1], indicator.direction) if aggregate else "flat"
        )
        categories = table["categories"]
        rows = []
        for row in table["rows"]:
            row = {**row, "shown": row["rates"] if basis == "rate" else row["values"]}
            present = [v for v in row["shown"] if v is not None]
            gap = ratio = None
            if len(present) >= 2:
                high, low = max(present), min(present)
                gap = high - low
                ratio = high / low if low else None
            rows.append({**row, "gap": gap, "ratio": ratio})
        flags = []
        complete_rows = [r for r in rows if not r["partial"]]
        for index, category in enumerate(categories):
            values = [r["shown"][index] for r in complete_rows if r["shown"][index] is not None]
            if len(values) < 2:
                continue
            trend = _trend(values[0], values[-1], indicator.direction)
            if aggregate_trend != "better":
                continue
            overall = _improvement(aggregate[0], aggregate[-1], indicator.direction)
            own = _improvement(values[0], values[-1], indicator.direction)
            if trend != "better":
                flags.append(
                    _("The total improves while “%(cat)s” %(how)s.")
                    % {
                        "cat": isolated(category.localized_name),
                        "how": _("gets worse") if trend == "worse" else _("does not improve"),
                    }
                )
            elif own < overall * SLOW_SHARE:
                flags.append(
                    _(
                        "The total improved by %(overall)s %% but “%(cat)s” only by %(own)s %%: "
                        "the aggregate hides that this subgroup is left behind."
                    )
                    % {
                        "overall": round(overall * 100),
                        "own": round(own * 100),
                        "cat": isolated(category.localized_name),
                    }
                )
        if complete_rows and (complete_rows[-1]["ratio"] or 0) >= FAR_BEHIND_RATIO:
            last = complete_rows[-1]
            pairs = [
                (v, c) for v, c in zip(last["shown"], categories, strict=True) if v is not None
            ]
            worst = (max if indicator.direction == Direction.DOWN else min)(
                pairs, key=lambda p: p[0]
            )
            flags.append(
                _("In %(period)s “%(cat)s” is far behind: the gap is %(ratio).1f to 1.")
                % {
                    "period": isolated(last["period"]),
                    "cat": isolated(worst[1].localized_name),
                    "ratio": last["ratio"],
                }
            )
        targets = []
        for category in categories:
            goals = _goals(indicator, collective, category)
            last_target = [
                (code, g["target"]) for code, g in sorted(goals.items()) if "target" in g
            ]
            targets.append(last_target[-1] if last_target else None)
        chart = {
            "labels": [r["period"] for r in rows],
            "partial": [r["partial"] for r in rows],
            "series": [
                {"label": c.localized_name, "values": [r["shown"][i] for r in rows]}
                for i, c in enumerate(categories)
            ],
            "axis": (
                _("per %s of the population") % f"{indicator.population_rate_per:,}"
                if basis == "rate"
                else _("count")
            ),
        }
        views.append(
            {
                **table,
                "rows": rows,
                "flags": flags,
                "targets": targets,
                "basis": basis,
                "chart": chart,
                "chart_id": f"equity-data-{table['dimension'].code}",
                "per": indicator.population_rate_per,
            }
        )
    return views
