"""The benchmark runs end to end at a tiny scale, so it cannot rot (no timing is asserted)."""

import io

from django.core.management import call_command

from backbone.measurement.bench.report import NAMES


def test_bench_runs_at_a_tiny_scale_and_agrees_with_duckdb():
    out = io.StringIO()
    call_command("bench", "measurement", "--scale", "tiny", "--database", "sqlite", stdout=out)
    figures = dict(line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line)
    assert [name for name in NAMES if name not in figures] == []
    assert figures["rollup_results_match"] == "yes"
    assert figures["rollup_source"] == "approved totals"
    assert int(figures["import_rows"]) == 2000
    assert float(figures["import_peak_rss_mib"]) > 0
