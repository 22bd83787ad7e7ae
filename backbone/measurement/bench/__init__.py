"""The measurement benchmark: a national-scale data set, and what a partner and a reader feel.

    backbone bench measurement [--scale tiny|national] [--database sqlite|postgres]

builds, in a scratch database created and migrated for the run (a temporary SQLite file, or
a throwaway PostgreSQL cluster), 27 oblasts with about 1,500 hromadas, 40 indicators
disaggregated by sex × 4 age bands × disability, 36 months of approved values from one
partner per oblast (about 10 million values), then measures in the same run:

1. a 1,000,000-row CSV through the real upload pipeline (``import_values``, validation
   included), in a child process; plain ``sqlite3.executemany`` of the same rows into a bare
   table; their ratio (target: at least 0.25);
2. the peak resident memory of that child process (target: under 1 GiB);
3. typical roll-ups through ``rollups.engine.rollup`` — one indicator by oblast × quarter × sex, the
   national monthly series of one indicator, every indicator's latest month for the
   dashboard — against a hand-written DuckDB query over a Parquet copy of the approved values
   computing the same result (target: within 2×), checking that both give the same numbers;
4. freshness: seconds from approving a typical monthly submission (one oblast partner, one
   month) to its values showing in the roll-up (target: under 1 s).

It prints one ``name: value`` line per figure. The data set is generated with bulk SQL (set-up,
not measured). The driver (``run``) only prepares the database and starts a worker process
(``python -m backbone.measurement.bench worker``) with DATABASE_URL pointing at it, so the
developer's own database is never touched.
"""
