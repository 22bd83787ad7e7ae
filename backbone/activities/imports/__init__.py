"""A 3W table in: who does what, where, when and for whom, from HXL-tagged CSV, CSV or XLSX,
read and refused with the platform's interchange (`backbone.interchange`).

    backbone import activities FILE --collective SLUG --user USERNAME [--dry-run]
        [--map ROLE=COLUMN] [--ignore COLUMN] [--sheet N] [--create-organizations]

Columns are recognised by their HXL hashtag and attributes (``#org+impl``, ``#adm2+name``,
``#targeted+f``…: see ROLES), by their header, or named with ``--map ROLE=COLUMN``; a role
may list several columns (``place=Admin2,Admin1``: the first filled is taken, so name the
most specific first; ``key=ProjectCode,ActivityId``: together they name the activity).

What a row is: one activity in one place. Rows that repeat an activity (the same key, or
without a key the same lead organization, kind, title and dates) in other places are one
activity done in those places. A row repeating an activity in a place it already gave is a
repeat when its figures are the same, and refused when they differ, unless a period column
(``--map period=MONTH``) tells them apart: then the reached figures of the periods add up
and the people targeted is the largest given. Figures split by sex (``#reached+f``,
``#reached+m``) add up to the total where no total column is given.

Organizations are found by their name in any language or their acronym; one the collective
does not have is listed, never created silently (``create_organizations`` creates them, of
the kind ``#org+type`` says). A reporter imports their own organization's activities only:
rows led by another are refused. Kinds of activity and groups served come from the
collective's vocabulary (code or name, any language; a kind also by its sector when only one
kind has it); places by code, p-code or name, within the collective's place.

Every problem names its row and column; if there is any, nothing is saved. The same file
twice adds nothing. An activity the collective already has under the same key is updated,
not doubled (a file exported here imports back unchanged); a corrected file of the same name
replaces the earlier import: its activities the new file no longer names are removed. Every
change is in the history, the import itself included.
"""

from backbone.activities.imports.cells import parse_date
from backbone.activities.imports.columns import ROLES
from backbone.activities.imports.reader import import_activities
from backbone.activities.imports.types import ActivitiesRefused, ImportResult

__all__ = ["ROLES", "ActivitiesRefused", "ImportResult", "import_activities", "parse_date"]
