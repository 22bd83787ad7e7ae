"""Finding a place by what a person writes for it: its code, its OCHA p-code, any other code it
carries (``Place.codes``: ISO 3166-1 for a country, a national register's), or its name in
any of its languages, in the forms reporters type ("Kharkivska oblast", "Kharkiv oblast",
"Kharkiv region", "Харківська обл.", "Харківська").

An index is built once (per import) from places already loaded, as dicts; each distinct text is
looked up once and remembered, so a file that repeats a code costs one dict look-up a row."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

APOSTROPHES = "'’ʼ‘`´ʹ′"
_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/()]+")
# Words that say "first-level region", in the languages reporters write in; all read as one.
REGION = "oblast"
_REGION_WORDS = {
    "oblast",
    "oblasti",
    "obl",
    "region",
    "province",
    "область",
    "обл",
    "регіон",
    "מחוז",
}
# Ukrainian oblast names are adjectives ("Kharkivska oblast"); reporters often write the
# city they are named after instead ("Kharkiv oblast", "Sumy oblast", "Khmelnytskyi oblast").
_LATIN_ADJECTIVE = "ska"
_CYRILLIC_ADJECTIVES = ("ська", "цька", "зька")
MAX_CANDIDATES = 5


def _latin_unaccented(text: str) -> str:
    """Latin letters without their accents ("Ségou" and "Segou" are one region to a person
    typing a 3W); Cyrillic letters keep theirs (й and и, ї and і are different letters)."""
    out = []
    for char in text:
        if char.isascii() or not char.isalpha():
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        out.append(base[0] if base[0].isascii() else char)
    return "".join(out)


def place_key(text: str) -> str:
    """The form two names of a place are compared in: case-folded, accents composed (and
    dropped from Latin letters), no apostrophes, hyphens and dots as spaces, and any word for
    "region" as one trailing word."""
    text = unicodedata.normalize("NFC", str(text)).casefold().translate(_APOSTROPHE_TABLE)
    text = _latin_unaccented(text)
    words = _SEPARATORS.sub(" ", text).split()
    kept = [word for word in words if word not in _REGION_WORDS]
    if len(kept) < len(words) and kept:
        kept.append(REGION)
    return " ".join(kept)


def _without_region(key: str) -> str | None:
    suffix = " " + REGION
    return key[: -len(suffix)] if key.endswith(suffix) else None


def _city_forms(stem: str) -> set[str]:
    """What a reporter may write for an adjective-named region: "kharkivska" → kharkiv,
    kharkivsk; "sumska" → sumy; "poltavska" → poltava; "khmelnytska" → khmelnytskyi."""
    *before, last = stem.split(" ")
    forms: set[str] = set()
    if last.endswith(_LATIN_ADJECTIVE) and len(last) > 5:
        root = last[: -len(_LATIN_ADJECTIVE)]
        forms |= {root, root + "a", root + "y", last[:-1], last[:-1] + "yi"}
    if last.endswith(_CYRILLIC_ADJECTIVES) and len(last) > 6:
        forms.add(last[:-1])  # "харківськ", "донецьк"
        if last.endswith("ська"):
            forms.add(last[:-4])  # "харків"
    return {" ".join([*before, form]) for form in forms}


class PlaceNames:
    """Places found by code, p-code or name, from places loaded once (per import)."""

    def __init__(self, places: Iterable):
        self.places = list(places)
        self.codes: dict[str, object] = {}
        pcodes: dict[str, object] = {}
        others: dict[str, object] = {}
        for place in self.places:
            self.codes[place.code.upper()] = place
            if place.pcode:
                pcodes.setdefault(place.pcode.upper(), place)
            for code in (getattr(place, "codes", None) or {}).values():
                if isinstance(code, str) and code.strip():
                    others.setdefault(code.strip().upper(), place)
        # Our own code first, then the p-code, then other schemes': a code two schemes share
        # names the place whose own code it is.
        for pcode, place in pcodes.items():
            self.codes.setdefault(pcode, place)
        for code, place in others.items():
            self.codes.setdefault(code, place)
        self._tiers: tuple[dict[str, list], ...] | None = None
        self._found: dict[str, tuple[object | None, list]] = {}
        self._by_initial: dict[str, list[str]] | None = None

    @property
    def tiers(self) -> tuple[dict[str, list], ...]:
        """Three tiers of names, the first that knows a text decides: the full name, the name
        without its word for "region", and the city forms of an adjective-named region. Built
        at the first text that is not a code, so a file of codes never pays for it."""
        if self._tiers is None:
            tiers: tuple[dict[str, list], ...] = (
                defaultdict(list),
                defaultdict(list),
                defaultdict(list),
            )
            for place in self.places:
                for name in {place.name, *place.names.values()}:
                    key = place_key(name)
                    if not key:
                        continue
                    _add(tiers[0], key, place)
                    stem = _without_region(key)
                    if stem:
                        _add(tiers[1], stem, place)
                        for form in _city_forms(stem):
                            _add(tiers[2], f"{form} {REGION}", place)
            self._tiers = tiers
        return self._tiers

    def find(self, text) -> object | None:
        """The one place ``text`` names, or None (unknown, or more than one place)."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._look_up(str(text if text is not None else ""))
        return found[0]

    def candidates(self, text) -> list:
        """The places ``text`` could name when it names more than one."""
        self.find(text)
        return self._found[text][1]

    def refusal(self, text) -> str:
        """Why ``text`` names no one place: ambiguous (with the candidates) or unknown (with
        the nearest code or name, if one is near)."""
        shown = str(text if text is not None else "").strip()
        candidates = self.candidates(text)
        if candidates:
            return _("“%(text)s” could be %(places)s; write the code of the one you mean.") % {
                "text": shown,
                "places": _(" or ").join(f"{p.code} {p}" for p in candidates[:MAX_CANDIDATES]),
            }
        near = self.nearest(shown)
        hint = (
            _(" Did you mean “%(code)s %(name)s”?") % {"code": near.code, "name": near}
            if near
            else ""
        )
        return _("unknown place “%s”.") % shown + hint

    def nearest(self, text: str):
        """The place whose code (for a text with digits) or name is nearest to ``text``."""
        if any(ch.isdigit() for ch in text):
            match = difflib.get_close_matches(text.upper(), list(self.codes), n=1, cutoff=0.6)
            return self.codes[match[0]] if match else None
        key = place_key(text)
        if not key:
            return None
        if self._by_initial is None:
            # Reporters seldom misspell the first letter; comparing only names that share it
            # keeps a suggestion quick among tens of thousands of places.
            self._by_initial = defaultdict(list)
            for tier in self.tiers:
                for name in tier:
                    self._by_initial[name[0]].append(name)
        match = difflib.get_close_matches(key, self._by_initial.get(key[0], []), n=1, cutoff=0.7)
        if not match:
            return None
        for tier in self.tiers:
            places = tier.get(match[0])
            if places:
                return places[0]
        return None

    def _look_up(self, text: str) -> tuple[object | None, list]:
        text = text.strip()
        if not text:
            return None, []
        place = self.codes.get(text.upper())
        if place is not None:
            return place, []
        key = place_key(text)
        for tier in self.tiers:
            places = tier.get(key)
            if places:
                return (places[0], []) if len(places) == 1 else (None, places)
        # "UA-63 Kharkivska oblast", as a suggestion writes it: the code, then its own name.
        code, _space, rest = text.partition(" ")
        place = self.codes.get(code.upper())
        if place is not None and rest:
            rest_key = place_key(rest)
            if any(place in tier.get(rest_key, ()) for tier in self.tiers):
                return place, []
        return None, []


def _add(tier: dict[str, list], key: str, place) -> None:
    places = tier[key]
    if place not in places:
        places.append(place)
