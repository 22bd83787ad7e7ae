"""The population page: everyone may read the denominators; staff add or correct them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backbone.accounts.tests.test_http_access import client_for
from backbone.measurement.models import Population

GOOD = b"place,year,sex,value\nUA-46,2024,f,300000\nUA-46,2024,m,310000\nUA-63,2024,all,405000\n"
BAD = b"place,year,value\nUA-46,2024,300000\nUA-99,2024,5\nUA-63,twenty,5\n"


def _post(client, content: bytes, **extra):
    url = reverse("population", args=["nation"])
    upload = SimpleUploadedFile("population.csv", content, content_type="text/csv")
    return client.post(url, {"file": upload, **extra}, follow=True)


def test_staff_record_population_and_everyone_sees_it(measure, world):
    response = _post(client_for(world, "staff"), GOOD, source="State Statistics Service")
    text = response.content.decode()
    assert "Population recorded: 3 new, 0 changed, 0 unchanged" in text
    assert Population.objects.count() == 3
    assert set(Population.objects.values_list("source", flat=True)) == {"State Statistics Service"}
    # Lviv's everyone-figure is its girls and boys added up.
    page = client_for(world, "community").get(reverse("population", args=["nation"]))
    body = page.content.decode()
    assert "610,000" in body and "405,000" in body
    assert "Add or correct figures" not in body  # no upload form for who cannot record


def test_a_bad_population_file_lists_its_problems_and_saves_nothing(measure, world):
    text = _post(client_for(world, "staff"), BAD).content.decode()
    assert "2 problems; nothing was saved." in text
    assert "row 3" in text and "row 4" in text
    assert not Population.objects.exists()


def test_a_check_only_upload_saves_nothing(measure, world):
    text = _post(client_for(world, "staff"), GOOD, dry_run="on").content.decode()
    assert "Checked, nothing saved: 3 new" in text
    assert not Population.objects.exists()


@pytest.mark.parametrize("persona", ["reporter_a", "steering", "community"])
def test_only_staff_may_upload_population(measure, world, persona):
    response = _post(client_for(world, persona), GOOD)
    assert response.status_code == 403
    assert not Population.objects.exists()


def test_population_downloads_import_back(measure, world):
    staff = client_for(world, "staff")
    _post(staff, GOOD)
    for fmt in ("csv", "xlsx", "hxl"):
        download = staff.get(reverse("population", args=["nation"]), {"format": fmt})
        assert download.status_code == 200
        name = "population.xlsx" if fmt == "xlsx" else "population.csv"
        upload = SimpleUploadedFile(name, download.content)
        text = staff.post(
            reverse("population", args=["nation"]), {"file": upload}, follow=True
        ).content.decode()
        assert "0 new, 0 changed, 3 unchanged" in text, fmt
