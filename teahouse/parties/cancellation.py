"""Calling a party off: the status, the host's note, and an email to those still expecting it."""

from dataclasses import dataclass

from flask import current_app

from teahouse.extensions import db
from teahouse.links import absolute_url
from teahouse.mail import MailError, send_mail
from teahouse.models import Invitation, Party, PartyStatus, Response
from teahouse.parties import notices
from teahouse.parties.services import PartyError


@dataclass
class CancelOutcome:
    emailed: int = 0
    failed: int = 0


def cancel_party(
    party: Party, note: str, invitations: list[Invitation], email: bool
) -> CancelOutcome:
    """Cancel, keep the note for the guests' pages, and mail it to guests who had not said no."""
    if party.status == PartyStatus.HELD.value:
        raise PartyError("This party has been held; its status cannot change any more.")
    party.status = PartyStatus.CANCELLED.value
    party.cancellation_note = note
    db.session.commit()
    outcome = CancelOutcome()
    if not email:
        return outcome
    for invitation in invitations:
        if not invitation.guest.email or invitation.response == Response.NO.value:
            continue
        subject, body = cancellation_text(invitation)
        try:
            send_mail(subject, [invitation.guest.email], body)
            outcome.emailed += 1
        except MailError:
            current_app.logger.warning("Cancellation for invitation %s not mailed", invitation.id)
            outcome.failed += 1
    return outcome


def cancellation_text(invitation: Invitation) -> tuple[str, str]:
    party = invitation.party
    subject = f"Cancelled: {party.title}"
    body = (
        f"Dear {invitation.guest.first_name},\n\n"
        f"{party.title} ({notices.when(party)}) is cancelled.\n"
    )
    if party.cancellation_note:
        body += f"\n{party.cancellation_note}\n"
    body += f"\nYour invitation page: {absolute_url('rsvp.page', token=invitation.token)}\n"
    return subject, body
