import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backbone.network.models import Place
from backbone.network.places import (
    MAX_CSV_BYTES,
    PlacesError,
    places_load_country,
    places_load_csv,
)


@pytest.fixture
def ukraine(db):
    places_load_country(country_code="UA")


def test_ukraine_has_27_first_level_subdivisions_with_iso_codes(ukraine):
    oblasts = Place.objects.filter(level=1, parent__code="UA")
    assert oblasts.count() == 27
    lviv = oblasts.get(code="UA-46")
    assert lviv.name == "Lvivska oblast"
    assert lviv.names["uk"] == "Львівська область"


def test_loading_twice_updates_rather_than_duplicates(ukraine):
    result = places_load_country(country_code="UA")
    assert result.created == 0
    assert Place.objects.count() == 28


def test_any_country_pycountry_knows_works(db):
    places_load_country(country_code="MD")
    assert Place.objects.filter(parent__code="MD").count() > 30


def test_unknown_country_is_refused(db):
    with pytest.raises(PlacesError, match="Unknown country"):
        places_load_country(country_code="XX")


def test_csv_loads_raions_and_hromadas_in_any_order(ukraine):
    data = (
        "code,name,parent_code,name_uk\n"
        "UA4606001,Lviv hromada,UA4606,Львівська громада\n"
        "UA4606,Lvivskyi raion,UA-46,Львівський район\n"
    ).encode()
    result = places_load_csv(data=data)
    assert result.created == 2
    hromada = Place.objects.get(code="UA4606001")
    assert (hromada.level, hromada.parent.code, hromada.names["uk"]) == (
        3,
        "UA4606",
        "Львівська громада",
    )


def test_malformed_csv_is_refused_whole_with_line_numbers(ukraine):
    data = (
        b"code,name,parent_code\n"
        b"UA4606,Lvivskyi raion,UA-46\n"
        b"UA4608,,UA-46\n"
        b"UA4610,Somewhere,NOPE\n"
        b"UA4606,Again,UA-46\n"
        b"UA9999,Loop,UA9999\n"
    )
    with pytest.raises(PlacesError) as error:
        places_load_csv(data=data)
    problems = dict(error.value.problems)
    assert "name is empty" in problems[3]
    assert "NOPE" in problems[4]
    assert "line 2" in problems[5]
    assert "own parent" in problems[6]
    assert not Place.objects.filter(code="UA4606").exists()  # nothing partly loaded


def test_oversized_csv_is_refused(ukraine):
    with pytest.raises(PlacesError, match="limit"):
        places_load_csv(data=b"code,name,parent_code\n" + b"x" * MAX_CSV_BYTES)


def test_csv_without_the_columns_is_refused(ukraine):
    with pytest.raises(PlacesError, match="parent_code"):
        places_load_csv(data=b"id,title\n1,x\n")


def test_command_prints_each_problem_and_loads_nothing(ukraine, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("code,name,parent_code\nA,,UA-46\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_places", csv=path)
    assert "line 2: The name is empty." in capsys.readouterr().err
    assert not Place.objects.filter(code="A").exists()


def test_csv_load_does_not_query_per_row(ukraine, django_assert_max_num_queries):
    rows = ["code,name,parent_code", "R1,Raion,UA-46"]
    rows += [f"H{i},Hromada {i},R1" for i in range(200)]
    data = "\n".join(rows).encode()
    with django_assert_max_num_queries(15):
        places_load_csv(data=data)
    assert Place.objects.filter(parent__code="R1").count() == 200


def test_reloading_a_csv_updates_names_without_duplicating(ukraine):
    places_load_csv(data=b"code,name,parent_code\nR1,Old name,UA-46\nH1,Hromada,R1\n")
    result = places_load_csv(data=b"code,name,parent_code\nR1,New name,UA-46\nH1,Hromada,R1\n")
    assert (result.created, result.updated) == (0, 2)
    assert Place.objects.get(code="R1").name == "New name"
    assert Place.objects.get(code="H1").parent.code == "R1"
