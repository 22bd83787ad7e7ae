"""The population page: everyone may read the denominators; staff add or correct them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backbone.accounts.tests.test_http_access import client_for
from backbone.events.testing import run_worker
from backbone.measurement.models import Population

GOOD = b"place,year,sex,value\nUA-46,2024,f,300000\nUA-46,2024,m,310000\nUA-63,2024,all,405000\n"
BAD = b"place,year,value\nUA-46,2024,300000\nUA-99,2024,5\nUA-63,twenty,5\n"


def _post(client, content: bytes, name="population.csv", **extra):
    """Upload; the worker checks and records it; the job's page then says what it found."""
    url = reverse("population", args=["nation"])
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    response = client.post(url, {"file": upload, **extra})
    if response.status_code != 302:
        return response
    job = client.get(response["Location"])
    assert "Working on" in job.content.decode()
    assert 'hx-trigger="every 1s"' in job.content.decode()  # the page follows the work
    run_worker()
    return client.get(response["Location"])


def test_the_upload_is_recorded_by_the_worker_not_during_the_request(measure, world):
    url = reverse("population", args=["nation"])
    upload = SimpleUploadedFile("population.csv", GOOD, content_type="text/csv")
    staff = client_for(world, "staff")
    response = staff.post(url, {"file": upload})
    assert response.status_code == 302 and not Population.objects.exists()
    # Whoever started it follows it; nobody else sees it.
    assert client_for(world, "steering").get(response["Location"]).status_code == 404
    run_worker()
    assert Population.objects.count() == 3
    page = staff.get(response["Location"]).content.decode()
    assert "every 1s" not in page and "Population recorded" in page


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
    assert "<td>3</td>" in text and "<td>4</td>" in text  # the rows, in the problems table
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
        text = _post(staff, download.content, name=name).content.decode()
        assert "0 new, 0 changed, 3 unchanged" in text, fmt
