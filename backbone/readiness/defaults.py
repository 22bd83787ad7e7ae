"""The two instruments Backbone ships, as data: a collective copies one and edits its copy.
Texts are marked for translation; the stored copy is in the language it was copied in."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N

SCALE = {
    1: N("strongly disagree"),
    2: N("disagree"),
    3: N("neither"),
    4: N("agree"),
    5: N("strongly agree"),
}

PRECONDITIONS = {
    "key": "preconditions",
    "name": N("Pre-conditions for Collective Impact"),
    "conditions": [
        (
            "champions",
            "",
            N("Influential champions"),
            [
                (
                    "champions-1",
                    N("Respected leaders publicly back working together on this issue."),
                ),
                ("champions-2", N("Our champions can bring decision makers to the table.")),
            ],
        ),
        (
            "finance",
            "",
            N("Adequate financial resources"),
            [
                ("finance-1", N("Money is available to run a backbone for at least two years.")),
                ("finance-2", N("At least one funder is willing to fund shared work.")),
            ],
        ),
        (
            "urgency",
            "",
            N("Sense of urgency"),
            [
                ("urgency-1", N("People agree the problem must be tackled now.")),
                ("urgency-2", N("Recent events have made the need for change visible.")),
            ],
        ),
        (
            "history",
            "",
            N("History of collaboration"),
            [
                ("history-1", N("Organizations here have worked together successfully before.")),
                ("history-2", N("Past disagreements between partners have been resolved.")),
            ],
        ),
        (
            "data",
            "",
            N("Data availability"),
            [
                ("data-1", N("Data on the problem exist and can be shared.")),
                ("data-2", N("Partners are willing to report data regularly.")),
            ],
        ),
        (
            "community",
            "",
            N("Community engagement"),
            [
                ("community-1", N("Communities affected take part in deciding what is done.")),
                ("community-2", N("Community groups are invited early, not at the end.")),
            ],
        ),
        (
            "backbone",
            "",
            N("A credible backbone"),
            [
                ("backbone-1", N("There is an organization trusted to coordinate the effort.")),
                ("backbone-2", N("The backbone is seen as neutral between partners.")),
            ],
        ),
        (
            "government",
            "",
            N("Government buy-in"),
            [
                ("government-1", N("Government bodies take an active part.")),
                ("government-2", N("Government is willing to change its own practice.")),
            ],
        ),
        (
            "lived",
            "",
            N("Lived-experience voice"),
            [
                ("lived-1", N("People with lived experience shape the priorities.")),
                ("lived-2", N("Their participation is supported and paid for.")),
            ],
        ),
    ],
}

COLLABORATION = {
    "key": "collaboration",
    "name": N("Collaboration factors"),
    "conditions": [
        (
            "climate",
            N("Environment"),
            N("Favourable political and social climate"),
            [
                ("climate-1", N("Leaders and the public support what we are trying to do.")),
            ],
        ),
        (
            "respect",
            N("Membership"),
            N("Mutual respect, understanding and trust"),
            [
                ("respect-1", N("Members understand how each other's organizations work.")),
                ("respect-2", N("Members trust each other's intentions.")),
            ],
        ),
        (
            "roles",
            N("Process and structure"),
            N("Clear roles and decision making"),
            [
                ("roles-1", N("Everyone knows who decides what, and how.")),
                ("roles-2", N("Members share in the work and in the results.")),
            ],
        ),
        (
            "talk",
            N("Communication"),
            N("Open and frequent communication"),
            [
                ("talk-1", N("Members speak openly, also about problems.")),
                ("talk-2", N("Information reaches members on time.")),
            ],
        ),
        (
            "vision",
            N("Purpose"),
            N("Shared vision and attainable goals"),
            [
                ("vision-1", N("Members agree on what we want to achieve.")),
                ("vision-2", N("Our goals are realistic for the time and money we have.")),
            ],
        ),
        (
            "means",
            N("Resources"),
            N("Sufficient funds, staff and skilled leadership"),
            [
                ("means-1", N("We have the money and staff the work needs.")),
                ("means-2", N("Our convenors have the skills to lead a group like ours.")),
            ],
        ),
    ],
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
