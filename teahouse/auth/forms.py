"""Forms for accounts: setup, sign-up, login, profile and password."""

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from teahouse.auth.passwords import MAX_LENGTH, password_problem
from teahouse.forms import AppForm, CachedSelect, currency_field, options, strip_filter
from teahouse.timezones import timezone_choices
from teahouse.wording import RUNNING_LOW_GRAMS

PASSWORDS_DIFFER = "The two passwords differ: type the same password in both boxes."


class _NewPasswordMixin:
    def validate_password(self, field):
        email = self.email.data if hasattr(self, "email") else getattr(self, "_email", "")
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


class AccountForm(_NewPasswordMixin, AppForm):
    """The first host (setup page) or a further one (sign-up page)."""

    email = EmailField(
        "Email",
        validators=[InputRequired(), Length(max=254), Email(check_deliverability=False)],
        filters=[strip_filter],
        render_kw={"autocomplete": "email"},
    )
    display_name = StringField(
        "Display name",
        validators=[InputRequired(), Length(max=80)],
        filters=[strip_filter],
        description="How guests will see you on invitations.",
        render_kw={"autocomplete": "name"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        description="At least 8 characters; a passphrase of a few words works well.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", message=PASSWORDS_DIFFER)],
        render_kw={"autocomplete": "new-password"},
    )
    timezone = SelectField(
        "Time zone", choices=timezone_choices, widget=CachedSelect(), default="UTC"
    )
    load_sample = BooleanField("Start with the sample collection (40 teas)", default=True)


class LoginForm(AppForm):
    email = EmailField(
        "Email",
        validators=[InputRequired(), Length(max=254)],
        filters=[strip_filter],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class ProfileForm(AppForm):
    display_name = StringField(
        "Display name", validators=[InputRequired(), Length(max=80)], filters=[strip_filter]
    )
    timezone = SelectField("Time zone", choices=timezone_choices, widget=CachedSelect())
    temperature_unit = SelectField(
        "Temperatures in",
        choices=options([("C", "Celsius (°C)"), ("F", "Fahrenheit (°F)")]),
    )
    low_stock_grams = IntegerField(
        "A tea is running low at or below (grams)",
        validators=[InputRequired(), NumberRange(min=0, max=100_000, message=RUNNING_LOW_GRAMS)],
        description="Each tea can set its own threshold on its page.",
    )
    currency = currency_field("Usual currency", description="Filled in when you restock a tea.")


class PasswordForm(_NewPasswordMixin, AppForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        "New password",
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[InputRequired(), EqualTo("password", message=PASSWORDS_DIFFER)],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email
