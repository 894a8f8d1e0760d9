"""The house's words for the messages WTForms writes itself.

WTForms passes each message it composes ("This field is required.", "Not a valid integer
value.", "Number must be between 1 and 20.") through the field's translations. Every form of
the app binds its fields with a FieldWording (teahouse.forms), which answers with a message
that says what is wrong and how to put it right, in the words of the field's kind. A form's
own message (`message=` on a validator) is never replaced; a message unknown here passes as
it is.
"""

import functools

from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    FileField,
    FloatField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TimeField,
)

# What each kind of field asks for when it is left empty: the first kind it is of decides.
_MISSING = (
    (BooleanField, "Tick the box to go on."),
    (SelectMultipleField, "Choose at least one."),
    (SelectField | RadioField, "Choose one of the options."),
    (IntegerField, "Enter a whole number."),
    (DecimalField | FloatField, "Enter a number."),
    # Dates and times before date-and-time: WTForms derives them from it.
    (DateField, "Enter a date."),
    (TimeField, "Enter a time."),
    (DateTimeField, "Enter a date and a time."),
    (EmailField, "Enter an email address."),
    (PasswordField, "Enter the password."),
    (FileField, "Choose a file."),
)
# No colon inside: the summary above a form writes "Name: " before it.
_MISSING_TEXT = "Fill this in."

# A year is a whole number too, but "such as 12" would read oddly under one.
NOT_A_YEAR = "Enter a year, such as 2019."

_CHOOSE_LISTED = "Choose one of the options shown."
_NUMBER = "Enter a number, such as 2.5."

# WTForms' English messages (wtforms 3), and ours. %(...)s placeholders are filled in by the
# validator after this answers, with the same names.
_MESSAGES = {
    "Not a valid integer value.": "Enter a whole number, such as 12.",
    "Not a valid decimal value.": _NUMBER,
    "Not a valid float value.": _NUMBER,
    "Not a valid date value.": "Enter a date, such as 2026-03-14.",
    "Not a valid datetime value.": "Enter a date and a time, such as 2026-03-14 19:30.",
    "Not a valid time value.": "Enter a time, such as 19:30.",
    "Not a valid week value.": "Enter a week, such as 2026-W11.",
    "Not a valid choice.": _CHOOSE_LISTED,
    "Invalid Choice: could not coerce.": _CHOOSE_LISTED,
    "Number must be at least %(min)s.": "Enter %(min)s or more.",
    "Number must be at most %(max)s.": "Enter %(max)s or less.",
    "Number must be between %(min)s and %(max)s.": "Enter a number from %(min)s to %(max)s.",
    "Date must be at least %(min)s.": "Enter %(min)s or a later date.",
    "Date must be at most %(max)s.": "Enter %(max)s or an earlier date.",
    "Date must be between %(min)s and %(max)s.": "Enter a date from %(min)s to %(max)s.",
    "Field must be equal to %(other_name)s.": "Type the same as in “%(other_label)s”.",
    "Invalid email address.": "Enter an email address, such as name@example.com.",
    "Invalid URL.": "Enter a web address, such as https://example.com.",
    "Invalid input.": "Check what you typed here: it is not in the form this needs.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Choose only from the options shown."
    ),
    "Invalid value, must be one of: %(values)s.": "Choose one of: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Use something other than %(values)s.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Use %(min)d to %(max)d characters (this has %(length)d)."
    ),
}
# (singular, plural) pairs: the count decides, as in English.
_COUNTED = {
    "Field must be at least %(min)d character long.": "Use at least %(min)d character.",
    "Field must be at least %(min)d characters long.": "Use at least %(min)d characters.",
    "Field cannot be longer than %(max)d character.": (
        "Use at most %(max)d character (this has %(length)d)."
    ),
    "Field cannot be longer than %(max)d characters.": (
        "Use at most %(max)d characters (this has %(length)d)."
    ),
    "Field must be exactly %(max)d character long.": "Use exactly %(max)d character.",
    "Field must be exactly %(max)d characters long.": "Use exactly %(max)d characters.",
    "'%(value)s' is not a valid choice for this field.": "Choose only from the options shown.",
    "'%(value)s' are not valid choices for this field.": "Choose only from the options shown.",
}


class FieldWording:
    """The translations of one kind of field: WTForms asks it for every message it writes."""

    def __init__(self, missing: str):
        self.missing = missing

    def gettext(self, string: str) -> str:
        if string == "This field is required.":
            return self.missing
        return _MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        chosen = singular if n == 1 else plural
        return _COUNTED.get(chosen, chosen)


@functools.cache
def wording_for(field_class: type) -> FieldWording:
    """One FieldWording per kind of field (fields of a kind share their words)."""
    missing = next(
        (text for kinds, text in _MISSING if issubclass(field_class, kinds)), _MISSING_TEXT
    )
    return FieldWording(missing)


# A form's own messages where several forms share a limit. Each says what the field holds and
# what to enter, as a plain statement: "A vessel holds 20 to 3000 ml.", never a bare range
# ("Between 20 and 3000 ml.") that leaves the reader to work out which box it is about.
VESSEL_ML = "A vessel holds 20 to 3000 ml."
PURCHASE_GRAMS = "A purchase is 0.1 to 100,000 grams of leaf."
RUNNING_LOW_GRAMS = "A tea runs low at 0 to 100,000 grams."
