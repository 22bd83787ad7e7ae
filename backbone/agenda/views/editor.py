"""The agenda editor: the next version written as a draft (saved as often as needed),
published or discarded. Staff and the steering committee (Action.AGENDA_EDIT)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backbone.agenda import services
from backbone.agenda.forms import AgendaEditor
from backbone.agenda.permissions import Action
from backbone.network.scope import scope_for


def _content_of(version) -> dict:
    if version is None:
        return {}
    names = ("vision", "problem", *services.SECTIONS)
    return {name: getattr(version, name) for name in names}


def agenda_edit(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_EDIT)
    collective = here.collective
    current = services.agenda_of(collective).current()
    draft = services.draft_of(collective)

    def fresh(change_note: str = "") -> AgendaEditor:
        """The editor as the draft (or, without one, the current version) stands."""
        return AgendaEditor(
            collective=collective,
            base=draft.content if draft else _content_of(current),
            based_on=draft.based_on if draft else (current.number if current else 0),
            change_note=change_note,
        )

    editor = fresh()
    if request.method == "POST":
        editor = AgendaEditor(
            collective=collective,
            base=draft.content if draft else _content_of(current),
            based_on=0,
            data=request.POST,
        )
        if editor.is_valid():
            publish = request.POST.get("action") == "publish"
            try:
                draft = services.agenda_draft_save(
                    collective=collective,
                    content=editor.content(),
                    based_on=editor.based_on,
                    by=request.user,
                )
            except ValidationError as e:
                editor.add_errors(e)  # nothing saved; the user's input stays in the form
            else:
                if not publish:
                    messages.success(request, _("Draft saved. Nothing is published yet."))
                    return redirect("agenda_edit", slug=slug)
                change_note = editor.form.cleaned_data["change_note"]
                try:
                    version = services.agenda_draft_publish(
                        collective=collective, by=request.user, change_note=change_note
                    )
                except ValidationError as e:
                    # The draft holds the input (saved just now); show it as saved.
                    editor = fresh(change_note)
                    editor.add_errors(e)
                else:
                    messages.success(request, _("Version %d published.") % version.number)
                    return redirect("agenda_detail", slug=slug)
    context = {
        "collective": collective,
        "current": current,
        "draft": draft,
        "stale": bool(draft and current and draft.based_on < current.number),
        "editor": editor,
    }
    return render(request, "agenda/edit.html", context, status=200)


@require_POST
def agenda_draft_discard(request: HttpRequest, slug: str) -> HttpResponse:
    here = scope_for(request, slug, Action.AGENDA_EDIT)
    try:
        services.agenda_draft_discard(collective=here.collective, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Draft discarded."))
    return redirect("agenda_detail", slug=slug)
