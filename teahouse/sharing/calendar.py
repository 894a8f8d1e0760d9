"""Calendar files (RFC 5545) made with the icalendar library, and Google Calendar links.

A calendar file never carries a guest's personal link: people share calendars. The URL is the
public page when it is on, and nothing otherwise.

icalendar (about 3 MiB in memory) is imported by the functions that write a file, not with the
module: every guest's page shows the Google Calendar link, few download the file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from teahouse.models import Invitation, Party, PartyStatus, Response
from teahouse.utc import as_utc

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODID = "-//Teahouse//Tea parties//EN"

PARTSTAT = {
    Response.YES.value: "ACCEPTED",
    Response.MAYBE.value: "TENTATIVE",
    Response.NO.value: "DECLINED",
    Response.PENDING.value: "NEEDS-ACTION",
}


def party_uid(party: Party) -> str:
    """Stable for the life of the party: its id and its creation moment, never per download."""
    created = as_utc(party.created_at)
    return f"party-{party.id}-{created:%Y%m%dT%H%M%S}@teahouse"


def new_calendar(name: str | None = None) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def party_event(
    party: Party,
    *,
    public_url: str | None,
    show_location: bool,
    organizer: tuple[str, str] | None = None,
) -> Event:
    """One VEVENT for a party, in the party's own zone (a VTIMEZONE is added by finish())."""
    from icalendar import Alarm, Event, vCalAddress, vText

    event = Event()
    event.add("uid", party_uid(party))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("dtstart", party.starts_local)
    event.add("dtend", party.ends_local)
    event.add("summary", party.title)
    lines = [party.description.strip()] if party.description.strip() else []
    if party.screening:
        lines.append(f"Film: {party.screening.film.title}")
    if public_url:
        lines.append(public_url)
    if lines:
        event.add("description", "\n\n".join(lines))
    if show_location and party.location:
        event.add("location", party.location)
    if public_url:
        event.add("url", public_url)
    if organizer:
        name, email = organizer
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        event.add("organizer", address)
    cancelled = party.status == PartyStatus.CANCELLED.value
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", party.calendar_sequence or 0)
    event.add("last-modified", as_utc(party.updated_at).replace(microsecond=0))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{party.title} starts in one hour")
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    return event


def add_attendee(event: Event, invitation: Invitation) -> None:
    """The guest's own copy says who they are and what they answered.

    Its SEQUENCE is the party's plus the answer's own (teahouse.models.party): both only
    grow, so a change of either is a higher number. RFC 5545 §3.8.7.4 has it grow with each
    revision, and a calendar app keeps the copy it has when the same number comes again: with
    the party's alone, a guest who answered and opened their file again kept "needs action"
    (and no address, where it is for confirmed guests only) in their calendar.
    """
    from icalendar import vCalAddress, vText

    guest = invitation.guest
    address = vCalAddress(f"mailto:{guest.email}" if guest.email else "invalid:nomail")
    address.params["cn"] = vText(guest.name)
    address.params["partstat"] = vText(
        "TENTATIVE" if invitation.waitlisted else PARTSTAT.get(invitation.response, "NEEDS-ACTION")
    )
    address.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", address)
    event.pop("SEQUENCE", None)
    event.add(
        "sequence", (invitation.party.calendar_sequence or 0) + (invitation.calendar_sequence or 0)
    )


def finish(calendar: Calendar) -> bytes:
    """The file's bytes, with a VTIMEZONE for every zone its events use (CRLF, folded)."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def google_calendar_link(party: Party, *, public_url: str | None, show_location: bool) -> str:
    """A Google Calendar "new event" template link (a plain link: nothing is sent anywhere)."""
    start, end = as_utc(party.starts_at), as_utc(party.ends_at)
    details = party.description.strip()
    if public_url:
        details = f"{details}\n\n{public_url}".strip()
    query = {
        "action": "TEMPLATE",
        "text": party.title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "ctz": party.timezone,
        "details": details,
    }
    if show_location and party.location:
        query["location"] = party.location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
