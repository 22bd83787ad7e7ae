"""How figures, ranges and codes are written into pages: grouped in the reader's language and
isolated, so right-to-left text does not reorder them."""

import pytest
from django.template import engines
from django.utils import translation

from backbone.lib.bidi import direction_of


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load measurement %}" + source).render(context)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "2,901"), ("uk", "2\u00a0901"), ("he", "2,901")],
)
def test_figures_are_grouped_in_the_readers_language(language, shown):
    with translation.override(language):
        assert render("{{ v|figure }}", v=2901) == f'<bdi dir="ltr">{shown}</bdi>'


def test_a_negative_figure_is_isolated_left_to_right_so_its_minus_stays_in_front():
    with translation.override("he"):
        assert render("{{ v|figure }}", v=-12.5) == '<bdi dir="ltr">-12.5</bdi>'


def test_a_missing_figure_is_a_dash():
    assert render("{{ v|figure }}", v=None) == "—"


@pytest.mark.parametrize(
    ("label", "direction"),
    [("0–2", "ltr"), ("14–17", "ltr"), ("Girls", "ltr"), ("בנות", "rtl"), ("2025-Q1", "ltr")],
)
def test_a_label_is_isolated_in_the_direction_of_its_first_letter_else_left_to_right(
    label, direction
):
    assert direction_of(label) == direction
    assert render("{{ c|isolate }}", c=label) == f'<bdi dir="{direction}">{label}</bdi>'


def test_codes_are_isolated_left_to_right_and_still_escaped():
    assert render("{{ c|ltr }}", c="UA-46") == '<bdi dir="ltr">UA-46</bdi>'
    assert render("{{ c|isolate }}", c="<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'


def test_text_inside_isolates_does_not_decide_the_direction():
    # "⁨0–2⁩ · ⁨בנות⁩": each part is set apart; nothing outside them is strong.
    assert direction_of("\u20680–2\u2069 · \u2068בנות\u2069") == "ltr"
    assert direction_of("\u2068Girls\u2069 בנות") == "rtl"
