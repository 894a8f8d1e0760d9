"""Forms of the brew log and the host's teaware."""

from datetime import date

from wtforms import (
    DateField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from teahouse.forms import (
    AppForm,
    BoundedFieldList,
    PlainDecimalField,
    StarRatingField,
    SubForm,
    options,
    strip_filter,
)
from teahouse.stock.forms import not_in_future
from teahouse.submissions import OnceOnly
from teahouse.teas.forms import TEMP_LIMITS
from teahouse.wording import VESSEL_ML

MAX_STEEPS = 30


class TeawareForm(OnceOnly, AppForm):
    name = StringField(
        "Name",
        validators=[InputRequired(), Length(max=80)],
        filters=[strip_filter],
        description="For example: blue gaiwan, Yixing pot, glass teapot.",
    )
    volume_ml = IntegerField(
        "Volume (ml)",
        validators=[
            InputRequired(),
            NumberRange(min=20, max=3000, message=VESSEL_ML),
        ],
    )


class SteepForm(SubForm):
    """One infusion as it was made. A row left without seconds is not a steep."""

    temperature = IntegerField("Temperature", validators=[Optional()])
    seconds = IntegerField(
        "Seconds",
        validators=[
            Optional(),
            NumberRange(min=1, max=3600, message="A steep lasts 1 to 3600 seconds."),
        ],
    )
    note = StringField("Note", validators=[Length(max=200)], filters=[strip_filter])


class BrewSessionForm(OnceOnly, AppForm):
    brewed_on = DateField(
        "Brewed on", default=date.today, validators=[InputRequired(), not_in_future]
    )
    style = RadioField(
        "Style", choices=options([("western", "Western"), ("gongfu", "Gongfu")]), default="western"
    )
    teaware_id = SelectField("Teaware", coerce=lambda v: int(v) if v not in (None, "") else None)
    vessel_ml = IntegerField(
        "Vessel size (ml)",
        validators=[
            InputRequired(),
            NumberRange(min=20, max=3000, message=VESSEL_ML),
        ],
    )
    grams_used = PlainDecimalField(
        "Leaf used (grams)",
        places=1,
        validators=[
            InputRequired(message="Enter the grams of leaf."),
            NumberRange(min=0.1, max=1000, message="Leaf used is 0.1 to 1000 grams."),
        ],
        description="Written to the stock ledger as brewed.",
    )
    steeps = BoundedFieldList(FormField(SteepForm), "Steep", min_entries=1, max_entries=MAX_STEEPS)
    rating = StarRatingField("Rating")
    notes = TextAreaField("Tasting notes", validators=[Length(max=5000)], filters=[strip_filter])

    def __init__(self, *args, temperature_unit="C", teaware=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.temperature_unit = temperature_unit
        self.teaware_id.choices = [SelectChoice("", "Another vessel")] + [
            SelectChoice(
                str(w.id), f"{w.name} ({w.volume_ml} ml)", render_kw={"data-volume": w.volume_ml}
            )
            for w in teaware
        ]

    def validate_steeps(self, field):
        low, high = TEMP_LIMITS[self.temperature_unit]
        made = [entry for entry in field.entries if entry.form.seconds.data]
        if not made:
            raise ValidationError("Enter the seconds of at least one steep.")
        for number, entry in enumerate(field.entries, start=1):
            temp = entry.form.temperature.data
            if temp is not None and not low <= temp <= high:
                unit = self.temperature_unit
                raise ValidationError(
                    f"Steep {number}: water for tea is between {low} and {high} °{unit}."
                )
