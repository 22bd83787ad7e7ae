"""The agenda as PDF and DOCX: the pages (members only, a version that does not exist) and
the command."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from backbone.agenda import services
from backbone.agenda.tests.test_agenda import content
from backbone.documents.services import endorsement_give
from backbone.measurement.testing import build_measure
from backbone.network.services import affiliation_start


@pytest.fixture
def v2(world):
    build_measure(world)
    services.agenda_publish(
        collective=world.national, content=content(world), by=world.staff, based_on=0
    )
    version = services.agenda_publish(
        collective=world.national,
        content=content(world, vision="A second vision"),
        by=world.staff,
        based_on=1,
    )
    affiliation_start(person=world.reporter_a.person, organization=world.org_a, speaks_for=True)
    endorsement_give(version=version, organization=world.org_a, by=world.reporter_a)
    return version


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def test_a_member_downloads_the_docx_with_every_section(client, world, v2):
    client.force_login(world.reporter_a)
    response = client.get(reverse("agenda_export_docx", args=["nation"]))
    assert response.status_code == 200
    assert 'filename="agenda-nation-v2.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    for expected in (
        "A second vision",
        "Fewer children in care",
        "in-care",
        "Recruit foster carers",
        world.body.name,  # the strategy's owner
        "Families can be found",
        "Risk register",
        "Funding ends",
        "Assumption: Funding continues",  # what the risk threatens
        "Organization A",
    ):
        assert expected in text, expected
    assert "<w:tbl>" in text  # the risk register is a table


def test_an_earlier_version_is_exported_on_request(client, world, v2):
    client.force_login(world.community)
    response = client.get(reverse("agenda_export_docx", args=["nation"]) + "?version=1")
    text = docx_text(response.content)
    assert "Every child grows up in a family." in text and "A second vision" not in text


def test_the_pdf_is_a_pdf(client, world, v2):
    client.force_login(world.community)
    response = client.get(reverse("agenda_export_pdf", args=["nation"]) + "?version=2")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["agenda_export_pdf", "agenda_export_docx"])
def test_a_version_that_does_not_exist_is_not_found(client, world, v2, name):
    client.force_login(world.staff)
    for number in ("9", "x"):
        response = client.get(reverse(name, args=["nation"]) + f"?version={number}")
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["agenda_export_pdf", "agenda_export_docx", "agenda_export"])
def test_an_outsider_cannot_export(client, world, v2, name):
    client.force_login(world.outsider)
    assert client.get(reverse(name, args=["nation"])).status_code in (403, 404)


def test_the_agenda_page_links_the_exports(client, world, v2):
    client.force_login(world.community)
    page = client.get(reverse("agenda_detail", args=["nation"])).content.decode()
    assert reverse("agenda_export_pdf", args=["nation"]) + "?version=2" in page
    assert reverse("agenda_export_docx", args=["nation"]) + "?version=2" in page


def test_the_command_writes_pdf_and_docx(world, v2, tmp_path):
    pdf, docx = tmp_path / "agenda.pdf", tmp_path / "agenda.docx"
    call_command("agenda", "export", "--collective", "nation", "--format", "pdf", "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    call_command(
        "agenda",
        "export",
        "--collective",
        "nation",
        "--format",
        "docx",
        "--version",
        "1",
        "-o",
        str(docx),
    )
    assert "Every child grows up in a family." in docx_text(docx.read_bytes())


def test_the_command_refuses_a_version_that_does_not_exist(world, v2, tmp_path):
    out = tmp_path / "agenda.pdf"
    with pytest.raises(CommandError, match="nation has no agenda version 7"):
        call_command(
            "agenda",
            "export",
            "--collective",
            "nation",
            "--format",
            "pdf",
            "--version",
            "7",
            "-o",
            str(out),
        )
    assert not out.exists()
