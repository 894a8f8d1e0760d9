"""Forms of films, reviews, screenings, and the guests' afterglow."""

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from teahouse.films.letterboxd import LETTERBOXD_URI
from teahouse.films.years import FIRST_FILM_YEAR, last_film_year
from teahouse.forms import (
    MENU_ROWS_CEILING,
    AppForm,
    BoundedFieldList,
    NameListField,
    StarRatingField,
    SubForm,
    TagListField,
    image_field,
    options,
    strip_filter,
)
from teahouse.submissions import OnceOnly
from teahouse.wording import NOT_A_YEAR


class FilmForm(AppForm):
    title = StringField(
        "Title", validators=[InputRequired(), Length(max=200)], filters=[strip_filter]
    )
    original_title = StringField(
        "Original title", validators=[Length(max=200)], filters=[strip_filter]
    )
    year = IntegerField(
        "Year",
        invalid_value_message=NOT_A_YEAR,
        validators=[
            Optional(),
            NumberRange(
                min=FIRST_FILM_YEAR, message=f"A film’s year is {FIRST_FILM_YEAR} or later."
            ),
        ],
    )
    directors = NameListField("Director(s)", description="Separate names with commas.")
    cast = NameListField("Cast", description="Separate names with commas.")
    runtime_minutes = IntegerField(
        "Runtime (minutes)",
        validators=[
            Optional(),
            NumberRange(min=1, max=1000, message="A film runs 1 to 1000 minutes."),
        ],
    )
    genres = NameListField("Genres", description="For example: drama, romance, science fiction.")
    synopsis = TextAreaField("Synopsis", validators=[Length(max=5000)], filters=[strip_filter])
    country = StringField("Country", validators=[Length(max=80)], filters=[strip_filter])
    language = StringField("Language", validators=[Length(max=80)], filters=[strip_filter])
    poster = image_field("Poster", "JPEG, PNG or WebP, up to 8 MB.")
    remove_poster = BooleanField("Remove the current poster")
    letterboxd_uri = StringField(
        "Letterboxd page",
        validators=[
            Optional(),
            Length(max=200),
            Regexp(
                LETTERBOXD_URI,
                message="Give the film's Letterboxd address: https://letterboxd.com/film/… "
                "or https://boxd.it/….",
            ),
        ],
        filters=[strip_filter],
        description="For example https://letterboxd.com/film/her/",
        render_kw={"inputmode": "url"},
    )
    to_watch = BooleanField("On my watchlist: a film to watch")
    seen = BooleanField("I have seen it", description="Dated viewings are reviews.")
    rating = StarRatingField("My rating of the film")
    liked = BooleanField("I like it")

    def validate_year(self, field):
        # Checked here, not by NumberRange(max=…): that bound would be fixed when the app loads.
        if field.data is not None and field.data > last_film_year():
            raise ValidationError(
                f"That is more than five years ahead: {last_film_year()} at most."
            )


class NewFilmForm(OnceOnly, FilmForm):
    """A film added once, however often the form is sent."""


class FilmFilterForm(SubForm):
    q = StringField("Search", validators=[Length(max=100)], filters=[strip_filter])
    year = IntegerField(
        "Year",
        invalid_value_message=NOT_A_YEAR,
        validators=[Optional(), NumberRange(min=FIRST_FILM_YEAR, max=3000)],
    )
    genre = StringField("Genre", validators=[Length(max=120)], filters=[strip_filter])
    reviewed = SelectField(
        "Reviewed",
        choices=options([("", "Reviewed or not"), ("yes", "Reviewed"), ("no", "Not reviewed")]),
        default="",
    )
    shown = SelectField(
        "Show",
        choices=options([("", "All films"), ("to_watch", "Watchlist: to watch")]),
        default="",
    )


class ReviewForm(AppForm):
    rating = StarRatingField("Rating")
    liked = BooleanField("Liked it")
    title = StringField("Headline", validators=[Length(max=200)], filters=[strip_filter])
    teaser = StringField(
        "Spoiler-free teaser",
        validators=[Length(max=500)],
        filters=[strip_filter],
        description="What guests see before the screening. Keep it free of spoilers.",
    )
    body = TextAreaField(
        "Review",
        validators=[Length(max=100_000)],
        description=(
            "Markdown: *emphasis*, **strong**, [links](https://…), lists, > quotes, # headings."
        ),
        render_kw={"rows": 16},
    )
    contains_spoilers = BooleanField("The review contains spoilers")
    watched_on = DateField("Watched on", validators=[Optional()])
    rewatch = BooleanField("A rewatch")
    tags = TagListField("Tags", description="Separate tags with commas.")

    def validate_watched_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError("That date is in the future.")


class NewReviewForm(OnceOnly, ReviewForm):
    """A review saved once, however often the form is sent."""


class ScreeningForm(AppForm):
    film_id = SelectField("Film", coerce=int)
    review_id = SelectField(
        "Review to share", coerce=lambda v: int(v) if v not in (None, "", "None") else None
    )
    tea_service_minutes = IntegerField(
        "Tea service before the film (minutes)",
        default=45,
        validators=[
            InputRequired(),
            NumberRange(min=0, max=600, message="Tea service lasts 0 to 600 minutes."),
        ],
    )
    discussion_minutes = IntegerField(
        "Discussion after the film (minutes)",
        default=30,
        validators=[
            InputRequired(),
            NumberRange(min=0, max=600, message="The discussion lasts 0 to 600 minutes."),
        ],
    )
    show_rating_early = BooleanField("Show my rating before the screening")


class TeaRatingForm(SubForm):
    tea_id = HiddenField()
    rating = StarRatingField("Rating")


class AfterglowForm(AppForm):
    film_rating = StarRatingField("Your rating of the film")
    comment = StringField("One line about it", validators=[Length(max=200)], filters=[strip_filter])

    def validate_comment(self, field):
        if field.data and self.film_rating.data is None:
            raise ValidationError("Rate the film to leave a line about it.")

    # One row per tea on the party's menu (the view caps it at the menu's size).
    teas = BoundedFieldList(FormField(TeaRatingForm), "Tea", max_entries=MENU_ROWS_CEILING)
