"""Look-ups built once per import: the organizations, kinds of activity and groups of the
collective, and its places."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backbone.activities.models import ActivityKind, Group
from backbone.activities.services import places_within
from backbone.lib.text import normalize_name
from backbone.lib.translation import translations
from backbone.network.models import Organization, Place
from backbone.network.placenames import PlaceNames


class Vocabulary:
    """Look-ups built once per import: organizations, kinds, groups."""

    def __init__(self, collective) -> None:
        self.collective = collective
        self.organizations: dict[str, list[Organization]] = {}
        for organization in Organization.objects.filter(collective_id__in=collective.tree_ids()):
            names = {*translations(organization, "name").values(), organization.acronym}
            for name in names:
                if name:
                    self.organizations.setdefault(normalize_name(name), []).append(organization)
        self.kinds: dict[str, ActivityKind] = {}
        by_sector: dict[str, list[ActivityKind]] = {}
        for kind in ActivityKind.objects.for_collective(collective):
            for name in (kind.code, *translations(kind, "name").values()):
                if name:
                    self.kinds.setdefault(normalize_name(name), kind)
            if kind.sector:
                by_sector.setdefault(normalize_name(kind.sector), []).append(kind)
        for sector, kinds in by_sector.items():
            if len(kinds) == 1:
                self.kinds.setdefault(sector, kinds[0])
        self.known_kinds = sorted({k.code for k in self.kinds.values()})
        self.groups: dict[str, Group] = {}
        for group in Group.objects.for_collective(collective):
            for name in (group.code, *translations(group, "name").values()):
                if name:
                    self.groups.setdefault(normalize_name(name), group)

    def organization_at(self, key: str) -> Organization | None:
        """The organization a name's key stands for (None: not created yet)."""
        found = self.organizations.get(key)
        return found[0] if found else None

    def organization(self, text: str) -> tuple[Organization | None, list[Organization]]:
        found = self.organizations.get(normalize_name(text), [])
        distinct = list({o.pk: o for o in found}.values())
        return (distinct[0], []) if len(distinct) == 1 else (None, distinct)


class Places:
    """Places a row names, within the collective; a more specific column's name is looked up
    at its level and under the place a coarser column of the row names."""

    def __init__(self, collective) -> None:
        self.collective = collective
        self.within = places_within(collective)
        rows = list(
            Place.objects.only(
                "pk", "code", "pcode", "name", "names", "parent_id", "level", "codes"
            )
        )
        self.by_pk = {place.pk: place for place in rows}
        self.inside = PlaceNames([p for p in rows if p.pk in self.within])
        self.everywhere = PlaceNames(rows)

    def _under(self, place, ancestor) -> bool:
        while place is not None:
            if place.pk == ancestor.pk:
                return True
            place = self.by_pk.get(place.parent_id)
        return False

    def find(self, text: str, level: int | None, coarser: list) -> tuple[Place | None, str]:
        place = self.inside.find(text)
        if place is None:
            candidates = self.inside.candidates(text)
            narrowed = [
                c
                for c in candidates
                if (level is None or c.level == level) and all(self._under(c, a) for a in coarser)
            ]
            if len(narrowed) == 1:
                place = narrowed[0]
        if place is not None:
            return place, ""
        outside = self.everywhere.find(text)
        if outside is not None:
            return None, _("%(place)s is outside %(collective)s.") % {
                "place": f"{outside.code} {outside}",
                "collective": self.collective,
            }
        return None, self.inside.refusal(text)
