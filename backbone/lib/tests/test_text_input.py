"""One check on typed text for the forms and the API: control characters refused, tab and line
breaks only in boxes of several lines; and what exports drop from text stored before."""

import pytest
from django import forms

from backbone.lib.forms import TextForm
from backbone.lib.text import control_character, xml_safe


class NoteForm(TextForm):
    name = forms.CharField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_control_characters_are_refused_in_every_box(char):
    form = NoteForm({"name": f"a{char}b", "note": f"a{char}b"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "note"}
    assert f"U+{ord(char):04X}" in form.errors["name"][0]


def test_line_breaks_and_tabs_only_in_a_box_of_several_lines():
    form = NoteForm({"name": "one\ttwo", "note": "line one\r\n\tline two"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert NoteForm({"name": "one two", "note": "line one\nline two"}).is_valid()


def test_passwords_are_left_to_the_password_rules():
    assert NoteForm({"secret": "pa\x1bss"}).is_valid()


def test_plain_text_in_any_script_is_accepted():
    for text in ("Фонд «Світанок»", "עמותה", "Hope – Foundation", "emoji 🙂"):
        assert control_character(text) is None


def test_xml_safe_keeps_tab_and_line_breaks_and_drops_the_rest():
    assert xml_safe("a\x00b\x1bc\td\ne\rf\ufffeg") == "abc\td\ne\rfg"
