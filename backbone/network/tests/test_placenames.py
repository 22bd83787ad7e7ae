"""Finding a place by what a reporter writes: code, p-code, or a name in any language."""

import pytest
from django.utils import translation

from backbone.network.models import Place
from backbone.network.placenames import PlaceNames, place_key

KHARKIV = Place(
    code="UA-63", pcode="UA63", name="Kharkivska oblast", names={"uk": "Харківська область"}
)
KYIV_OBLAST = Place(
    code="UA-32", pcode="UA32", name="Kyivska oblast", names={"uk": "Київська область"}
)
KYIV_CITY = Place(code="UA-30", pcode="UA80", name="Kyiv", names={"uk": "Київ"})
SUMY = Place(code="UA-59", pcode="UA59", name="Sumska oblast", names={"uk": "Сумська область"})
# Two hromadas of one name in different oblasts: a name alone cannot say which.
NOVA_1 = Place(code="UA-63-010", name="Novovodolazka", names={})
NOVA_2 = Place(code="UA-59-020", name="Novovodolazka", names={})
NAMES = PlaceNames([KHARKIV, KYIV_OBLAST, KYIV_CITY, SUMY, NOVA_1, NOVA_2])


@pytest.mark.parametrize(
    "text",
    [
        "UA-63",
        "ua-63 ",
        "UA63",  # the OCHA p-code
        "Kharkivska oblast",
        "kharkivska OBLAST",
        "Kharkivs’ka oblast’",
        "Kharkivs'ka oblast",
        "Kharkivska",
        "Kharkiv oblast",
        "Kharkiv region",
        "Kharkiv-oblast",
        "Харківська область",
        "Харківська обл.",
        "Харківська",
        "UA-63 Kharkivska oblast",  # as a suggestion writes it
    ],
)
def test_a_place_is_found_by_its_code_pcode_or_any_of_its_names(text):
    assert NAMES.find(text) is KHARKIV


def test_a_city_and_the_region_named_after_it_are_told_apart():
    assert NAMES.find("Kyiv") is KYIV_CITY
    assert NAMES.find("Київ") is KYIV_CITY
    assert NAMES.find("Kyiv oblast") is KYIV_OBLAST
    assert NAMES.find("Kyiv region") is KYIV_OBLAST
    assert NAMES.find("Київська обл") is KYIV_OBLAST
    assert NAMES.find("UA80") is KYIV_CITY  # its p-code differs from its ISO number
    assert NAMES.find("Sumy oblast") is SUMY


def test_a_name_two_places_share_is_refused_naming_both():
    assert NAMES.find("Novovodolazka") is None
    assert NAMES.candidates("novovodolazka") == [NOVA_1, NOVA_2]
    message = NAMES.refusal("Novovodolazka")
    assert "UA-63-010 Novovodolazka" in message
    assert "UA-59-020 Novovodolazka" in message
    assert "write the code" in message


def test_a_near_miss_gets_a_suggestion_by_name_and_code():
    assert NAMES.find("Kharkivska oblst") is None
    assert NAMES.refusal("Kharkivska oblst") == (
        "unknown place “Kharkivska oblst”. Did you mean “UA-63 Kharkivska oblast”?"
    )
    assert (
        NAMES.refusal("Kharkov")
        == "unknown place “Kharkov”. Did you mean “UA-63 Kharkivska oblast”?"
    )
    assert NAMES.refusal("UA-64").endswith("Did you mean “UA-63 Kharkivska oblast”?")


def test_the_suggestion_names_the_place_in_the_readers_language():
    with translation.override("uk"):
        assert NAMES.refusal("Харкывська") == (
            "невідома територія «Харкывська». Можливо, ви мали на увазі «UA-63 Харківська область»?"
        )


def test_something_far_from_every_place_gets_no_suggestion():
    assert NAMES.refusal("Atlantis") == "unknown place “Atlantis”."
    assert NAMES.find("") is None
    assert NAMES.find(None) is None


def test_place_key_reads_apostrophes_hyphens_and_region_words_alike():
    assert (
        place_key("Kharkivs’ka  Oblast’") == place_key("kharkivs'ka-oblast") == "kharkivska oblast"
    )
    assert place_key("Харківська обл.") == place_key("Харківська область") == "харківська oblast"
    assert place_key("Kharkiv Region") == "kharkiv oblast"


def test_a_file_of_codes_never_builds_the_name_index():
    names = PlaceNames([KHARKIV, KYIV_CITY])
    assert names.find("UA-63") is KHARKIV and names.find("UA80") is KYIV_CITY
    assert names._tiers is None
    assert names.find("Kharkiv oblast") is KHARKIV
    assert names._tiers is not None
