"""The host's sharing choices, and a stranger's answer on an open public page."""

from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import Email, InputRequired, Length

from teahouse.forms import AppForm, options, strip_filter
from teahouse.models import GuestListVisibility

GUEST_LIST_CHOICES = [
    (GuestListVisibility.HIDDEN.value, "Hidden"),
    (GuestListVisibility.COUNT.value, "How many are coming"),
    (GuestListVisibility.FIRST_NAMES.value, "First names of those coming"),
]


class ShareSettingsForm(AppForm):
    show_location = BooleanField("Show the address on the public page")
    guest_list = RadioField(
        "Who is coming, as the public page shows it",
        choices=options(GUEST_LIST_CHOICES),
        default=GuestListVisibility.COUNT.value,
        validators=[InputRequired(message="Choose what the page shows of the guest list.")],
    )
    open_rsvp = BooleanField("Anyone with the link may answer (open RSVP)")
    listed = BooleanField("Let search engines list the page")


class OpenRsvpForm(AppForm):
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
