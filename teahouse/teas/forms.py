"""Forms of the tea catalogue: a tea, and the list's search and filters."""

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from teahouse.forms import (
    AppForm,
    PlainDecimalField,
    StarRatingField,
    SubForm,
    TagListField,
    image_field,
    options,
    strip_filter,
)
from teahouse.models.tea import (
    HARVEST_SEASONS,
    LEAF_FORMS,
    PHOTO_DESCRIPTION_MAX,
    TEA_TYPE_LABELS,
    Caffeine,
    latest_harvest_year,
)
from teahouse.submissions import OnceOnly
from teahouse.teas.brewing import parse_schedule
from teahouse.wording import NOT_A_YEAR, PURCHASE_GRAMS, VESSEL_ML

TYPE_CHOICES = [(t.value, label) for t, label in TEA_TYPE_LABELS.items()]
CAFFEINE_CHOICES = [(c.value, c.value.capitalize()) for c in Caffeine]
TEMP_LIMITS = {"C": (40, 100), "F": (104, 212)}


class TeaForm(AppForm):
    """A tea. Brewing fields left blank take the defaults of the tea's type and style."""

    name = StringField(
        "Name", validators=[InputRequired(), Length(max=120)], filters=[strip_filter]
    )
    type = SelectField("Type", choices=options(TYPE_CHOICES), validators=[InputRequired()])
    origin_country = StringField(
        "Country of origin", validators=[Length(max=80)], filters=[strip_filter]
    )
    origin_region = StringField("Region", validators=[Length(max=120)], filters=[strip_filter])
    cultivar = StringField("Cultivar", validators=[Length(max=120)], filters=[strip_filter])
    vendor = StringField("Vendor", validators=[Length(max=120)], filters=[strip_filter])
    vendor_url = URLField(
        "Vendor link",
        validators=[Optional(), Length(max=500), URL(message="Enter a web address (https://…).")],
        filters=[strip_filter],
    )
    harvest_year = IntegerField(
        "Harvest year",
        invalid_value_message=NOT_A_YEAR,
        validators=[Optional(), NumberRange(min=1900, message="A harvest year is 1900 or later.")],
    )
    harvest_season = SelectField(
        "Harvest season",
        choices=options([("", "Unknown")] + [(s, s.capitalize()) for s in HARVEST_SEASONS]),
        default="",
    )
    leaf_form = SelectField(
        "Leaf form",
        choices=options([("", "Unknown")] + [(f, f.capitalize()) for f in LEAF_FORMS]),
        default="",
    )
    caffeine = SelectField(
        "Caffeine", choices=options(CAFFEINE_CHOICES), default=Caffeine.MEDIUM.value
    )
    rating = StarRatingField("Rating")
    favourite = BooleanField("Favourite")
    tags = TagListField("Tags", description="Separate tags with commas, e.g. breakfast, gift.")
    notes = TextAreaField("Tasting notes", validators=[Length(max=5000)], filters=[strip_filter])
    photo = image_field(
        "Photo", "JPEG, PNG or WebP, up to 8 MB. Guests see it on the party's tea menu."
    )
    remove_photo = BooleanField("Remove the current photo")
    photo_description = StringField(
        "Photo description",
        validators=[Length(max=PHOTO_DESCRIPTION_MAX)],
        filters=[strip_filter],
        description="What the photo shows, in a sentence, for guests who cannot see it "
        "(e.g. “Tightly rolled dark leaves in a white bowl”). Left empty, the tea's name "
        "is read instead.",
    )

    brew_style = RadioField(
        "Brewing style",
        choices=options(
            [
                ("western", "Western (a pot, a few long steeps)"),
                ("gongfu", "Gongfu (a gaiwan, many short steeps)"),
            ]
        ),
        default="western",
    )
    brew_temp = IntegerField("Water temperature", validators=[Optional()])
    grams_per_100ml = PlainDecimalField(
        "Leaf per 100 ml (grams)",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0.1, max=20, message="Leaf is 0.1 to 20 grams per 100 ml of water."),
        ],
    )
    steep_schedule = StringField(
        "Steep schedule (seconds)",
        validators=[Length(max=300)],
        description="Seconds per infusion, separated by commas: 20, 25, 30 — or 2:00, 3:00.",
    )
    rinse = SelectField(
        "Rinse the leaf first",
        choices=options(
            [("", "As usual for this type"), ("yes", "Yes, rinse first"), ("no", "No rinse")]
        ),
        default="",
    )
    vessel_ml = IntegerField(
        "Vessel size (ml)",
        validators=[
            Optional(),
            NumberRange(min=20, max=3000, message=VESSEL_ML),
        ],
    )
    version = HiddenField()

    def __init__(self, *args, temperature_unit: str = "C", **kwargs):
        super().__init__(*args, **kwargs)
        self.temperature_unit = temperature_unit
        self.brew_temp.label.text = f"Water temperature (°{temperature_unit})"
        low, high = TEMP_LIMITS[temperature_unit]
        self.brew_temp.render_kw = {"min": low, "max": high}

    def validate_brew_temp(self, field):
        if field.data is None:
            return
        low, high = TEMP_LIMITS[self.temperature_unit]
        if not low <= field.data <= high:
            unit = self.temperature_unit
            raise ValidationError(f"Water for tea is between {low} and {high} °{unit}.")

    def validate_harvest_year(self, field):
        if field.data is not None and field.data > latest_harvest_year():
            raise ValidationError("That harvest year is in the future.")

    def validate_steep_schedule(self, field):
        try:
            field.parsed = parse_schedule(field.data or "")
        except ValueError as error:
            raise ValidationError(f"The schedule is not valid: {error}.") from None


class NewTeaForm(OnceOnly, TeaForm):
    """A new tea may come with the grams bought, recorded as its opening purchase; it is added
    once, however often the form is sent."""

    opening_grams = PlainDecimalField(
        "Grams bought",
        places=1,
        validators=[
            Optional(),
            NumberRange(min=0.1, max=100000, message=PURCHASE_GRAMS),
        ],
        description="Optional: recorded as the first purchase in the stock ledger.",
    )


SORTS = {
    "name": "Name",
    "type": "Type",
    "rating": "Rating",
    "newest": "Newest",
}


class TeaFilterForm(SubForm):
    """The list's search box, filters and sort, read from the query string."""

    q = StringField("Search", validators=[Length(max=100)], filters=[strip_filter])
    type = SelectField("Type", choices=options([("", "All types")] + TYPE_CHOICES), default="")
    caffeine = SelectField(
        "Caffeine", choices=options([("", "Any caffeine")] + CAFFEINE_CHOICES), default=""
    )
    favourite = BooleanField("Favourites only")
    tag = StringField("Tag", validators=[Length(max=40)], filters=[strip_filter])
    sort = SelectField("Sort by", choices=options(SORTS.items()), default="name")

    def folded_filters_in_use(self) -> list[str]:
        """What narrows or orders the list beyond the search box, in words ("Type Yellow",
        "Sorted by Rating"): said on the folded filters so a phone shows why the list is short."""

        def chosen(field):
            return next(
                (choice.label for choice in field.choices if choice.value == field.data), ""
            )

        in_use = [
            f"{field.label.text} {chosen(field)}"
            for field in (self.type, self.caffeine)
            if field.data
        ]
        if self.tag.data:
            in_use.append(f"Tag {self.tag.data}")
        if self.favourite.data:
            in_use.append(self.favourite.label.text)
        if self.sort.data and self.sort.data != self.sort.default:
            in_use.append(f"Sorted by {chosen(self.sort)}")
        return in_use
