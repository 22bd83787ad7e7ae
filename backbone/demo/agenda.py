"""The demo's common agenda: two published versions of the national agenda, endorsements by
organizations through the persons who speak for them (one on both versions, one on the
first only, the rest none), a goal without an indicator and a risk past its review date so
that the chain view flags them."""

from __future__ import annotations

from django.utils import timezone

from backbone.agenda import services
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
