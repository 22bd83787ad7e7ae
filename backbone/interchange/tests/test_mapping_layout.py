"""Columns named by header, hashtag or position, and a wide table read one figure a row:
what every import (values, population, activities) relies on, without any domain."""

import io

from backbone.interchange.layout import reshape
from backbone.interchange.mapping import (
    Layout,
    column_name,
    find_column,
    guessed_columns,
    normalize_header,
)
from backbone.interchange.readers import read_table

WIDE = b"\xef\xbb\xbfPlace,,2023,2024 Q1,Note\nUA-46,x,1,2,\nUA-63,y,3,,\n\n"
TAGGED = b"Place,Value\n#adm1+code,#population\nUA-46,3\n"


def _wide():
    return read_table("wide.csv", io.BytesIO(WIDE))


def test_a_column_is_found_by_header_tag_position_or_its_place_in_the_file():
    table = _wide()
    assert find_column(table, " PLACE ") == 0  # in any case and spacing
    assert normalize_header("\ufeffReference_year") == normalize_header("reference-YEAR")
    assert find_column(table, 3) == 3
    assert find_column(table, "column 2") == 1  # the column without a header
    assert find_column(table, "column 9") is None
    assert find_column(table, 9) is None
    assert find_column(table, "") is None
    tagged = read_table("t.csv", io.BytesIO(TAGGED))
    assert find_column(tagged, "#population") == 1
    assert column_name(table, 1) == "column 2"
    assert column_name(tagged, 0) == "Place"


def test_periods_across_become_one_figure_a_row_naming_the_column_they_came_from():
    table, mapping, ignored, problems = reshape(_wide(), {"place": "Place"}, ["Note"], True)
    assert problems == []
    rows = [(number, cells[mapping["period"]], cells[mapping["value"]], cells[table.label_at])
            for number, cells in table.rows]  # fmt: skip
    assert rows == [
        (2, "2023", "1", "2023"),
        (2, "2024-Q1", "2", "2024 Q1"),
        (3, "2023", "3", "2023"),
        (3, "2024-Q1", "", "2024 Q1"),
    ]
    assert mapping["place"] == "Place"
    assert {2, 3, table.label_at} <= set(ignored)


def test_periods_across_name_what_is_wrong_and_read_nothing():
    _table, _mapping, _ignored, problems = reshape(_wide(), {"value": "Note"}, [], ["Note", 1])
    assert [(p.column, p.message) for p in problems] == [
        ("Note", "this column's header is not a period (such as 2024 or 2024-01)."),
        ("column 2", "this column's header is not a period (such as 2024 or 2024-01)."),
        ("value", "with periods across, the value comes from them: map no column to it."),
    ]


def test_a_value_every_row_shares_is_a_column_and_cannot_also_be_mapped():
    table, mapping, _ignored, problems = reshape(_wide(), {}, [], False, {"period": "2024"})
    assert problems == []
    assert [cells[mapping["period"]] for _number, cells in table.rows] == ["2024", "2024"]
    _t, _m, _i, problems = reshape(_wide(), {"period": "2023"}, [], False, {"period": "2024"})
    assert [p.message for p in problems] == ["a column and a value for every row are both given."]


def test_the_mapping_form_guesses_period_headers_where_the_domain_found_no_period_column():
    data = io.BytesIO(WIDE)
    columns = guessed_columns("wide.csv", data, Layout(), lambda table: {0: "place"})
    assert [(c["name"], c["sample"], c["role"]) for c in columns] == [
        ("Place", "UA-46", "place"),
        ("column 2", "x", ""),
        ("2023", "1", "*periods"),
        ("2024 Q1", "2", "*periods"),
        ("Note", "", ""),
    ]
    said = guessed_columns("wide.csv", data, Layout(), lambda table: {2: "period"})
    assert [c["role"] for c in said] == ["", "", "period", "", ""]
