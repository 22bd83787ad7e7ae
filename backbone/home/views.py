from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backbone.accounts.permissions import Action as AccountAction
from backbone.governance.selectors import bodies_for_collective
from backbone.home.audit import audit_entries, audit_record_kinds, whats_new
from backbone.home.permissions import Action
from backbone.network import selectors as network
from backbone.network.models import Collective
from backbone.network.permissions import Action as NetworkAction
from backbone.network.scope import scope_for


def home(request: HttpRequest) -> HttpResponse:
    collectives = Collective.objects.select_related("parent", "place").order_by("level", "name")
    return render(request, "home/home.html", {"collectives": collectives})


def collective_home(request: HttpRequest, slug: str) -> HttpResponse:
    scope = scope_for(request, slug)
    collective = scope.collective
    is_member = scope.can(NetworkAction.PERSON_VIEW, collective)
    # Ten lines of what is new; "more" on the page asks for the last fifty.
    more = request.GET.get("new") == "more"
    context = {
        "collective": collective,
        "children": collective.children.order_by("name"),
        "bodies": bodies_for_collective(collective),
        "by_kind": network.members_by_kind(collective),
        "counts": network.collective_counts(collective),
        "is_member": is_member,
        # What is new: the audit trail without private fields, for members only.
        "recent": (
            whats_new(collective, limit=50 if more else 10, viewer=request.user)
            if is_member
            else []
        ),
        "more": more,
        "can_audit": scope.can(Action.AUDIT_VIEW, collective),
        "can_invite": scope.can(AccountAction.MEMBER_INVITE, collective),
    }
    return render(request, "home/collective_home.html", context)


def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The newest 200 changes; ``?record=app.model`` keeps one kind of record, so an older
    change to a body is found even after an import of thousands of rows."""
    collective = scope_for(request, slug, Action.AUDIT_VIEW).collective
    kinds = audit_record_kinds()
    chosen = request.GET.get("record", "")
    model = kinds.get(chosen, (None, ""))[0]
    return render(
        request,
        "home/audit_log.html",
        {
            "collective": collective,
            "entries": audit_entries(collective, limit=200, viewer=request.user, model=model),
            "kinds": sorted(
                ((key, label) for key, (_m, label) in kinds.items()), key=lambda k: str(k[1])
            ),
            "chosen": chosen if model is not None else "",
        },
    )
