"""The two instruments Backbone ships, as data: a collective copies one and edits its copy.
Texts are marked for translation; the stored copy is in the language it was copied in."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

SCALE = {
    1: gettext_noop("strongly disagree"),
    2: gettext_noop("disagree"),
    3: gettext_noop("neither"),
    4: gettext_noop("agree"),
    5: gettext_noop("strongly agree"),
}

PRECONDITIONS = {
    "key": "preconditions",
    "name": gettext_noop("Pre-conditions for Collective Impact"),
    "conditions": [
        (
            "champions",
            "",
            gettext_noop("Influential champions"),
            [
                (
                    "champions-1",
                    gettext_noop("Respected leaders publicly back working together on this issue."),
                ),
                (
                    "champions-2",
                    gettext_noop("Our champions can bring decision makers to the table."),
                ),
            ],
        ),
        (
            "finance",
            "",
            gettext_noop("Adequate financial resources"),
            [
                (
                    "finance-1",
                    gettext_noop("Money is available to run a backbone for at least two years."),
                ),
                ("finance-2", gettext_noop("At least one funder is willing to fund shared work.")),
            ],
        ),
        (
            "urgency",
            "",
            gettext_noop("Sense of urgency"),
            [
                ("urgency-1", gettext_noop("People agree the problem must be tackled now.")),
                ("urgency-2", gettext_noop("Recent events have made the need for change visible.")),
            ],
        ),
        (
            "history",
            "",
            gettext_noop("History of collaboration"),
            [
                (
                    "history-1",
                    gettext_noop("Organizations here have worked together successfully before."),
                ),
                (
                    "history-2",
                    gettext_noop("Past disagreements between partners have been resolved."),
                ),
            ],
        ),
        (
            "data",
            "",
            gettext_noop("Data availability"),
            [
                ("data-1", gettext_noop("Data on the problem exist and can be shared.")),
                ("data-2", gettext_noop("Partners are willing to report data regularly.")),
            ],
        ),
        (
            "community",
            "",
            gettext_noop("Community engagement"),
            [
                (
                    "community-1",
                    gettext_noop("Communities affected take part in deciding what is done."),
                ),
                (
                    "community-2",
                    gettext_noop("Community groups are invited early, not at the end."),
                ),
            ],
        ),
        (
            "backbone",
            "",
            gettext_noop("A credible backbone"),
            [
                (
                    "backbone-1",
                    gettext_noop("There is an organization trusted to coordinate the effort."),
                ),
                ("backbone-2", gettext_noop("The backbone is seen as neutral between partners.")),
            ],
        ),
        (
            "government",
            "",
            gettext_noop("Government buy-in"),
            [
                ("government-1", gettext_noop("Government bodies take an active part.")),
                ("government-2", gettext_noop("Government is willing to change its own practice.")),
            ],
        ),
        (
            "lived",
            "",
            gettext_noop("Lived-experience voice"),
            [
                ("lived-1", gettext_noop("People with lived experience shape the priorities.")),
                ("lived-2", gettext_noop("Their participation is supported and paid for.")),
            ],
        ),
    ],
}

COLLABORATION = {
    "key": "collaboration",
    "name": gettext_noop("Collaboration factors"),
    "conditions": [
        (
            "climate",
            gettext_noop("Environment"),
            gettext_noop("Favourable political and social climate"),
            [
                (
                    "climate-1",
                    gettext_noop("Leaders and the public support what we are trying to do."),
                ),
            ],
        ),
        (
            "respect",
            gettext_noop("Membership"),
            gettext_noop("Mutual respect, understanding and trust"),
            [
                (
                    "respect-1",
                    gettext_noop("Members understand how each other's organizations work."),
                ),
                ("respect-2", gettext_noop("Members trust each other's intentions.")),
            ],
        ),
        (
            "roles",
            gettext_noop("Process and structure"),
            gettext_noop("Clear roles and decision making"),
            [
                ("roles-1", gettext_noop("Everyone knows who decides what, and how.")),
                ("roles-2", gettext_noop("Members share in the work and in the results.")),
            ],
        ),
        (
            "talk",
            gettext_noop("Communication"),
            gettext_noop("Open and frequent communication"),
            [
                ("talk-1", gettext_noop("Members speak openly, also about problems.")),
                ("talk-2", gettext_noop("Information reaches members on time.")),
            ],
        ),
        (
            "vision",
            gettext_noop("Purpose"),
            gettext_noop("Shared vision and attainable goals"),
            [
                ("vision-1", gettext_noop("Members agree on what we want to achieve.")),
                (
                    "vision-2",
                    gettext_noop("Our goals are realistic for the time and money we have."),
                ),
            ],
        ),
        (
            "means",
            gettext_noop("Resources"),
            gettext_noop("Sufficient funds, staff and skilled leadership"),
            [
                ("means-1", gettext_noop("We have the money and staff the work needs.")),
                (
                    "means-2",
                    gettext_noop("Our convenors have the skills to lead a group like ours."),
                ),
            ],
        ),
    ],
}

# Shipped rules per condition and score band, copied with the instrument and editable by the
# collective's staff: below WEAK a weakness with a next step, from STRONG up a strength.
WEAK, STRONG = Decimal("3.00"), Decimal("3.50")
NEXT_STEPS = {
    "preconditions": {
        "champions": (
            gettext_noop(
                "Map who could champion the work and ask two of them in person to "
                "speak for it at the launch."
            ),
            gettext_noop("Ask the champions to open doors for the working groups."),
        ),
        "finance": (
            gettext_noop(
                "Cost the backbone for two years and hold a funders' round table "
                "before going further."
            ),
            gettext_noop("Agree with funders how shared work will be reported to them."),
        ),
        "urgency": (
            gettext_noop(
                "Share the figures on children in institutions with members and "
                "the public; tell one family's story with their consent."
            ),
            gettext_noop("Turn the shared urgency into a dated first goal."),
        ),
        "history": (
            gettext_noop(
                "Start with a small joint task that partners can finish in three "
                "months, and review it together."
            ),
            gettext_noop("Write down what made earlier joint work succeed."),
        ),
        "data": (
            gettext_noop(
                "List which figures exist, who holds them and on what terms they "
                "can be shared; agree a data-sharing note."
            ),
            gettext_noop("Agree the first shared indicators from the data at hand."),
        ),
        "community": (
            gettext_noop(
                "Hold listening sessions with families and care leavers before "
                "setting goals; pay for their time."
            ),
            gettext_noop("Give community members seats in the working groups."),
        ),
        "backbone": (
            gettext_noop(
                "Agree who hosts the backbone and what it does and does not do; "
                "publish its scope of work."
            ),
            gettext_noop("Review the backbone's role with partners once a year."),
        ),
        "government": (
            gettext_noop(
                "Meet the ministry and oblast administrations to agree their role "
                "and a named contact in each."
            ),
            gettext_noop("Invite government to co-chair the steering committee."),
        ),
        "lived": (
            gettext_noop(
                "Create paid places for people with lived experience of care in "
                "the steering committee and groups."
            ),
            gettext_noop("Ask people with lived experience to review the agenda's goals."),
        ),
    },
}

DEFAULTS = {d["key"]: d for d in (PRECONDITIONS, COLLABORATION)}


def content(key: str) -> tuple[list[dict], list[dict]]:
    """(conditions, statements) of a shipped instrument, in the active language."""
    from django.utils.translation import gettext as _

    conditions, statements = [], []
    for ckey, group, title, items in DEFAULTS[key]["conditions"]:
        conditions.append(
            {"key": ckey, "title": _(title), "group": _(group) if group else "", "description": ""}
        )
        statements += [{"key": k, "condition": ckey, "text": _(t)} for k, t in items]
    return conditions, statements


def recommendations(key: str) -> list[dict]:
    """The shipped rules of an instrument, in the active language: a weakness below WEAK and a
    strength from STRONG up, for each condition that has next steps."""
    from django.utils.translation import gettext as _

    scale = (Decimal(min(SCALE)), Decimal(max(SCALE)))
    rules = []
    for condition, (weak, strong) in NEXT_STEPS.get(key, {}).items():
        below = WEAK - Decimal("0.01")
        rules.append({"condition": condition, "band_min": scale[0], "band_max": below,
                      "kind": "weakness", "next_step": _(weak)})  # fmt: skip
        rules.append({"condition": condition, "band_min": STRONG, "band_max": scale[1],
                      "kind": "strength", "next_step": _(strong)})  # fmt: skip
    return rules


def shown(text: str) -> str:
    """A stored text in the reader's language when it is still a shipped text as copied in
    English (a condition, a statement, a label of the scale); a collective's own words stay
    as written."""
    from django.utils.translation import gettext

    return gettext(text) if text else text
