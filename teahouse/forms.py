"""Form pieces shared by several blueprints."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    Form,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


def single_line(value):
    """A one-line field keeps no line break, tab or other control character (they become a
    space): such text ends up in headings, email subjects and CSV cells."""
    return _CONTROL_CHARACTERS.sub(" ", value) if isinstance(value, str) else value


class _SingleLineMeta:
    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(
            field_class, (TextAreaField, PasswordField)
        ):
            filters = [single_line, *unbound_field.kwargs.get("filters", ())]
            options = dict(options, filters=filters)
        return unbound_field.bind(form=form, **options)


class AppForm(FlaskForm):
    """Every Teahouse form: CSRF-protected, and one-line fields stay on one line."""

    class Meta(_SingleLineMeta):
        pass


class SubForm(Form):
    """Rows inside a form (FieldList entries) and query-string forms, with the same rule."""

    class Meta(_SingleLineMeta):
        pass


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a SelectField or RadioField."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class TagListField(StringField):
    """Comma-separated tags in the form, a list of distinct lower-case tags in Python."""

    max_tags = 20
    max_length = 40

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        tags = [" ".join(part.split()).lower() for part in text.split(",")]
        self.data = list(dict.fromkeys(tag for tag in tags if tag))

    def pre_validate(self, form):
        if len(self.data or []) > self.max_tags:
            raise ValidationError(f"At most {self.max_tags} tags.")
        for tag in self.data or []:
            if len(tag) > self.max_length:
                raise ValidationError(f"A tag can be at most {self.max_length} characters.")


class ConfirmForm(AppForm):
    """An empty form for a confirmed POST (delete, sign out): its CSRF token is the point."""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of labelled checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NameListField(StringField):
    """Comma-separated names (directors, cast, genres) as a list, case kept."""

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        names = [" ".join(part.split()) for part in text.split(",")]
        self.data = list(dict.fromkeys(name for name in names if name))

    def pre_validate(self, form):
        if len(self.data or []) > 30:
            raise ValidationError("At most 30 names.")
        if any(len(name) > 120 for name in self.data or []):
            raise ValidationError("A name can be at most 120 characters.")


HALF_STARS = [(f"{r / 2:g}", f"{r / 2:g} of 5") for r in range(1, 11)]


def float_or_none(value):
    return float(value) if value not in (None, "") else None


class StarRatingField(RadioField):
    """Half stars from 0.5 to 5 as radios, with "Not rated" first.

    Nothing is ever picked for the person: an untouched control submits no value, which is
    "not rated" (None), never the lowest star. The template draws the radios as stars.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", options([("", "Not rated")] + HALF_STARS))
        kwargs.setdefault("coerce", float_or_none)
        kwargs.setdefault("default", None)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        # A browser sends nothing for a radio group left alone: that is "not rated".
        super().process_formdata(valuelist or [""])
