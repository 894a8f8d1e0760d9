"""The host's choices of what the public page shows."""

from wtforms import BooleanField, RadioField
from wtforms.validators import InputRequired

from teahouse.forms import AppForm, options
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
