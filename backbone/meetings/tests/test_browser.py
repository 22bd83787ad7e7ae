"""Meetings in a real browser, over the demo: the foster-care working group's facilitator
schedules a meeting with its access written down, invites, runs the speaker list under the
lived-experience-last rule, records attendance, the decision and an action, and finds the
action on her own pages and in her calendar feed; then an oblast collective ratifies a
national decision. Every page is checked with axe-core."""

import datetime as dt
import re

import icalendar
import pytest

from backbone.browsing import assert_accessible, in_hebrew_then_back, login

pytestmark = pytest.mark.browser

MOTION = "Pilot respite weekends for foster families in two hromadas in 2027."
ACTION = "Draft the respite pilot's budget with two hromadas"


def _speakers(page) -> list[str]:
    block = page.locator("section[aria-labelledby=speakers-heading] ol.speakers").first
    return [t.strip() for t in block.locator("li .speaker").all_inner_texts()]


def test_a_facilitator_runs_a_meeting_from_invitation_to_action(page):
    login(page, "facilitator")
    page.goto("/c/ukraine/meetings/")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=20)
    page.get_by_label("Date *", exact=True).fill(day.isoformat())
    page.get_by_label("Starts *", exact=True).fill("14:00")
    page.get_by_label("Ends *", exact=True).fill("16:00")
    page.get_by_label("Place", exact=True).fill("Kyiv, Children's House, 12 Lavrska St")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Interpretation into").fill("Ukrainian ↔ English")
    page.get_by_label("Sign language").check()
    page.get_by_label("Members with lived experience speak last before a vote").check()
    page.get_by_label("Agenda items").fill("Respite weekends for foster families | 30")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_load_state()

    main = page.inner_text("main")
    assert "Meeting scheduled." in main
    for offered in ("step-free access", "sign language", "interpretation: Ukrainian ↔ English"):
        assert offered in main, offered
    assert f"{day.isoformat()} 14:00–16:00" in main and "(Europe/Kyiv)" in main
    assert "Respite weekends for foster families (30 minutes)" in main
    assert_accessible(page)
    meeting_url = page.url

    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_load_state()
    assert re.search(r"Invitations sent to \d+ people", page.inner_text("main"))

    # A motion, and the list of speakers: one with lived experience asks first, speaks last.
    page.locator("summary", has_text="Put a motion to the meeting").click()
    page.get_by_label("Motion *", exact=True).fill(MOTION)
    page.get_by_label("How the body decides").select_option("consent")
    page.get_by_role("button", name="Put the motion").click()
    page.wait_for_load_state()
    decision_url = page.url
    page.goto(meeting_url)
    for name in ("Vasyl Nychyporuk", "Ivan Havryliuk", "Iryna Kushnir"):
        page.get_by_label("Asks to speak").first.select_option(label=name)
        page.get_by_role("button", name="Add to the list").first.click()
        page.wait_for_load_state()
    assert _speakers(page) == ["Ivan Havryliuk", "Iryna Kushnir", "Vasyl Nychyporuk"]
    for _turn in range(3):
        page.get_by_role("button", name="Start the timer").first.click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Done").first.click()
        page.wait_for_load_state()
    assert not page.get_by_role("button", name="Start the timer").count()
    assert_accessible(page)

    # Attendance: she and Ivan came; Khrystyna Sereda sent apologies.
    page.get_by_label("Attendance of Iryna Kushnir").select_option("present")
    page.get_by_label("Attendance of Ivan Havryliuk").select_option("present")
    page.get_by_label("Attendance of Khrystyna Sereda").select_option("apologies")
    page.get_by_role("button", name="Record attendance").click()
    page.wait_for_load_state()
    assert "Attendance recorded." in page.inner_text("main")
    assert page.get_by_label("Attendance of Khrystyna Sereda").input_value() == "apologies"

    # The vote, the outcome (the rule followed), and an action she owns.
    page.goto(decision_url)
    assert_accessible(page)
    page.get_by_label("for", exact=True).check()
    page.get_by_role("button", name="Record my position").click()
    page.wait_for_load_state()
    page.get_by_label("Did members with lived experience speak last?").select_option("yes")
    page.get_by_label("Outcome statement").fill("The pilot goes ahead in Bucha and Irpin.")
    page.get_by_role("button", name="Close the decision").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Decision closed: adopted." in main
    assert "followed: members with lived experience spoke last" in main
    page.locator("summary", has_text="Add an action").click()
    page.get_by_label("Action *", exact=True).fill(ACTION)
    page.get_by_label("Owner", exact=True).select_option(label="Iryna Kushnir")
    page.get_by_label("Due *", exact=True).fill((day + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_load_state()
    assert "Action added." in page.inner_text("main")
    assert_accessible(page)

    page.goto("/c/ukraine/actions/?mine=1")
    assert ACTION in page.inner_text("main")
    assert_accessible(page)

    # Her calendar feed: the meeting in its own time zone, and the action due.
    page.goto("/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    page.wait_for_load_state()
    assert_accessible(page)
    address = page.locator("dd code").first.inner_text().strip()
    feed = icalendar.Calendar.from_ical(page.request.get(address).body())
    summaries = {str(e.get("summary")) for e in feed.walk("VEVENT")}
    assert f"Due: {ACTION}" in summaries
    ours = [e for e in feed.walk("VEVENT") if "Children's House" in str(e.get("location", ""))]
    assert len(ours) == 1
    assert ours[0].decoded("dtstart").strftime("%H:%M") == "14:00"
    assert str(ours[0]["dtstart"].params["TZID"]) == "Europe/Kyiv"

    # In Hebrew, the meeting page reads right to left and passes axe.
    page.goto(meeting_url)
    in_hebrew_then_back(page)


def test_an_oblast_collective_ratifies_the_national_decision(page):
    login(page, "staff")
    page.goto("/c/ua-63/meetings/")
    asks = page.locator("section[aria-labelledby=asks-heading]")
    assert "Adopt the national standard on closing residential institutions" in asks.inner_text()
    asks.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "2 of 3 collectives ratified; it takes effect with 3." in page.inner_text("main")
    assert_accessible(page)
    page.get_by_label("objected", exact=True).check()
    page.get_by_role("button", name="Record the answer").click()
    page.wait_for_load_state()
    assert "An objection gives its reasons." in page.inner_text("main")
    page.get_by_label("ratified", exact=True).check()
    page.get_by_label("Reasons", exact=True).fill(
        "Decided by the Kharkiv oblast coordination group."
    )
    page.get_by_role("button", name="Record the answer").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "3 of 3 collectives ratified" in main
    assert "adopted" in page.locator("dl.facts").inner_text()
    assert_accessible(page)


def test_a_member_scores_the_options_and_reads_a_ranked_count_round_by_round(page):
    login(page, "facilitator")
    page.goto("/c/ukraine/decisions/?q=training+modules")
    page.get_by_role("link", name=re.compile("Score the training modules")).click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "The count is shown once the decision closes" in main.inner_text()
    assert_accessible(page)
    page.get_by_label("Teenagers in foster care *", exact=True).select_option("5")
    page.get_by_role("button", name="Record my ballot").click()
    page.wait_for_load_state()
    assert "Your position is recorded" in main.inner_text()
    assert page.get_by_label("Teenagers in foster care *", exact=True).input_value() == "5"

    page.goto("/c/ukraine/decisions/?q=learning+forum")
    page.get_by_role("link", name=re.compile("annual learning forum")).click()
    page.wait_for_load_state()
    count = page.locator("#ballots-caption").locator("xpath=..")
    assert "Round 2" in count.inner_text()
    assert "out after round 1" in count.inner_text()
    assert (
        "Children with disabilities in family-based care" in page.locator("dl.facts").inner_text()
    )
    assert_accessible(page)
