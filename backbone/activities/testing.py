"""A small 3W world for tests: the World's national collective placed in Ukraine with two
oblasts and a raion, a vocabulary of kinds and groups, and Mali with its regions for the real
OCHA 3W file in ../shared/data/hxl."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backbone.activities.models import ActivityKind, Group
from backbone.network.models import Collective, Place
from backbone.network.places import places_load_country
from backbone.testing import CollectiveFactory

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
MALI_3W = SHARED / "hxl" / "showcase-rowca-3w-hxl.csv"


@dataclass
class ThreeW:
    world: object
    country: Place
    lviv: Place
    kharkiv: Place
    raion: Place
    parenting: ActivityKind
    foster: ActivityKind
    disability: Group
    leavers: Group


def build_three_w(world) -> ThreeW:
    country = Place.objects.create(code="UA", name="Ukraine", level=0)
    lviv = Place.objects.create(code="UA-46", name="Lvivska oblast", parent=country, level=1)
    kharkiv = Place.objects.create(code="UA-63", name="Kharkivska oblast", parent=country, level=1)
    raion = Place.objects.create(code="UA4606", name="Lvivskyi raion", parent=lviv, level=2)
    Collective.objects.filter(pk=world.national.pk).update(place=country)
    Collective.objects.filter(pk=world.oblast.pk).update(place=lviv)
    world.national.refresh_from_db()
    world.oblast.refresh_from_db()
    parenting = ActivityKind.objects.create(
        collective=world.national,
        code="parenting",
        name_en="Parenting programme",
        strategy="case-management",
        sector="protection",
    )
    foster = ActivityKind.objects.create(
        collective=world.national,
        code="foster-training",
        name_en="Foster-carer training",
        strategy="foster-recruitment",
    )
    disability = Group.objects.create(
        collective=world.national, code="disability", name_en="Children with disabilities"
    )
    leavers = Group.objects.create(
        collective=world.national, code="care-leavers", name_en="Care leavers"
    )
    return ThreeW(world, country, lviv, kharkiv, raion, parenting, foster, disability, leavers)


def build_rowca() -> tuple[Collective, dict[str, ActivityKind]]:
    """A collective for West and Central Africa (no one place: Mali and Senegal, with their
    regions), a kind of activity per cluster of OCHA's 3W."""
    places_load_country(country_code="ML")
    places_load_country(country_code="SN")
    mali = CollectiveFactory(slug="rowca", name="West and Central Africa")
    kinds = {}
    for code, name in [
        ("education", "Education"),
        ("food-security", "Food Security"),
        ("protection", "Protection"),
        ("wash", "Water Sanitation & Hygiene"),
        ("nutrition", "Nutrition"),
        ("health", "Health"),
        ("shelter", "Shelter"),
        ("early-recovery", "Early Recovery"),
        ("logistics", "Logistics"),
    ]:
        kinds[code] = ActivityKind.objects.create(collective=mali, code=code, name_en=name)
    return mali, kinds
