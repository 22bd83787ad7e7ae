"""How PostgreSQL takes a million values, with each way of keeping their references whole.

    python -m backbone.lib.pgcluster -- python -m backbone.measurement.bench.references [ROWS]

In a throwaway cluster (the command above starts one on loopback), with tables shaped like
``measurement_value`` and what it references, it times in one run, each in its own
transaction and committed:

- ``bare``: COPY into a table with no key, index or constraint (the floor);
- ``six_fks``: COPY into a table with the six foreign keys Django gives ``Value`` (deferred to
  the commit, as Django declares them), plus its unique index — what an upload does today;
- ``four_fks``: the same without the two foreign keys the submission implies (collective and
  organization are the submission's own);
- ``composite_fk``: four foreign keys, the submission's being composite (submission,
  collective, organization) → (id, collective, organization) of the submission: one check
  that the value agrees with its submission, stronger than today's three;
- ``staging``: COPY into an unlogged staging table, then one ``INSERT … SELECT`` into the
  table with six foreign keys;
- ``immediate``: six foreign keys checked as each row arrives (SET CONSTRAINTS ALL
  IMMEDIATE) rather than queued to the commit;
- ``unique_only``: the unique index and no foreign key (what the index alone costs);
- ``statement_check``: no foreign key, but one statement-level trigger that, for all the rows
  a COPY brought (its transition table), locks the rows they refer to (FOR KEY SHARE, the
  lock a foreign key check takes) and refuses the statement if any is missing: the same
  guarantee for the inserted rows, checked once per statement instead of once per row. (The
  other half of a foreign key — refusing to delete a place that values still refer to — is a
  row trigger on the referenced tables, which are deleted from rarely; not timed here.)

It prints ``name_rows_per_s`` and ``name_ratio`` (against ``bare``) lines.
"""

from __future__ import annotations

import os
import sys
import time

import psycopg

REFERENCED = """
CREATE TABLE collective (id bigint PRIMARY KEY);
CREATE TABLE organization (id bigint PRIMARY KEY);
CREATE TABLE indicator (id bigint PRIMARY KEY);
CREATE TABLE place (id bigint PRIMARY KEY);
CREATE TABLE combination (id bigint PRIMARY KEY);
CREATE TABLE submission (id bigint PRIMARY KEY, collective_id bigint REFERENCES collective,
    organization_id bigint REFERENCES organization, UNIQUE (id, collective_id, organization_id));
INSERT INTO collective VALUES (1); INSERT INTO organization VALUES (1);
INSERT INTO indicator SELECT generate_series(1, 40);
INSERT INTO place SELECT generate_series(1, 1500);
INSERT INTO combination SELECT generate_series(1, 16);
INSERT INTO submission SELECT generate_series(1, 20), 1, 1;
"""
COLUMNS = (
    "submission_id bigint, collective_id bigint, organization_id bigint, indicator_id bigint, "
    "place_id bigint, period integer, combination_id bigint, value double precision, "
    "approved boolean"
)
UNIQUE = "UNIQUE (submission_id, indicator_id, place_id, period, combination_id)"
D = "DEFERRABLE INITIALLY DEFERRED"
FK = {
    "submission": f"FOREIGN KEY (submission_id) REFERENCES submission {D}",
    "collective": f"FOREIGN KEY (collective_id) REFERENCES collective {D}",
    "organization": f"FOREIGN KEY (organization_id) REFERENCES organization {D}",
    "indicator": f"FOREIGN KEY (indicator_id) REFERENCES indicator {D}",
    "place": f"FOREIGN KEY (place_id) REFERENCES place {D}",
    "combination": f"FOREIGN KEY (combination_id) REFERENCES combination {D}",
    "composite": "FOREIGN KEY (submission_id, collective_id, organization_id) "
    f"REFERENCES submission (id, collective_id, organization_id) {D}",
}
SIX = ["submission", "collective", "organization", "indicator", "place", "combination"]
SHAPES = {
    "bare": [],
    "six_fks": SIX,
    "four_fks": ["submission", "indicator", "place", "combination"],
    "composite_fk": ["composite", "indicator", "place", "combination"],
    "staging": SIX,
    "immediate": SIX,
    "unique_only": [],
    "statement_check": [],
}
CHECK = """
CREATE FUNCTION check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing bigint;
BEGIN
  PERFORM 1 FROM submission WHERE id IN (SELECT DISTINCT submission_id FROM new_rows)
    FOR KEY SHARE;
  PERFORM 1 FROM indicator WHERE id IN (SELECT DISTINCT indicator_id FROM new_rows)
    FOR KEY SHARE;
  PERFORM 1 FROM place WHERE id IN (SELECT DISTINCT place_id FROM new_rows) FOR KEY SHARE;
  PERFORM 1 FROM combination WHERE id IN (SELECT DISTINCT combination_id FROM new_rows)
    FOR KEY SHARE;
  SELECT count(*) INTO missing FROM (
    SELECT DISTINCT submission_id, collective_id, organization_id, indicator_id, place_id,
      combination_id FROM new_rows) n
  WHERE NOT EXISTS (SELECT 1 FROM submission s WHERE s.id = n.submission_id
                      AND s.collective_id = n.collective_id
                      AND s.organization_id = n.organization_id)
     OR NOT EXISTS (SELECT 1 FROM indicator i WHERE i.id = n.indicator_id)
     OR NOT EXISTS (SELECT 1 FROM place p WHERE p.id = n.place_id)
     OR NOT EXISTS (SELECT 1 FROM combination c WHERE c.id = n.combination_id);
  IF missing > 0 THEN RAISE EXCEPTION 'value refers to a missing row'; END IF;
  RETURN NULL;
END $$;
"""


def _rows(count: int):
    submission = 0
    for n in range(count):
        if n % 50_000 == 0:
            submission += 1
        yield (submission, 1, 1, n % 40 + 1, (n // 40) % 1500 + 1, 24300 + n // 60_000,
               n % 16 + 1, float(n % 50), False)  # fmt: skip


def _table(cursor, name: str, shape: str) -> None:
    parts = [COLUMNS]
    if shape != "bare":
        parts.append(UNIQUE)
    parts += [FK[key] for key in SHAPES[shape]]
    cursor.execute(f"CREATE TABLE {name} ({', '.join(parts)})")
    if shape == "statement_check":
        cursor.execute(CHECK)
        cursor.execute(
            f"CREATE TRIGGER {name}_refs AFTER INSERT ON {name} REFERENCING NEW TABLE AS "
            "new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_refs()"
        )


def run(url: str, count: int) -> dict[str, float]:
    rates: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as setup:
        setup.execute(REFERENCED)
    names = (
        "submission_id, collective_id, organization_id, indicator_id, place_id, period, "
        "combination_id, value, approved"
    )
    for shape in SHAPES:
        with psycopg.connect(url) as connection:
            with connection.cursor() as cursor:
                _table(cursor, f"v_{shape}", shape)
                if shape == "staging":
                    cursor.execute(f"CREATE UNLOGGED TABLE staging ({COLUMNS})")
            connection.commit()
            started = time.perf_counter()
            with connection.cursor() as cursor:
                if shape == "immediate":
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                target = "staging" if shape == "staging" else f"v_{shape}"
                with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
                    for row in _rows(count):
                        copy.write_row(row)
                if shape == "staging":
                    cursor.execute(
                        f"INSERT INTO v_staging ({names}) SELECT {names} FROM staging"  # noqa: S608
                    )
            connection.commit()
            rates[shape] = count / (time.perf_counter() - started)
        print(f"{shape}_rows_per_s: {rates[shape]:.0f}", flush=True)
    for shape, rate in rates.items():
        print(f"{shape}_ratio: {rate / rates['bare']:.3f}", flush=True)
    return rates


if __name__ == "__main__":
    run(os.environ["DATABASE_URL"], int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
