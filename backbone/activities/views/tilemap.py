"""A tile-grid map of Ukraine: each first-level division (ISO 3166-2:UA) one square, laid out
roughly where it lies (west to east, north to south), drawn as inline SVG with no tiles and
no script. A tile is shaded by coverage (people reached against people in need) when there is
a need to compare with, else by the number of organizations active there."""

from __future__ import annotations

from django.utils.translation import gettext as _

# (column, row) of each oblast, Kyiv city and Sevastopol.
GRID: dict[str, tuple[int, int]] = {
    "UA-07": (1, 0), "UA-56": (2, 0), "UA-18": (3, 0), "UA-32": (4, 0), "UA-74": (5, 0),
    "UA-59": (6, 0),
    "UA-46": (0, 1), "UA-61": (1, 1), "UA-68": (2, 1), "UA-05": (3, 1), "UA-30": (4, 1),
    "UA-53": (5, 1), "UA-63": (6, 1), "UA-09": (7, 1),
    "UA-21": (0, 2), "UA-26": (1, 2), "UA-77": (2, 2), "UA-71": (3, 2), "UA-35": (4, 2),
    "UA-12": (5, 2), "UA-14": (6, 2),
    "UA-51": (2, 3), "UA-48": (3, 3), "UA-65": (4, 3), "UA-23": (5, 3),
    "UA-40": (3, 4), "UA-43": (4, 4),
}  # fmt: skip
TILE = 64
GAP = 4
PAD = 4

# Light to dark, the darkest in the house teal; text turns white from the fourth.
SHADES = ["#f4f6f8", "#cfe6e3", "#9dcdc8", "#5fa9a3", "#2a7f7a", "#0b5c61"]
COVERAGE_BINS = [(0, "0 %"), (1, "1–24 %"), (25, "25–49 %"), (50, "50–74 %"), (75, "75–99 %"),
                 (100, "≥ 100 %")]  # fmt: skip
ORGANIZATION_BINS = [(0, "0"), (1, "1"), (2, "2"), (3, "3–4"), (5, "5–9"), (10, "≥ 10")]


def size() -> dict:
    """The SVG's view box, and the tile's side."""
    columns = max(c for c, _r in GRID.values()) + 1
    rows = max(r for _c, r in GRID.values()) + 1
    return {
        "width": PAD * 2 + columns * (TILE + GAP) - GAP,
        "height": PAD * 2 + rows * (TILE + GAP) - GAP,
        "tile": TILE,
    }


def _shade(value: float, bins) -> int:
    index = 0
    for position, (lower, _label) in enumerate(bins):
        if value >= lower:
            index = position
    return index


def tiles(rows: list[dict], *, by_coverage: bool) -> list[dict]:
    """One tile per place of the grid among the matrix's rows (none: not a map of Ukraine)."""
    found = []
    for row in rows:
        code = row["place"].code.upper()
        if code not in GRID:
            continue
        column, line = GRID[code]
        if by_coverage:
            value = row["coverage"]
            shade = _shade(value, COVERAGE_BINS) if value is not None else None
            figure = f"{value} %" if value is not None else "—"
        else:
            value = row["organizations"]
            shade = _shade(value, ORGANIZATION_BINS)
            figure = str(value)
        name = row["place"].localized_name
        found.append(
            {
                "code": code,
                "name": name,
                # The first word, cut to what a tile holds: Chernihivska and Chernivetska stay
                # apart (the tile's title and the table give the whole name).
                "short": name.split()[0][:8] if name else code,
                "figure": figure,
                "x": PAD + column * (TILE + GAP),
                "y": PAD + line * (TILE + GAP),
                "cx": PAD + column * (TILE + GAP) + TILE // 2,
                "label_y": PAD + line * (TILE + GAP) + 24,
                "figure_y": PAD + line * (TILE + GAP) + 46,
                "fill": SHADES[shade] if shade is not None else "#ffffff",
                "ink": "#ffffff" if shade is not None and shade >= 3 else "#1b1f24",
                "unknown": shade is None,
            }
        )
    return found


def legend(*, by_coverage: bool) -> dict:
    bins = COVERAGE_BINS if by_coverage else ORGANIZATION_BINS
    return {
        "title": _("People reached of those in need") if by_coverage else _("Organizations active"),
        "items": [{"label": label, "fill": SHADES[i]} for i, (_lower, label) in enumerate(bins)],
        "unknown": by_coverage,
    }
