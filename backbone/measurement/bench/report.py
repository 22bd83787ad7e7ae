"""The benchmark's figures: their names, their targets, and how each is printed."""

from __future__ import annotations

import sys
import time

TARGETS = {
    "import_ratio": ("at least", 0.25),
    "import_peak_rss_mib": ("under", 1024),
    "rollup_ratio": ("under", 2.0),
    "freshness_s": ("under", 1.0),
}


NAMES = (
    "values_approved",
    "import_rows",
    "import_rows_per_s",
    "bare_insert_rows_per_s",
    "import_floor_rows_per_s",
    "import_ratio",
    "import_peak_rss_mib",
    "rollup_by_oblast_quarter_sex_ms",
    "duckdb_by_oblast_quarter_sex_ms",
    "rollup_national_monthly_ms",
    "duckdb_national_monthly_ms",
    "rollup_dashboard_latest_ms",
    "duckdb_dashboard_latest_ms",
    "rollup_stock_by_oblast_year_ms",
    "duckdb_stock_by_oblast_year_ms",
    "rollup_rate_by_oblast_sex_ms",
    "duckdb_rate_by_oblast_sex_ms",
    "rollup_by_hromada_year_ms",
    "duckdb_by_hromada_year_ms",
    "rollup_ms",
    "duckdb_ms",
    "rollup_ratio",
    "rollup_results_match",
    "freshness_s",
)


def _say(message: str) -> None:
    # One write per line, so that progress and figures do not interleave in a shared log.
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


class Report:
    def __init__(self) -> None:
        self.figures: dict[str, object] = {}

    def __call__(self, name: str, value) -> None:
        if isinstance(value, float):
            value = f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
        self.figures[name] = value
        print(f"{name}: {value}", flush=True)
