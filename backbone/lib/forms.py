"""Form helpers: a service's ValidationError carried back onto a form, next to the field it
concerns; one box per language for translated content."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from backbone.lib.collation import sort_by_name
from backbone.lib.text import control_character
from backbone.lib.validators import control_character_message


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else item)
    else:
        for message in error.messages:
            form.add_error(None, message)


class TextForm(forms.Form):
    """The base of Backbone's forms: text with a control character (NUL, ESC, …) is refused
    beside its field, as the API refuses it; tab and line breaks only in a box of several
    lines. Checked once each field is cleaned, before the form's ``clean`` (which may look
    the text up in the database) and whatever fields a form adds in its ``__init__``."""

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue  # never shown or exported; the password rules are the judge
            char = control_character(value, multiline=isinstance(field.widget, forms.Textarea))
            if char is not None:
                self.add_error(name, control_character_message(char))


# How each language's box is labelled, and the writing direction its text takes.
_IN_LANGUAGE = {"en": _("in English"), "uk": _("in Ukrainian"), "he": _("in Hebrew")}
_RIGHT_TO_LEFT = {"he"}


def translated_fields(
    label, *, max_length: int | None = None, textarea: bool = False, help_text=""
) -> tuple[forms.CharField, ...]:
    """One optional box per language for a translated field, in the order of LANGUAGES:
    ``name_en, name_uk, name_he = translated_fields(_("Name"), max_length=200)``.
    A form that needs the text in some language says so in its ``clean``."""
    boxes = []
    for code, _name in settings.LANGUAGES:
        attrs = {"lang": code, "dir": "rtl" if code in _RIGHT_TO_LEFT else "ltr"}
        widget = forms.Textarea(attrs={**attrs, "rows": 3}) if textarea else forms.TextInput(attrs)
        boxes.append(
            forms.CharField(
                label=format_lazy("{} ({})", label, _IN_LANGUAGE.get(code, code)),
                max_length=max_length,
                required=False,
                widget=widget,
                help_text=help_text,
            )
        )
    return tuple(boxes)


def translated_initial(instance, *fields: str) -> dict[str, str]:
    """The boxes of ``translated_fields`` filled from what an object holds per language."""
    return {
        f"{field}_{code}": getattr(instance, f"{field}_{code}", None) or ""
        for field in fields
        for code, _name in settings.LANGUAGES
    }


def texts_given(cleaned_data: dict, field: str) -> dict[str, str]:
    return {
        code: cleaned_data.get(f"{field}_{code}") or ""
        for code, _name in settings.LANGUAGES
        if f"{field}_{code}" in cleaned_data
    }


class _CollatedIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        for obj in sort_by_name(queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


class CollatedModelChoiceField(forms.ModelChoiceField):
    """A select whose options (people, organizations) follow the reader's alphabet."""

    iterator = _CollatedIterator
