"""The words of invitations and RSVP notices, for email and mailto: drafts alike."""

from teahouse.datetext import datetime_text, long_datetime_text
from teahouse.links import absolute_url
from teahouse.models import Invitation, Party
from teahouse.words import plural


def when(party: Party) -> str:
    start, end = party.starts_local, party.ends_local
    same_day = start.date() == end.date()
    end_text = f"{end:%H:%M}" if same_day else long_datetime_text(end)
    return f"{long_datetime_text(start)}–{end_text} ({party.timezone.replace('_', ' ')})"


def invitation_text(invitation: Invitation, host_name: str) -> tuple[str, str]:
    party = invitation.party
    link = absolute_url("rsvp.page", token=invitation.token)
    subject = f"Invitation: {party.title}"
    body = (
        f"Dear {invitation.guest.first_name},\n\n"
        f"{host_name} invites you to {party.title}.\n"
        f"When: {when(party)}\n\n"
        f"Please answer here (this link is yours alone):\n{link}\n\n"
        f"{party.description}\n"
    ).rstrip() + "\n"
    return subject, body


def rsvp_notice_text(invitation: Invitation) -> tuple[str, str]:
    party = invitation.party
    answer = {"yes": "yes", "maybe": "maybe", "no": "no"}.get(invitation.response, "—")
    if invitation.waitlisted:
        answer = "yes (on the waitlist)"
    extra = f" with {invitation.plus_ones} plus-one(s)" if invitation.plus_ones else ""
    subject = f"{invitation.guest.name} answered {answer}: {party.title}"
    body = f"{invitation.guest.name} answered {answer}{extra} to {party.title} ({when(party)}).\n"
    if invitation.message:
        body += f"\nTheir message:\n{invitation.message}\n"
    body += f"\nThe party: {absolute_url('parties.detail', party_id=party.id)}\n"
    return subject, body


# Said before an answer wherever a yes could go on the waitlist (the public page, its answer form,
# a guest's own page): learning it only from the thank-you came too late to choose otherwise.
YES_WOULD_WAIT = (
    "All places are taken: a yes goes on the waitlist, and gets a place if one frees up."
)


def waitlist_ahead(places_left: int | None) -> str | None:
    """What a guest reads before answering when a yes could wait (None: any yes fits)."""
    if places_left is None:
        return None
    if places_left <= 0:
        return YES_WOULD_WAIT
    if places_left == 1:
        return "Only 1 place is left: a yes with plus-ones goes on the waitlist."
    return (
        f"Only {places_left} places are left: a yes with more than "
        f"{plural(places_left - 1, 'plus-one')} goes on the waitlist."
    )


def answer_saved(invitation: Invitation, keep: str) -> tuple[str, str]:
    """The thank-you at the top of the page a saved answer lands on, and its flash category.
    A yes that did not fit says so here: on a phone the answer's own status is screens below,
    and "your answer is saved" alone reads as a place at the party."""
    if invitation.waitlisted:
        return (
            "Your answer is saved, but the party is full for now, so you are on the waitlist: "
            f"if a place frees up, you get it. {keep}",
            "info",
        )
    return f"Thank you — your answer is saved. {keep}", "success"


def changeable_until(party: Party) -> str:
    """Until when a guest may change a saved answer: the deadline, or without one the party's
    end (answers stay open until then)."""
    if party.rsvp_deadline is None:
        return "You can change it here until the party is over."
    return f"You can change it here until {datetime_text(party.local(party.rsvp_deadline))}."


def closed_reason(party: Party) -> str:
    """Why a party takes no more answers, for its guests and for strangers alike."""
    if party.status == "cancelled":
        return "This party has been cancelled."
    if party.status == "draft":
        return "The host has not opened this party for answers yet."
    if party.is_over:
        return "This party is over."
    return "The deadline for answers has passed, so answers can no longer be changed."
