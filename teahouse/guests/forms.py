"""The guest form and the address book's search."""

from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from teahouse.forms import AppForm, MultiCheckboxField, SubForm, options, strip_filter
from teahouse.models.guest import DIETARY_TAGS
from teahouse.submissions import OnceOnly

CAFFEINE_PREFERENCES = [
    ("any", "Any tea"),
    ("low", "Low caffeine only"),
    ("none", "No caffeine"),
]


class GuestForm(AppForm):
    name = StringField(
        "Name", validators=[InputRequired(), Length(max=120)], filters=[strip_filter]
    )
    email = EmailField(
        "Email",
        validators=[Optional(), Length(max=254), Email(check_deliverability=False)],
        filters=[strip_filter],
        description="Optional: for sending the invitation by email.",
    )
    phone = StringField(
        "Phone",
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^[0-9 +().\-/]+$", message="A phone number has digits, spaces and + ( ) - only."
            ),
        ],
        filters=[strip_filter],
    )
    dietary_tags = MultiCheckboxField(
        "Dietary needs", choices=options((t, t) for t in DIETARY_TAGS)
    )
    dietary_notes = StringField(
        "Other dietary needs", validators=[Length(max=500)], filters=[strip_filter]
    )
    caffeine = RadioField("Caffeine", choices=options(CAFFEINE_PREFERENCES), default="any")
    favourite_teas = MultiCheckboxField("Favourite teas", coerce=int)
    notes = TextAreaField("Notes", validators=[Length(max=5000)], filters=[strip_filter])


class NewGuestForm(OnceOnly, GuestForm):
    """A guest added once, however often the form is sent."""


class GuestSearchForm(SubForm):
    q = StringField("Search guests", validators=[Length(max=100)], filters=[strip_filter])
