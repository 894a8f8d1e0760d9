"""Open RSVP: a stranger with the public link joins the guest list under the party's rules."""

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Guest, Invitation
from teahouse.parties.services import PartyError, lock_party
from teahouse.public.services import Shared
from teahouse.rsvp import services as rsvp


def join(shared: Shared, name: str, email: str, response: str) -> str:
    """Make a guest and an invitation, then answer through the RSVP service (capacity, plus-one
    and waitlist rules as for any guest). Returns the new personal token.

    A new guest every time, even for an email the host already knows: matching on the email
    would hand a stranger the personal link of whoever owns that address.
    """
    if not shared.page.open_rsvp:
        raise PartyError("This party takes answers from invited guests only.")
    party_id = shared.party.id
    # One transaction for the guest, the invitation and the answer: an answer refused (a
    # full party) or failed (a busy database) leaves no guest behind.
    with write_transaction():
        party = lock_party(party_id)
        if not party.open_for_answers:
            raise PartyError("Answers for this party are closed.")
        guest = Guest(
            owner_id=party.owner_id, name=name, email=email, notes="Joined from the public page."
        )
        invitation = Invitation(owner_id=party.owner_id, party_id=party.id, guest=guest)
        db.session.add_all([guest, invitation])
        db.session.flush()
        rsvp.record_answer(invitation, rsvp.Answer(response, [], [], "", ""))
        token = invitation.token
    return token
