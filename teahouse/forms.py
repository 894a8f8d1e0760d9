"""Form pieces shared by several blueprints, and the rules every field of every form follows."""

import functools
import math
import re
from decimal import Decimal
from functools import lru_cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from markupsafe import Markup, escape
from werkzeug.exceptions import BadRequest
from wtforms import (
    DecimalField,
    FieldList,
    FloatField,
    Form,
    IntegerField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from teahouse import formhtml
from teahouse.formhtml import html_params
from teahouse.wording import wording_for

# Every form of the app renders its attributes the quick way (see teahouse.formhtml).
formhtml.install()

# C0 controls, DEL and C1 controls: never typed on purpose, and PostgreSQL refuses NUL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_CONTROL_BUT_TAB_AND_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")
# No stored or computed number of Teahouse comes near this; larger ones are typing accidents
# or attacks (and would overflow a database integer or a float conversion).
LARGEST_NUMBER = 10**12
# Rows of a party's menu a form may carry, whatever the view's own cap for one party.
MENU_ROWS_CEILING = 200


def single_line(value):
    """A one-line field keeps no line break, tab or other control character (they become a
    space): such text ends up in headings, email subjects and CSV cells."""
    return _CONTROL_CHARACTERS.sub(" ", value) if isinstance(value, str) else value


def multi_line(value):
    """A text area keeps its lines (any line end becomes \\n) and tabs, and no other control
    character."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_BUT_TAB_AND_NEWLINE.sub("", value)


def _number_fits(value) -> bool:
    if value is None:
        return True
    if isinstance(value, Decimal) and not value.is_finite():  # NaN, sNaN, Infinity
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= LARGEST_NUMBER


class _SizedNumber:
    """A number field that turns a huge, infinite or NaN number into a field error at once,
    before any validator or view converts it (OverflowError) or stores it."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if not _number_fits(self.data):
            self.data = None
            raise ValueError(
                f"Enter a number between \u2212{LARGEST_NUMBER:,} and {LARGEST_NUMBER:,}."
            )

    def validate(self, form, extra_validators=()):
        # What was typed is not a number: say so once, not also that "nothing" is out of range.
        # (Left empty, Optional() still decides: it clears the error of an empty number.)
        typed = self.raw_data and str(self.raw_data[0]).strip()
        if self.process_errors and typed:
            self.errors = list(self.process_errors)
            return False
        return super().validate(form, extra_validators)


@functools.cache
def _sized(field_class):
    return type(field_class.__name__, (_SizedNumber, field_class), {})


class _FieldRulesMeta:
    """Applied to every field when a form is bound: text is cleaned, numbers are sized, and
    the messages WTForms writes itself come in the house's words (teahouse.wording)."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        options = dict(options, translations=wording_for(field_class))
        if issubclass(field_class, IntegerField | DecimalField | FloatField):
            unbound_field = UnboundField(
                _sized(field_class),
                *unbound_field.args,
                name=unbound_field.name,
                **unbound_field.kwargs,
            )
        elif issubclass(field_class, TextAreaField):
            filters = [multi_line, *unbound_field.kwargs.get("filters", ())]
            options = dict(options, filters=filters)
        elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            filters = [single_line, *unbound_field.kwargs.get("filters", ())]
            options = dict(options, filters=filters)
        return unbound_field.bind(form=form, **options)


class AppForm(FlaskForm):
    """Every Teahouse form: CSRF-protected, text cleaned, numbers sized, rows bounded.

    `entry_caps` lowers the most rows a BoundedFieldList takes for this one request (the
    party's plus-one cap, the menu's size), before the submitted rows are read.
    """

    class Meta(_FieldRulesMeta):
        pass

    def __init__(self, *args, entry_caps: dict[str, int] | None = None, **kwargs):
        self._entry_caps = entry_caps or {}
        super().__init__(*args, **kwargs)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        for name, cap in self._entry_caps.items():
            self._fields[name].max_entries = cap
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)


class SubForm(Form):
    """Rows inside a form (FieldList entries) and query-string forms, with the same rules."""

    class Meta(_FieldRulesMeta):
        pass


class PlainDecimalField(DecimalField):
    """A number as people write it: 12, 6.5, 0.75, not 12.0 or 1.00 beside "12 g" on the same
    page. What the person typed comes back exactly as typed."""

    def _value(self):
        text = super()._value()
        if not self.raw_data and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text


class BoundedFieldList(FieldList):
    """Rows of a form, never more than they can mean: a request with more rows than
    `max_entries` is refused (400) before a single row is built or rendered again."""

    def __init__(self, unbound_field, label=None, validators=None, *, max_entries, **kwargs):
        super().__init__(unbound_field, label, validators, max_entries=max_entries, **kwargs)

    def process(self, formdata, data=unset_value, extra_filters=None):
        if formdata:
            rows = set(self._extract_indices(self.name, formdata))
            if len(rows) > self.max_entries:
                raise BadRequest(f"At most {self.max_entries} rows can be sent here.")
        super().process(formdata, data, extra_filters=extra_filters)


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a SelectField or RadioField."""
    return [SelectChoice(value, label) for value, label in pairs]


class CachedSelect(Select):
    """A select whose long, unchanging option list (the time zones) is rendered once per
    selected value, then reused: escaping 400 options costs more than the rest of a form.
    Choices with an optgroup are listed in <optgroup>s, as WTForms' own Select does."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in dir(flags):
            if name in self.validation_attrs and name not in kwargs:
                kwargs[name] = getattr(flags, name)
        grouped = field.iter_groups() if field.has_groups() else [(None, field.iter_choices())]
        groups = tuple(
            (
                group,
                tuple(
                    (str(choice.value), str(choice.label or choice.value), bool(choice.selected))
                    for choice in choices
                ),
            )
            for group, choices in grouped
        )
        select = Markup(f"<select {html_params(name=field.name, **kwargs)}>")
        return select + _options_html(groups) + Markup("</select>")


@lru_cache(maxsize=256)
def _options_html(groups: tuple) -> Markup:
    html = Markup("")
    for group, choices in groups:
        options = Markup("").join(
            Markup(f"<option {html_params(value=value, selected=selected)}>")
            + escape(label)
            + Markup("</option>")
            for value, label, selected in choices
        )
        if group is None:
            html += options
        else:
            html += Markup(f"<optgroup {html_params(label=group)}>") + options
            html += Markup("</optgroup>")
    return html


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def image_field(label: str, description: str) -> FileField:
    """An image to upload (a film's poster, a tea's photo): the browser offers JPEG, PNG and
    WebP files, the formats teahouse.images decodes; that decoding is the real check."""
    return FileField(
        label,
        validators=[
            FileAllowed(["jpg", "jpeg", "png", "webp"], "Choose a JPEG, PNG or WebP image.")
        ],
        description=description,
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )


def _currency_code(value):
    return value.strip().upper() if isinstance(value, str) else value


def currency_field(label: str, **kwargs) -> StringField:
    """A three-letter currency code such as EUR, taken in capitals whatever was typed: the
    host's usual currency and a purchase's follow the same rule."""
    return StringField(
        label,
        validators=[
            InputRequired(),
            Regexp(r"^[A-Z]{3}$", message="Use a three-letter code such as EUR or USD."),
        ],
        filters=[_currency_code],
        **kwargs,
    )


class TagListField(StringField):
    """Comma-separated tags in the form, a list of distinct lower-case tags in Python."""

    max_tags = 20
    max_length = 40

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        text = single_line(valuelist[0]) if valuelist else ""
        tags = [" ".join(part.split()).lower() for part in text.split(",")]
        self.data = list(dict.fromkeys(tag for tag in tags if tag))

    def pre_validate(self, form):
        if len(self.data or []) > self.max_tags:
            raise ValidationError(f"Give at most {self.max_tags} tags, separated by commas.")
        for tag in self.data or []:
            if len(tag) > self.max_length:
                raise ValidationError(f"A tag can be at most {self.max_length} characters.")


class ConfirmForm(AppForm):
    """An empty form for a confirmed POST (delete, sign out): its CSRF token is the point."""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of labelled checkboxes; never more values than choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        if self.choices is not None and len(valuelist) > len(list(self.choices)):
            raise BadRequest("More choices were sent than there are.")
        super().process_formdata(valuelist)

    def rendered_options(self) -> list[tuple[Markup, str]]:
        """(the checkbox's markup, its label) for each choice, as iterating the field gives them.

        Iterating builds a WTForms field per choice (about 40 µs a checkbox); a checkbox's markup
        depends only on what the key holds (the field's kind, id, name, attributes and flags,
        and the choice's place, value, label, state and attributes), so WTForms renders it once
        per worker and the markup is reused.
        """
        field = (type(self), self.id, self.name, repr(self.render_kw), repr(self.flags))
        keys = [(*field, n, repr(choice)) for n, choice in enumerate(self.iter_choices())]
        options = [_RENDERED_OPTIONS.get(key) for key in keys]
        if None in options:
            options = [(option(), option.label.text) for option in self]
            if len(_RENDERED_OPTIONS) + len(keys) > MAX_RENDERED_OPTIONS:
                _RENDERED_OPTIONS.clear()
            _RENDERED_OPTIONS.update(zip(keys, options, strict=True))
        return options


# Bounded: a long list (a guest's favourite teas) cannot make a worker's memory grow for good.
MAX_RENDERED_OPTIONS = 4096
_RENDERED_OPTIONS: dict[tuple, tuple[Markup, str]] = {}


class NameListField(StringField):
    """Comma-separated names (directors, cast, genres) as a list, case kept."""

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        text = single_line(valuelist[0]) if valuelist else ""
        names = [" ".join(part.split()) for part in text.split(",")]
        self.data = list(dict.fromkeys(name for name in names if name))

    def pre_validate(self, form):
        if len(self.data or []) > 30:
            raise ValidationError("List at most 30 names, separated by commas.")
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
