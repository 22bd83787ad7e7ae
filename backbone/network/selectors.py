"""Reads across network models."""

from __future__ import annotations

from django.db.models import Count, Q

from backbone.lib import privacy
from backbone.lib.collation import sort_by_name
from backbone.lib.text import normalize_name
from backbone.lib.translation import LANGUAGE_CODES, translations
from backbone.network.models import (
    Collective,
    Organization,
    OrganizationKind,
    Person,
)


def organization_directory(
    *,
    collective: Collective,
    q: str = "",
    kind: str = "",
    sector: str = "",
    place=None,
    non_traditional: bool = False,
    archived: bool = False,
) -> list[Organization]:
    qs = Organization.objects.in_collective_tree(collective)
    if not archived:
        qs = qs.active()
    if q:
        # Any language's name matches, whichever language the reader uses.
        needle = normalize_name(q)
        by_name = Q()
        for code in LANGUAGE_CODES:
            by_name |= Q(**{f"normalized_name_{code}__contains": needle})
        qs = qs.filter(by_name)
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sectors__code=sector)
    if place is not None:
        qs = qs.filter(Q(places_served=place) | Q(places_served__parent=place))
    if non_traditional:
        qs = qs.filter(non_traditional=True)
    # Sorted in Python by the reader's alphabet (see lib/collation): a collective has
    # hundreds of organizations, not millions, and no database collation is portable.
    rows = qs.distinct().select_related("collective").prefetch_related("sectors", "places_served")
    return sort_by_name(rows, key=lambda o: o.name)


def people_directory(
    *,
    collective: Collective,
    q: str = "",
    organization: Organization | None = None,
    viewer=None,
) -> list[Person]:
    """Active people of the collective's tree, with their collective and affiliations.

    A search matches names, and e-mail addresses only of people whose contact details the
    viewer may see: otherwise the search box would tell whose address it is.
    """
    qs = Person.objects.active().filter(collective_id__in=collective.tree_ids())
    if q:
        by_name = Q(name__icontains=q) | Q(name_latin__icontains=q)
        qs = qs.filter(by_name | Q(email__icontains=q))
        if viewer is not None:
            by_email_only = qs.exclude(by_name).select_related("collective")
            hidden = [p.pk for p in by_email_only if not privacy.visible(viewer, p, "email")]
            qs = qs.exclude(pk__in=hidden)
    if organization is not None:
        qs = qs.filter(affiliations__organization=organization, affiliations__end_date__isnull=True)
    rows = qs.distinct().select_related("collective").prefetch_related("affiliations__organization")
    return sort_by_name(rows, key=lambda p: p.display_name)


def members_by_kind(collective: Collective) -> list[tuple[str, int, int]]:
    """(kind label, organizations, of which non-traditional) for every kind present."""
    rows = (
        Organization.objects.active()
        .in_collective_tree(collective)
        .values("kind")
        .annotate(total=Count("pk"), non_traditional=Count("pk", filter=Q(non_traditional=True)))
        # modeltranslation makes Meta.ordering explicit, and Django then groups by it too
        # (one row per organization): no ordering here.
        .order_by()
    )
    labels = dict(OrganizationKind.choices)
    result = [
        (str(labels.get(r["kind"], r["kind"])), r["total"], r["non_traditional"]) for r in rows
    ]
    return sorted(result, key=lambda r: (-r[1], r[0]))


def collective_counts(collective: Collective) -> dict[str, int]:
    ids = collective.tree_ids()
    return {
        "organizations": Organization.objects.active().filter(collective_id__in=ids).count(),
        "people": Person.objects.active().filter(collective_id__in=ids).count(),
        "collectives": len(ids) - 1,
    }


def current_affiliations(person: Person):
    return person.affiliations.select_related("organization").order_by("end_date", "-start_date")


def organization_named(
    collective: Collective, text: str
) -> tuple[Organization | None, list[Organization]]:
    """The organization of the collective's tree that ``text`` names: its id, or its name in
    any language (compared as people write them: any case, any spacing) or its acronym.
    Returns it, or None with the organizations the name fits when it fits several."""
    organizations = Organization.objects.filter(collective_id__in=collective.tree_ids())
    text = str(text).strip()
    if text.isdigit():
        return organizations.filter(pk=int(text)).first(), []
    wanted = normalize_name(text)
    fits = [
        organization
        for organization in organizations
        if any(
            normalize_name(name) == wanted
            for name in [*translations(organization, "name").values(), organization.acronym]
            if name
        )
    ]
    if len(fits) == 1:
        return fits[0], []
    return None, fits
