"""What a cell of a figure means: a number as people write it, or no figure at all."""

from __future__ import annotations

import math
from typing import Any

# Cells that hold no figure: suppressed (too small to publish), not applicable, not available.
# A row holding one is left out and counted, not refused.
SUPPRESSED = {"c", "z", "k", "x", "..", ":", "[c]", "[z]", "[x]", "[k]", "low"}
NO_FIGURE = SUPPRESSED | {
    "", "-", "–", "—", "...", "…", "n/a", "na", "n.a.", "[n/a]", "nan", "none", "null", "*",
}  # fmt: skip


def parse_number(cell: Any) -> float | None:
    """A figure: a number cell, or text with spaces between thousands and a decimal point or
    a lone decimal comma (12 345,5); None for anything else, infinities included."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
