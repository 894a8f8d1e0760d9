"""A stranger's answer on a public page with open RSVP."""

from wtforms import EmailField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length

from teahouse.forms import AppForm, options, strip_filter
from teahouse.submissions import OnceOnly


class OpenRsvpForm(OnceOnly, AppForm):
    """A stranger joins once, however often the form is sent."""

    name = StringField(
        "Your name",
        validators=[InputRequired(message="Enter your name."), Length(max=120)],
        filters=[strip_filter],
    )
    email = EmailField(
        "Your email",
        validators=[
            InputRequired(message="Enter your email address."),
            Length(max=254),
            Email(
                check_deliverability=False, message="Enter an email address like ana@example.org."
            ),
        ],
        filters=[strip_filter],
        description="Only the host sees it.",
    )
    response = RadioField("Will you come?", validators=[InputRequired(message="Choose an answer.")])

    def __init__(self, *args, party=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = [("yes", "Yes, I'll come")]
        if party is not None and party.maybe_allowed:
            answers.append(("maybe", "Maybe"))
        answers.append(("no", "No, I can't come"))
        self.response.choices = options(answers)
