"""The guest's answer form."""

from wtforms import BooleanField, FormField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from teahouse.forms import (
    AppForm,
    BoundedFieldList,
    MultiCheckboxField,
    SubForm,
    options,
    strip_filter,
)
from teahouse.models.guest import DIETARY_TAGS
from teahouse.models.party import MAX_PLUS_ONE_CAP
from teahouse.words import plural

DIETARY_CHOICES = options((t, t) for t in DIETARY_TAGS)


class PlusOneForm(SubForm):
    name = StringField("Name", validators=[Length(max=120)], filters=[strip_filter])
    dietary_tags = MultiCheckboxField("Dietary needs", choices=DIETARY_CHOICES)
    dietary_notes = StringField("Other needs", validators=[Length(max=300)], filters=[strip_filter])


class RsvpForm(AppForm):
    response = RadioField("Will you come?", validators=[InputRequired(message="Choose an answer.")])
    # The guest's own needs before their plus-ones': the form and its list of problems
    # follow that order.
    dietary_tags = MultiCheckboxField("Your dietary needs", choices=DIETARY_CHOICES)
    dietary_notes = StringField(
        "Anything else the host should know about food or drink?",
        validators=[Length(max=500)],
        filters=[strip_filter],
    )
    plus_ones = IntegerField(
        "How many plus-ones?",
        default=0,
        validators=[Optional(), NumberRange(min=0, message="Enter 0 or more.")],
    )
    # One row per plus-one: at most the party's cap (set per request), never more.
    people = BoundedFieldList(
        FormField(PlusOneForm), "Plus-one", min_entries=0, max_entries=MAX_PLUS_ONE_CAP
    )
    message = TextAreaField(
        "A message to the host", validators=[Length(max=1000)], filters=[strip_filter]
    )

    def __init__(self, *args, party=None, **kwargs):
        cap = party.plus_one_cap if party.plus_ones_allowed else 0
        super().__init__(*args, entry_caps={"people": cap}, **kwargs)
        self.party = party
        answers = [("yes", "Yes, I'll come")]
        if party.maybe_allowed:
            answers.append(("maybe", "Maybe"))
        answers.append(("no", "No, I can't come"))
        self.response.choices = options(answers)
        # A validator of its own: the field's list is the class's, shared by every request,
        # so setting its cap there gave one party's form the cap of another's.
        self.plus_ones.validators = [
            *self.plus_ones.validators[:-1],
            NumberRange(min=0, max=cap, message=f"You can bring up to {plural(cap, 'plus-one')}."),
        ]
        while len(self.people.entries) < cap:
            self.people.append_entry()

    def validate_plus_ones(self, field):
        if field.data and not self.party.plus_ones_allowed:
            raise ValidationError("This party has no plus-ones.")

    def plus_one_details(self) -> list[dict]:
        """The named (or counted) plus-ones, when the answer is yes."""
        if self.response.data != "yes":
            return []
        count = self.plus_ones.data or 0
        people = []
        for entry in self.people.entries[:count]:
            person = entry.form
            people.append(
                {
                    "name": person.name.data or "",
                    "dietary_tags": person.dietary_tags.data or [],
                    "dietary_notes": person.dietary_notes.data or "",
                }
            )
        return people


class SeenFilmForm(AppForm):
    """Unsealing the review is a choice made twice: open the box, then tick and confirm."""

    seen = BooleanField(
        "Yes, I have seen this film and spoilers are fine",
        validators=[InputRequired(message="Tick the box to confirm you have seen the film.")],
    )
