"""Forms of parties: the party itself, cloning, the guest list, the menu, marking it held."""

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from teahouse.forms import (
    MENU_ROWS_CEILING,
    AppForm,
    BoundedFieldList,
    CachedSelect,
    MultiCheckboxField,
    PlainDecimalField,
    SubForm,
    strip_filter,
)
from teahouse.models.party import MAX_PLUS_ONE_CAP
from teahouse.parties.timing import NonexistentTime, local_to_utc
from teahouse.submissions import OnceOnly
from teahouse.timezones import timezone_choices
from teahouse.utc import TIME_YEARS, TIME_YEARS_TEXT

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class _TimesMixin:
    """Start, end and deadline are entered as local times of the chosen zone."""

    def utc(self, name: str):
        """The validated field `name` as naive UTC, for storage."""
        return self._utc.get(name)

    def _convert_times(self, names, zone: str) -> bool:
        self._utc = {}
        ok = True
        for name in names:
            field = self[name]
            if field.data is None:
                self._utc[name] = None
                continue
            if field.data.year not in TIME_YEARS:  # checked first: converting could overflow
                field.errors.append(f"Choose a date in {TIME_YEARS_TEXT}.")
                ok = False
                continue
            try:
                self._utc[name] = local_to_utc(field.data, zone)
            except NonexistentTime as error:
                field.errors.append(str(error))
                ok = False
        return ok


class PartyForm(_TimesMixin, AppForm):
    title = StringField(
        "Title", validators=[InputRequired(), Length(max=120)], filters=[strip_filter]
    )
    description = TextAreaField(
        "Description", validators=[Length(max=5000)], filters=[strip_filter]
    )
    starts_at = DateTimeLocalField("Starts", format=LOCAL_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField(
        "Ends",
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description="Leave blank to follow the screening's running order (or three hours).",
    )
    timezone = SelectField("Time zone", choices=timezone_choices, widget=CachedSelect())
    location = StringField(
        "Location",
        validators=[Length(max=300)],
        filters=[strip_filter],
        description="The address, as guests should read it.",
    )
    location_confirmed_only = BooleanField(
        "Show the address only to confirmed guests", default=True
    )
    capacity = IntegerField(
        "Capacity (people, plus-ones included)",
        validators=[
            Optional(),
            NumberRange(min=1, max=1000, message="A party has room for 1 to 1000 people."),
        ],
        description="Leave blank for no limit. A yes that does not fit goes on the waitlist.",
    )
    rsvp_deadline = DateTimeLocalField(
        "Answer by",
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description="Optional. After it, answers can no longer be changed.",
    )
    plus_ones_allowed = BooleanField("Guests may bring plus-ones")
    plus_one_cap = IntegerField(
        "Plus-ones per guest",
        default=1,
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_PLUS_ONE_CAP,
                message=f"Each guest may bring 0 to {MAX_PLUS_ONE_CAP} plus-ones.",
            ),
        ],
    )
    maybe_allowed = BooleanField("Allow “maybe” as an answer", default=True)
    version = HiddenField()

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not self._convert_times(("starts_at", "ends_at", "rsvp_deadline"), self.timezone.data):
            return False
        if self._utc["ends_at"] is not None and self._utc["ends_at"] <= self._utc["starts_at"]:
            self.ends_at.errors.append("The party must end after it starts.")
            return False
        deadline = self._utc["rsvp_deadline"]
        if deadline is not None and deadline > self._utc["starts_at"]:
            self.rsvp_deadline.errors.append("The deadline must be before the party starts.")
            return False
        return True


class NewPartyForm(OnceOnly, PartyForm):
    """A party planned once, however often the form is sent."""


class CloneForm(OnceOnly, _TimesMixin, AppForm):
    title = StringField(
        "Title", validators=[InputRequired(), Length(max=120)], filters=[strip_filter]
    )
    starts_at = DateTimeLocalField("Starts", format=LOCAL_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField("Ends", format=LOCAL_FORMAT, validators=[InputRequired()])

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not self._convert_times(("starts_at", "ends_at"), self.zone):
            return False
        if self._utc["ends_at"] <= self._utc["starts_at"]:
            self.ends_at.errors.append("The party must end after it starts.")
            return False
        return True


class InviteForm(AppForm):
    guests = MultiCheckboxField("Guests to invite", coerce=int)

    def validate_guests(self, field):
        if not field.data:
            raise ValidationError("Tick at least one guest.")


class MenuAddForm(AppForm):
    tea_id = SelectField("Tea", coerce=int)


class MenuItemForm(AppForm):
    cups_each = IntegerField(
        "Cups per drinker",
        validators=[
            InputRequired(),
            NumberRange(min=1, max=20, message="Each drinker has 1 to 20 cups."),
        ],
    )
    vessel_ml = IntegerField(
        "Cup size (ml)",
        validators=[
            Optional(),
            NumberRange(min=20, max=3000, message="A cup holds 20 to 3000 ml."),
        ],
    )


class ServedTeaForm(SubForm):
    item_id = HiddenField()
    grams = PlainDecimalField(
        "Grams served",
        places=1,
        validators=[
            InputRequired(),
            NumberRange(min=0, max=10_000, message="A tea served is 0 to 10,000 grams."),
        ],
    )


class HoldForm(AppForm):
    # One row per tea on the menu (the view caps it at the menu's size).
    served = BoundedFieldList(FormField(ServedTeaForm), "Tea", max_entries=MENU_ROWS_CEILING)


class CancelForm(AppForm):
    note = TextAreaField(
        "A word to your guests (optional)",
        validators=[Length(max=2000)],
        filters=[strip_filter],
        description="It leads their invitation page, above everything else.",
    )
    email_guests = BooleanField("Email it to every guest with an address who had not said no")
