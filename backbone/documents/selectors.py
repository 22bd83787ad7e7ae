"""Reads for a document's versions page: its versions with their endorsements, a pair to
compare, and which organizations the reader could endorse the current version for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backbone.documents import diff, registry, services
from backbone.documents.models import DocumentVersion, Endorsement


@dataclass
class VersionHistory:
    kind: registry.Kind
    versions: list[DocumentVersion]  # newest first, each with `.endorsements` (standing)
    left: DocumentVersion | None = None
    right: DocumentVersion | None = None
    changes: list[diff.Change] = field(default_factory=list)
    endorse_for: list[Any] = field(default_factory=list)  # organizations the reader may
    withdraw_for: set[int] = field(default_factory=set)  # endorsements the reader may withdraw

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions[0] if self.versions else None


def attach_endorsements(versions: list[DocumentVersion]) -> list[DocumentVersion]:
    """Set `.endorsements` on each version: its standing endorsements, in one query."""
    by_version: dict[int, list[Endorsement]] = {v.pk: [] for v in versions}
    found = Endorsement.objects.of(versions).standing().select_related("organization", "person")
    for endorsement in found:
        by_version[endorsement.version_id].append(endorsement)
    for version in versions:
        version.endorsements = by_version[version.pk]
    return versions


def version_history(
    kind_name: str, document, user, *, a: str | None = None, b: str | None = None
) -> VersionHistory:
    """The versions page's reads. `a` and `b` are the numbers to compare as given in the
    address (the previous and the current version when absent or not numbers)."""
    kind = registry.kind(kind_name)
    versions = list(
        services.versions_of(kind.model, document)
        .select_related("published_by", *kind.related)
        .order_by("-number")
    )
    history = VersionHistory(kind, attach_endorsements(versions))
    if len(versions) >= 2:
        by_number = {v.number: v for v in versions}
        history.left = by_number.get(_number(a, versions[1].number))
        history.right = by_number.get(_number(b, versions[0].number))
        if history.left and history.right:
            history.changes = diff.compare(history.left, history.right)
    current = history.current
    if current is not None and user.is_authenticated and kind.endorsable:
        collective = kind.collective(current)
        spoken_for = services.organizations_spoken_for(user, collective)
        endorsed = {e.organization_id for e in current.endorsements}
        history.endorse_for = [o for o in spoken_for if o.pk not in endorsed]
        mine = {o.pk for o in spoken_for}
        history.withdraw_for = {
            e.pk for v in versions for e in v.endorsements if e.organization_id in mine
        }
    return history


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
