"""The audit trail: who changed what, when, old → new, across the records the apps register.

The apps say what is audited (their ``audit.py``, into backbone.lib.audit); this module reads
the registry. Foreign keys are shown by name: every name an entry needs is fetched in one
query per related model, whatever the number of entries. A personal field's old and new values
(backbone.lib.privacy) are shown only to a reader who may see that field of that record today.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Model
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from backbone.lib import audit, privacy
from backbone.network.models import Collective

KIND_LABELS = {
    "created": _("added"),
    "changed": _("changed"),
    "deleted": _("deleted"),
}
_HISTORY_KIND = {"+": "created", "~": "changed", "-": "deleted"}
_LANGUAGES = [code for code, _name in settings.LANGUAGES]
_STAFF_VIEW = object()  # the whole trail, as the audit log shows it to staff


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditEntry:
    when: dt.datetime
    who: str
    kind: str  # "created", "changed", "deleted", or a workflow step ("approved", …)
    action: str  # the kind, in the reader's language
    model: str
    models: str  # plural
    object_id: int
    label: str
    changes: list[Change]
    group: str | None = None  # the name of what repeated entries share (a body, …)
    phrase: audit.Phrase | None = None  # how several such entries are told together
    key: tuple = field(default=(), compare=False, repr=False)
    count: int = 1  # records written together in bulk that this entry stands for

    @property
    def summary(self) -> SafeString:
        """What happened in one sentence ("500 population figures imported from …")."""
        return _news_text(self, self.count)


def quoted(name: str) -> SafeString:
    """A name in the reader's language's quotation marks, isolated so that right-to-left text
    around a left-to-right name (and the reverse) keeps the marks on the right sides."""
    marks = gettext("“%(name)s”")
    before, _sep, after = marks.partition("%(name)s")
    return format_html("{}<bdi>{}</bdi>{}", before, name, after)


def person_name(user) -> str:
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


def _field_label(model_field) -> str:
    name = model_field.verbose_name
    # Names Django made up from the attribute (no verbose_name given) are looked up too.
    return str(name) if isinstance(name, Promise) else gettext(str(name))


class _Names:
    """Display names of related records, asked for first and then fetched in bulk; the records
    too, for those with personal fields (whether the reader may see them is asked of the live
    record: the person's choice today decides, also for what was recorded before)."""

    def __init__(self) -> None:
        self.wanted: dict[type[Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[Model], Any], str] = {}
        self.records: dict[tuple[type[Model], Any], Model] = {}

    def want(self, model: type[Model], pk: Any) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        user_model = get_user_model()
        for model, pks in self.wanted.items():
            pks = {pk for pk in pks if (model, pk) not in self.names}
            if not pks:
                continue
            rows = model._default_manager.filter(pk__in=pks)
            naming = audit.naming(model)
            related = (*naming.select_related, *privacy.related(model))
            if related:
                rows = rows.select_related(*related)
            if naming.prefetch_related:
                rows = rows.prefetch_related(*naming.prefetch_related)
            personal = bool(privacy.fields_of(model))
            for obj in rows:
                if model is user_model:
                    shown = person_name(obj)
                else:
                    shown = naming.label(obj) if naming.label else str(obj)
                self.names[(model, obj.pk)] = shown
                if personal:
                    self.records[(model, obj.pk)] = obj
        self.wanted.clear()

    def get(self, model: type[Model], pk: Any) -> str:
        if pk is None:
            return "—"
        # A record deleted since: its id is all that is left.
        return self.names.get((model, pk), f"#{pk}")


def _foreign_keys(model: type[Model]) -> dict[str, Any]:
    return {
        f.name: f
        for f in model._meta.concrete_fields
        if f.is_relation
        and (f.many_to_one or f.one_to_one)
        and f.related_model is not None
        and not f.remote_field.parent_link
    }


def _namer(row, fks: dict[str, Any], names: _Names):
    def name(field_name: str) -> str:
        fk = fks[field_name]
        return names.get(fk.related_model, getattr(row, fk.attname))

    return name


class _Shower:
    """Values as a reader should see them: choice labels, yes/no, names, local dates."""

    def __init__(self, names: _Names, choices: dict[str, Any]) -> None:
        self.names = names
        self.choices = {k: dict(v) for k, v in choices.items()}

    def __call__(self, model_field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if model_field.is_relation:
            return self.names.get(model_field.related_model, value)
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, list):
            labels = self.choices.get(model_field.name, {})
            return ", ".join(str(labels.get(v, v)) for v in value)
        if isinstance(value, dict):  # names in other languages: {"uk": "…"}
            return "; ".join(f"{key}: {text}" for key, text in value.items()) or "—"
        if isinstance(value, dt.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, float | int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return str(value)


def _verbose(source: audit.Source) -> tuple[str, str]:
    meta = source.model._meta
    return (
        str(source.verbose_name or meta.verbose_name),
        str(source.verbose_name_plural or meta.verbose_name_plural),
    )


class _Privacy:
    """What of each record's personal fields the reader may not see, asked once per record."""

    def __init__(self, viewer, names: _Names) -> None:
        self.viewer = viewer
        self.names = names
        self.hidden: dict[tuple[type[Model], Any], frozenset[str]] = {}

    def of(self, model: type[Model], row) -> frozenset[str]:
        """For a history row: the live record's rule; a record deleted since, its last row's."""
        key = (model, row.id)
        if key not in self.hidden:
            record = self.names.records.get(key) or row.instance
            self.hidden[key] = privacy.hidden(self.viewer, record)
        return self.hidden[key]


def _history_entries(
    source: audit.History, ids: list[int], *, limit: int, names: _Names, visible_to=_STAFF_VIEW
) -> list[tuple]:
    """History rows as (row, prior, source) pairs; names requested, not yet fetched."""
    history = source.model.history.model
    rows = history.objects.filter(**{f"{source.collective}__in": ids}).select_related(
        "history_user"
    )
    if visible_to is not _STAFF_VIEW and source.visible_to is not None:
        rows = source.visible_to(rows, visible_to, ids)
    if source.batched:
        newest = _newest_batches(source, rows, limit=limit)
    else:
        newest = list(rows.order_by("-history_date", "-history_id")[:limit])
    if not newest:
        return []
    # All rows of the records concerned, oldest first, to find each row's predecessor.
    all_rows = history.objects.filter(id__in={r.id for r in newest}).order_by(
        "id", "history_date", "history_id"
    )
    previous: dict[int, Any] = {}
    for _id, group in groupby(all_rows, key=lambda r: r.id):
        prior = None
        for row in group:
            previous[row.history_id] = prior
            prior = row
    fks = _foreign_keys(source.model)
    kept = {f.attname for f in history._meta.concrete_fields}
    for row in newest:
        for rowish in (row, previous.get(row.history_id)):
            if rowish is not None:
                for fk in fks.values():
                    if fk.attname in kept:
                        names.want(fk.related_model, getattr(rowish, fk.attname))
        if source.label is None or privacy.fields_of(source.model):
            names.want(source.model, row.id)
    return [(row, previous.get(row.history_id), source) for row in newest]


def _newest_batches(source: audit.History, rows, *, limit: int) -> list:
    """The newest batches of rows written together (one moment, user, kind and reason, and
    what the entries are grouped by), each as its last row with ``batch_size`` set: counted
    by the database, so that an import of 500 rows is one row here, not 500 of the limit."""
    keys = ["history_date", "history_user_id", "history_type", "history_change_reason"]
    fks = _foreign_keys(source.model)
    if source.group_by in fks:
        keys.append(fks[source.group_by].attname)
    batches = (
        rows.order_by()
        .values(*keys)
        .annotate(size=Count("history_id"), last=Max("history_id"))
        .order_by("-history_date", "-last")[:limit]
    )
    sizes = {batch["last"]: batch["size"] for batch in batches}
    newest = list(
        source.model.history.model.objects.filter(history_id__in=sizes)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    for row in newest:
        row.batch_size = sizes[row.history_id]
    return newest


def _history_entry(row, prior, source: audit.History, names: _Names, personal: _Privacy):
    size = getattr(row, "batch_size", 1)
    shown = _Shower(names, source.choices)
    # The live model's fields that its history keeps (a history may leave some out), but not
    # a translated field's own column when its per-language columns are there (name_en, …).
    kept = {f.attname for f in row._meta.concrete_fields}
    per_language = {
        f.name for f in source.model._meta.concrete_fields if f"{f.name}_{_LANGUAGES[0]}" in kept
    }
    private = personal.of(source.model, row) if privacy.fields_of(source.model) else frozenset()
    fields = [
        f
        for f in source.model._meta.concrete_fields
        if f.attname in kept
        and f.name not in per_language
        and f.name not in source.hidden
        and not f.primary_key
        and f.name not in private
    ]
    changes = []
    kind = _HISTORY_KIND[row.history_type]
    # A batch is told by its count; one row's changes would stand for them all.
    for model_field in fields if size == 1 else ():
        new = getattr(row, model_field.attname)
        old = getattr(prior, model_field.attname) if prior is not None else None
        if kind == "created" and new in (None, "", [], False):
            continue
        if prior is None or old != new:
            changes.append(
                Change(_field_label(model_field), shown(model_field, old), shown(model_field, new))
            )
    if kind == "changed" and not changes and size == 1:
        return None
    fks = _foreign_keys(source.model)
    name = _namer(row, fks, names)
    if source.label is not None:
        label = source.label(row, name)
    elif (source.model, row.id) in names.names:
        label = names.get(source.model, row.id)
    else:  # deleted since: the name it had
        label = str(getattr(row, "name", "") or f"#{row.id}")
    if row.history_user is not None:
        who = person_name(row.history_user)
    elif source.actor:
        who = name(source.actor)
    else:
        who = person_name(None)
    group: str | None = None
    group_id = None
    if source.group_by in fks:
        group_id = getattr(row, fks[source.group_by].attname)
        group = name(source.group_by)
    elif source.group_by:  # a field of the history row (the file of an import)
        group = group_id = getattr(row, source.group_by) or "—"
    model, models = _verbose(source)
    return AuditEntry(
        when=row.history_date,
        who=who,
        kind=kind,
        action=str(KIND_LABELS[kind]),
        model=model,
        models=models,
        object_id=row.id,
        label=label,
        changes=changes,
        group=group,
        phrase=source.phrases.get(kind),
        key=(source.model, group_id),
        count=size,
    )


def _log_rows(source: audit.Log, ids: list[int], *, limit: int, names: _Names) -> list[tuple]:
    rows = source.model._default_manager.all()
    if callable(source.collective):
        rows = source.collective(rows, ids)
    else:
        rows = rows.filter(**{f"{source.collective}__in": ids})
    related = [*([] if callable(source.who) else [source.who]), *source.related]
    if related:
        rows = rows.select_related(*related)
    rows = rows.order_by(f"-{source.when}", "-pk")[:limit]
    fks = _foreign_keys(source.model)
    rows = list(rows)
    for row in rows:
        for fk in fks.values():
            if fk.name != source.who:
                names.want(fk.related_model, getattr(row, fk.attname))
    return [(row, None, source) for row in rows]


def _field_of(row, path: str):
    """The record and field a Log's detail reads: a field of the row, or of a record it points
    to ("submission__source", fetched with the row through ``related``)."""
    *hops, last = path.split("__")
    record = row
    for hop in hops:
        record = getattr(record, hop) if record is not None else None
    model = type(row)
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return record, model._meta.get_field(last)


def _log_entry(row, source: audit.Log, names: _Names, viewer) -> AuditEntry:
    fks = _foreign_keys(source.model)
    name = _namer(row, fks, names)
    shown = _Shower(names, {})
    if callable(source.kind):
        kind, action = source.kind(row)
        action = str(action)
    elif source.kind:
        kind = getattr(row, source.kind)
        action = str(getattr(row, f"get_{source.kind}_display")())
    else:
        kind, action = "created", str(KIND_LABELS["created"])
    changes = []
    private = privacy.hidden(viewer, row) if privacy.fields_of(source.model) else frozenset()
    details = {**source.fields, **source.fields_of_kind.get(kind, {})}
    for field_name, field_label in details.items():
        if field_name in private:
            continue
        record, model_field = _field_of(row, field_name)
        value = getattr(record, model_field.attname) if record is not None else None
        if value not in (None, ""):
            changes.append(Change(str(field_label), "—", shown(model_field, value)))
    who = source.who(row) if callable(source.who) else person_name(getattr(row, source.who))
    model, models = _verbose(source)
    group_id = getattr(row, fks[source.group_by].attname) if source.group_by else None
    return AuditEntry(
        when=getattr(row, source.when),
        who=who,
        kind=kind,
        action=action,
        model=model,
        models=models,
        object_id=row.pk,
        label=source.label(row, name),
        changes=changes,
        group=name(source.group_by) if source.group_by else None,
        phrase=source.phrases.get(kind),
        key=(source.model, group_id),
    )


def audit_record_kinds() -> dict[str, tuple[type[Model], Any]]:
    """Every kind of audited record, by ``app_label.model_name``: its model and its plural
    name, in the reader's language (the audit log's filter)."""
    kinds = {}
    for source in audit.registered():
        meta = source.model._meta
        kinds[meta.label_lower] = (source.model, meta.verbose_name_plural)
    return kinds


def audit_entries(
    collective: Collective,
    *,
    viewer,
    limit: int = 100,
    model: type[Model] | None = None,
    include_private: bool = True,
) -> list[AuditEntry]:
    """The newest changes in this collective and the ones below it, newest first, as
    ``viewer`` may see them: a personal field (backbone.lib.privacy) only where they may see
    it on that record.

    With ``include_private`` (the audit log, for staff) every record; without it, what members
    see: no staff-only record, and only the rows ``viewer`` may see (None: a member with no
    seat of their own, so no seat in a body whose member list is private).

    Per registered model: one query for its newest rows and one for their predecessors (one
    more for a batched one, counting its batches); then one query per related model for every
    name the entries show.
    """
    ids = collective.tree_ids()
    names = _Names()
    pending = []
    for source in audit.registered():
        if model is not None and source.model is not model:
            continue
        if source.staff_only and not include_private:
            continue
        if isinstance(source, audit.History):
            shown_to = _STAFF_VIEW if include_private else viewer
            pending += _history_entries(source, ids, limit=limit, names=names, visible_to=shown_to)
        else:
            pending += _log_rows(source, ids, limit=limit, names=names)
    names.fetch()
    personal = _Privacy(viewer, names)
    entries = []
    for row, prior, source in pending:
        if isinstance(source, audit.History):
            entry = _history_entry(row, prior, source, names, personal)
        else:
            entry = _log_entry(row, source, names, viewer)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class NewsItem:
    when: dt.datetime
    who: str
    count: int
    text: SafeString  # what happened, names quoted and isolated


def _news_text(first: AuditEntry, count: int) -> SafeString:
    if count == 1:
        return format_html("{} {} {}", first.action, first.model, quoted(first.label))
    if first.phrase is not None and first.group is not None:
        singular, plural = first.phrase
        sentence = escape(ngettext(singular, plural, count))
        return mark_safe(sentence % {"n": count, "group": quoted(first.group)})  # noqa: S308
    if first.phrase is not None:
        singular, plural = first.phrase
        return format_html("{}", ngettext(singular, plural, count) % {"n": count})
    sentence = escape(gettext("%(action)s %(models)s: %(n)s"))
    return mark_safe(  # noqa: S308
        sentence % {"action": escape(first.action), "models": escape(first.models), "n": count}
    )


def whats_new(
    collective: Collective, *, limit: int = 8, scan: int = 300, viewer=None
) -> list[NewsItem]:
    """The newest events for members, as ``viewer`` may see them (no personal field they may
    not see, no seat in a body whose member list is kept from them), repeated ones told
    together: "8 people joined «X»" rather than eight lines (the same actor, kind of change
    and shared record, on the same day)."""
    entries = audit_entries(collective, limit=scan, include_private=False, viewer=viewer)
    groups: dict[tuple, list[AuditEntry]] = {}
    for entry in entries:  # newest first, so each group's first entry is its newest
        day = timezone.localtime(entry.when).date()
        key = (entry.who, entry.kind, entry.model, entry.key, day)
        groups.setdefault(key, []).append(entry)
    items = [
        NewsItem(
            when=group[0].when,
            who=group[0].who,
            count=sum(entry.count for entry in group),
            text=_news_text(group[0], sum(entry.count for entry in group)),
        )
        for group in groups.values()
    ]
    items.sort(key=lambda i: i.when, reverse=True)
    return items[:limit]
