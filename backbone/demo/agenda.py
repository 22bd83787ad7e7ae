"""The demo's common agenda: two published versions of the national agenda, endorsements by
organizations through the persons who speak for them (one on both versions, one on the
first only, the rest none), a goal without an indicator and a risk past its review date so
that the chain view flags them; the oblasts' adoptions (Lviv the current version, Odesa
the first only, Kharkiv none) and every member organization's strengths."""

from __future__ import annotations

import random

from django.utils import timezone

from backbone.agenda import services
from backbone.agenda.models import StrengthKind
from backbone.agenda.permissions import Action
from backbone.documents.services import endorsement_give
from backbone.governance.models import Body
from backbone.lib.permissions import can


def _content(bodies: list[Body], *, second: bool) -> dict:
    owner = [b.pk for b in bodies] + [None, None]
    review_due = (timezone.localdate().replace(day=1)).isoformat()
    goals = [
        {
            "key": "fewer-in-institutions",
            "title": "Halve the number of children in institutions",
            "horizon": "long",
            "target_date": "2030-12-31",
            "indicators": ["in-institutions"],
        },
        {
            "key": "family-care",
            "title": "Every child leaving an institution goes to a family",
            "horizon": "long",
            "target_date": "2029-12-31",
            "indicators": ["family-based-care", "leaving-institutions"],
        },
        {
            "key": "prevention",
            "title": "Keep families together",
            "horizon": "short",
            "target_date": "2027-12-31",
            "indicators": ["prevention-success", "prevention-cases"],
        },
        # No indicator yet: the chain view flags it.
        {
            "key": "community-voice",
            "title": "Care leavers shape the reform",
            "horizon": "short",
            "target_date": "2027-06-30",
            "indicators": [],
        },
    ]
    if second:
        goals.append(
            {
                "key": "workforce",
                "title": "Enough social workers in every hromada",
                "horizon": "long",
                "target_date": "2030-12-31",
                "indicators": ["social-workers-per-10k"],
            }
        )
    strategies = [
        {
            "key": "foster-recruitment",
            "title": "Recruit and train foster families",
            "goal": "family-care",
            "owner_body": owner[0],
        },
        {
            "key": "case-management",
            "title": "Case management for families at risk",
            "goal": "prevention",
            "owner_body": owner[1] if len(bodies) > 1 else owner[0],
        },
        {
            "key": "closure-plans",
            "title": "A closure plan for every institution",
            "goal": "fewer-in-institutions",
            "owner_body": None,
        },
    ]
    assumptions = [
        {
            "key": "foster-supply",
            "text": "Enough families are willing to foster",
            "indicators": ["foster-families"],
        },
        {"key": "funding", "text": "Local budgets keep funding family services", "indicators": []},
    ]
    risks = [
        {
            "key": "budget-cuts",
            "risk": "Local budgets are cut",
            "likelihood": "medium",
            "impact": "high",
            "mitigation": "Pooled fund with donors",
            "owner": "Steering committee",
            "status": "open",
            "review_date": review_due,  # past: the chain view flags it
            "threatens": {"kind": "assumption", "key": "funding"},
        },
        {
            "key": "burnout",
            "risk": "Foster carers give up",
            "likelihood": "medium",
            "impact": "medium",
            "mitigation": "" if not second else "Respite care and peer groups",
            "owner": "Foster care working group",
            "status": "open",
            "review_date": "2027-06-30",
            "threatens": {"kind": "assumption", "key": "foster-supply"},
        },
    ]
    return {
        "vision": "Every child in Ukraine grows up in a safe and loving family."
        + ("\nNo child is separated from their family because of poverty." if second else ""),
        "problem": "Tens of thousands of children still live in residential institutions; "
        "the war has separated many more from their families.",
        "goals": goals,
        "strategies": strategies,
        "assumptions": assumptions,
        "risks": risks,
    }


# What an organization of each kind is good at (keys of the shipped vocabulary), and the
# note the demo writes beside each strength.
STRENGTHS_BY_KIND = {
    "ministry": ["funding", "data-research", "training", "advocacy"],
    "local_authority": ["case-management", "funding", "data-research"],
    "public_service": ["case-management", "psychosocial", "foster-recruitment", "training"],
    "ngo": ["case-management", "psychosocial", "advocacy", "foster-recruitment", "legal-aid"],
    "cbo": ["community-mobilisation", "lived-experience", "psychosocial"],
    "faith_based": ["community-mobilisation", "foster-recruitment", "psychosocial"],
    "private": ["funding", "training", "community-mobilisation"],
    "academic": ["data-research", "training", "advocacy"],
    "funder": ["funding", "data-research", "advocacy"],
    "media": ["advocacy", "community-mobilisation"],
    "informal": ["community-mobilisation", "lived-experience"],
}
NOTES = {
    "case-management": "Social workers following families at risk",
    "foster-recruitment": "Information sessions and screening of candidate families",
    "legal-aid": "Free lawyers for parents and care leavers",
    "psychosocial": "Counselling for children and caregivers",
    "data-research": "Surveys and administrative data on children in care",
    "community-mobilisation": "Volunteers in hromadas",
    "funding": "Small grants to local services",
    "training": "Courses for foster carers and social workers",
    "advocacy": "Work with the parliament committee on children's rights",
    "lived-experience": "Care leavers who advise on services",
}


def build_agenda(*, rng, collectives, organizations, people, users, national_slug) -> None:
    national = collectives[national_slug]
    bodies = list(Body.objects.filter(collective=national).order_by("pk"))
    staff = users["staff"]
    v1 = services.agenda_publish(
        collective=national,
        content=_content(bodies, second=False),
        by=staff,
        based_on=0,
        change_note="First agenda, agreed at the launch meeting",
    )
    endorsers = []
    for username in ("reporter", "chair", "facilitator"):
        user = users[username]
        if not can(user, Action.AGENDA_VIEW, national):
            continue
        current = user.person.affiliations.filter(end_date__isnull=True).first()
        if current is None or not current.speaks_for:
            continue
        if current.organization not in [o for _u, o in endorsers]:
            endorsers.append((user, current.organization))
    for user, organization in endorsers:
        endorsement_give(version=v1, organization=organization, by=user)
    v2 = services.agenda_publish(
        collective=national,
        content=_content(bodies, second=True),
        by=users["chair"],
        based_on=1,
        change_note="A workforce goal; a mitigation for carer burnout",
    )
    for user, organization in endorsers[:1]:  # the others have not signed on to it yet
        endorsement_give(version=v2, organization=organization, by=user)

    # The oblasts' adoptions: Odesa took the first version and not yet the second;
    # Lviv took the second; Kharkiv has not adopted the national agenda.
    chair = users["chair"]
    services.agenda_adopt(
        collective=collectives["ua-51"],
        version=v1,
        by=chair,
        note="Adopted at the oblast's first coordination meeting",
    )
    services.agenda_adopt(
        collective=collectives["ua-46"],
        version=v2,
        by=chair,
        note="Adopted together with the workforce goal",
    )


def build_strengths(*, rng, collectives, organizations, people, users, national_slug) -> None:
    """The organizations' strengths, recorded early in the collective's history (mapped when
    partners joined), so the latest entries of the audit log are the bodies' and figures'."""
    _strengths(organizations, users["staff"])


def _strengths(organizations, staff) -> None:
    """Two to four strengths for every member organization. Drawn from a generator of their
    own, so that adding them shifts no other part of the demo."""
    pick = random.Random(2046)  # noqa: S311 — demo data, not security
    kinds = {k.key: k for k in StrengthKind.objects.filter(collective=None)}
    for organization in organizations:
        likely = STRENGTHS_BY_KIND.get(organization.kind, list(kinds))
        chosen = pick.sample(likely, k=min(len(likely), pick.randint(2, 4)))
        services.organization_strengths_set(
            organization=organization,
            strengths={kinds[key].pk: NOTES[key] if pick.random() < 0.7 else "" for key in chosen},
            by=staff,
        )
