from django.utils import translation

from backbone.lib.collation import sort_by_name

NAMES = ["Євген", "Іван", "Андрій", "Ґанна", "Григорій"]


def test_ukrainian_names_sort_in_the_ukrainian_alphabet():
    assert sort_by_name(NAMES, language="uk") == ["Андрій", "Григорій", "Ґанна", "Євген", "Іван"]
    # Code points put Є and І first and Ґ last: what the lists showed before.
    assert sorted(NAMES) == ["Євген", "Іван", "Андрій", "Григорій", "Ґанна"]


def test_sorting_follows_the_language_the_page_is_read_in():
    people = [{"name": n} for n in ["Іван", "Євген", "Андрій"]]
    with translation.override("uk"):
        ordered = sort_by_name(people, key=lambda p: p["name"])
    assert [p["name"] for p in ordered] == ["Андрій", "Євген", "Іван"]


def test_hebrew_and_english_sort_by_their_own_alphabets():
    assert sort_by_name(["תמר", "אבי", "בני"], language="he") == ["אבי", "בני", "תמר"]
    assert sort_by_name(["émile", "Zoe", "adam"], language="en") == ["adam", "émile", "Zoe"]
