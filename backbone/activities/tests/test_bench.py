"""The 3W benchmark runs end to end at a tiny scale, so it cannot rot (no timing is asserted)."""

import io

from django.core.management import call_command

from backbone.activities.bench import NAMES, TARGETS


def test_bench_activities_runs_at_a_tiny_scale():
    out = io.StringIO()
    call_command("bench", "activities", "--scale", "tiny", stdout=out)
    figures = dict(line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line)
    assert [name for name in NAMES if name not in figures] == []
    assert [f"target_{name}" for name in TARGETS if f"target_{name}" not in figures] == []
    assert int(figures["rows"]) == 60
    assert 0 < int(figures["activities"]) <= 60
    assert float(figures["import_peak_rss_mib"]) > 0
