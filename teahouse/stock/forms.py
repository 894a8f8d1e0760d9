"""Forms of the stock ledger: restock, consume, stock-take, and the tea's dates and threshold."""

from datetime import date

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from teahouse.forms import AppForm, PlainDecimalField, currency_field, options, strip_filter
from teahouse.models.stock import CONSUMPTION_KINDS
from teahouse.submissions import OnceOnly
from teahouse.wording import PURCHASE_GRAMS, RUNNING_LOW_GRAMS

MAX_GRAMS = 100_000


def _grams_field(
    label: str, range_message: str, minimum: float = 0.1, **kwargs
) -> PlainDecimalField:
    return PlainDecimalField(
        label,
        places=1,
        validators=[
            InputRequired(message="Enter the grams."),
            NumberRange(min=minimum, max=MAX_GRAMS, message=range_message),
        ],
        render_kw={"inputmode": "decimal", "min": minimum, "step": "0.1"},
        **kwargs,
    )


class _PagePartForm(AppForm):
    """A form that shares the tea page with others: a prefix keeps field names and ids apart."""

    form_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("That date is in the future.")


class RestockForm(OnceOnly, _PagePartForm):
    form_prefix = "restock"
    grams = _grams_field("Grams bought", PURCHASE_GRAMS)
    cost = DecimalField(
        "Price paid",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=1_000_000, message="A price paid is 0 to 1,000,000."),
        ],
        render_kw={"inputmode": "decimal", "min": 0, "step": "0.01"},
    )
    currency = currency_field(
        "Currency", render_kw={"maxlength": 3, "autocapitalize": "characters"}
    )
    occurred_on = DateField("Bought on", validators=[Optional(), not_in_future])
    vendor = StringField("Vendor", validators=[Length(max=120)], filters=[strip_filter])
    note = StringField("Note on the purchase", validators=[Length(max=500)], filters=[strip_filter])


class ConsumeForm(OnceOnly, _PagePartForm):
    form_prefix = "consume"
    grams = _grams_field("Grams taken", f"An amount taken is 0.1 to {MAX_GRAMS:,} grams.")
    kind = SelectField(
        "What happened",
        choices=options((k.value, k.label) for k in CONSUMPTION_KINDS),
        default="brewed",
    )
    note = StringField(
        "Note on what was taken", validators=[Length(max=500)], filters=[strip_filter]
    )


class StocktakeForm(_PagePartForm):
    form_prefix = "stocktake"
    counted = _grams_field(
        "Grams counted on the scale",
        f"A count on the scale is 0 to {MAX_GRAMS:,} grams.",
        minimum=0,
    )


class TeaDatesForm(_PagePartForm):
    form_prefix = "dates"
    opened_on = DateField("Opened on", validators=[Optional(), not_in_future])
    best_by = DateField("Best by", validators=[Optional()])
    low_stock_grams = IntegerField(
        "Running low at or below (grams)",
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_GRAMS, message=RUNNING_LOW_GRAMS),
        ],
        description="Leave blank to use your default from the profile page.",
    )
