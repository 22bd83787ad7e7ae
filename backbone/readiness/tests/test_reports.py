import csv
import io

import pytest
from openpyxl import load_workbook

from backbone.readiness import selectors, services
from backbone.readiness.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round1(world):
    instrument = services.instrument_copy(collective=world.national, key="preconditions")
    round = services.round_open(
        collective=world.national, version=instrument.current_version(), title="First"
    )
    for _i in range(5):  # five anonymous NGOs: their kind is shown
        services.response_submit(round=round, kind="ngo", scores={"champions-1": 2},
                                 anonymous=True)  # fmt: skip
    services.response_submit(  # one anonymous funder: its kind would point at them
        round=round, kind="funder", scores={"champions-1": 5}, person=world.community.person,
        anonymous=True,
    )  # fmt: skip
    services.response_submit(  # one named answer
        round=round, kind="government", scores={"champions-1": 4}, person=world.facilitator.person
    )
    return round


def test_the_answers_csv_names_only_named_respondents(client, world, round1):
    client.force_login(world.staff)
    answer = client.get("/c/nation/readiness/1/answers.csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert len(rows) == 7
    named = [r for r in rows if r["respondent"]]
    assert [(r["respondent"], r["respondent_kind"]) for r in named] == [
        (world.facilitator.person.name, "government")
    ]
    kinds = sorted(r["respondent_kind"] for r in rows if not r["respondent"])
    assert kinds == ["", "ngo", "ngo", "ngo", "ngo", "ngo"]  # the lone funder is not said
    assert world.community.person.name not in answer.content.decode()


def test_the_answers_xlsx_holds_the_same_rows(client, world, round1):
    client.force_login(world.staff)
    answer = client.get("/c/nation/readiness/1/answers.xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("round", "respondent", "respondent_kind")
    assert len(values) == 8
    assert world.community.person.name not in str(values)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_members_may_not_download_the_answers(client, world, round1, fmt):
    client.force_login(world.reporter_a)
    assert client.get(f"/c/nation/readiness/1/answers.{fmt}").status_code == 403


def test_the_report_pdf_is_a_pdf_for_members(client, world, round1):
    client.force_login(world.community)
    answer = client.get("/c/nation/readiness/1/report.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_the_report_lists_weaknesses_and_only_the_kinds_that_answered(client, world, round1):
    report = selectors.report(round1)
    assert [kind for kind, _label in report.kinds] == ["government", "ngo", "funder"]
    assert report.by_kind == [("Government", None), ("NGO", 5), ("Funder", None)]
    client.force_login(world.community)
    page = client.get("/c/nation/readiness/1/").content.decode()
    assert "Weaknesses" in page and "Influential champions" in page
    assert "Lived experience" not in page  # nobody of that kind answered: no column


def test_oblasts_compare_side_by_side_on_the_national_instrument(client, world, round1):
    services.round_close(round=round1)
    version = round1.version
    oblast = services.round_open(collective=world.oblast, version=version, title="Oblast")
    services.response_submit(round=oblast, kind="ngo", scores={"champions-1": 5})
    assert selectors.comparison(world.national).columns == [round1]  # the oblast's is open
    services.round_close(round=oblast)
    comparison = selectors.comparison(world.national)
    assert [r.collective for r in comparison.columns] == [world.national, world.oblast]
    champions = dict(comparison.rows)["Influential champions"]
    assert [cell.score for cell in champions] == [pytest.approx(19 / 7), 5]
    client.force_login(world.community)
    page = client.get("/c/nation/readiness/compare/").content.decode()
    assert "Oblast collective" in page


def test_a_round_may_not_ask_another_collectives_instrument(world):
    from django.core.exceptions import ValidationError

    other = services.instrument_copy(collective=world.elsewhere, key="preconditions")
    with pytest.raises(ValidationError, match="of its collective or of one above it"):
        services.round_open(collective=world.national, version=other.current_version(), title="x")
    assert not Round.objects.filter(collective=world.national).exists()


def test_a_name_that_reads_as_a_formula_is_quoted(client, world, round1):
    person = world.facilitator.person
    person.name = '=HYPERLINK("http://x")'
    person.save(update_fields=["name"])
    client.force_login(world.staff)
    text = client.get("/c/nation/readiness/1/answers.csv").content.decode()
    assert "'=HYPERLINK" in text
