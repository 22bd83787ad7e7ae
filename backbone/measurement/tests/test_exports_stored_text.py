"""Text stored before control characters were refused (through the API, an import, the admin)
still exports: the IATI file stays valid XML and valid IATI 2.03, CSV and XLSX drop what they
cannot hold. The command `backbone export iati` once stopped on such a name."""

import csv
import io

from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook

from backbone.interchange import writers
from backbone.measurement.exchange import exports
from backbone.measurement.exchange.iati import iati_activities
from backbone.measurement.models import Indicator
from backbone.measurement.testing import approved_upload
from backbone.measurement.tests.test_iati import GENERATED, valid_document
from backbone.network.models import Collective, Organization

ROWS = [{"indicator": "workers", "place": "UA-46", "period": "2025-01", "value": "10"}]


def _dirty_world(measure, world):
    # PostgreSQL cannot store NUL at all; SQLite can, and did.
    nul = "" if connection.vendor == "postgresql" else "\x00"
    dirty = f"Hope{nul} Foundation\x1b\x08\x0b\ufffe"
    approved_upload(
        collective=world.national,
        organization=world.org_a,
        reporter=world.reporter_a,
        staff=world.staff,
        rows=ROWS,
    )
    # Straight into the database, as it was stored before the forms and the API refused it.
    Organization.objects.filter(pk=world.org_a.pk).update(name=dirty, name_en=dirty)
    Collective.objects.filter(pk=world.national.pk).update(name=f"Nation\x01{dirty}")
    Indicator.objects.filter(code="workers").update(name=f"Workers\x02{dirty}")


def test_iati_export_of_names_with_control_characters_is_valid(measure, world):
    _dirty_world(measure, world)
    collective = Collective.objects.get(pk=world.national.pk)
    root = valid_document(iati_activities(collective=collective, generated=GENERATED))
    texts = root.xpath("//narrative/text()")
    assert "Hope Foundation" in texts  # the partner, kept but for what XML cannot hold
    assert "NationHope Foundation" in texts
    assert not any(c in "".join(texts) for c in "\x00\x01\x02\x08\x0b\x1b\ufffe")


def test_the_export_command_writes_a_valid_iati_file(measure, world, tmp_path):
    _dirty_world(measure, world)
    out = tmp_path / "iati.xml"
    call_command("export", "iati", "--collective", "nation", "-o", str(out))
    valid_document(out.read_bytes())


def test_csv_and_xlsx_exports_drop_control_characters(measure, world):
    _dirty_world(measure, world)
    collective = Collective.objects.get(pk=world.national.pk)
    text = writers.write(exports.values_sheet(collective), "csv").decode()
    assert "\x00" not in text and "\x1b" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert any("Hope Foundation" in row for row in rows)
    data = writers.write(exports.values_sheet(collective), "xlsx")
    cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
             for c in row]  # fmt: skip
    assert "Hope Foundation" in cells
