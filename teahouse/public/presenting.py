"""What a public page, its preview tags, its card and its calendar file say about a party.

Everything here works on loaded rows: no queries (the view loads them in a fixed number).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from teahouse.models import Party, PartyStatus, PartyTea
from teahouse.parties.screenings import running_order
from teahouse.public.card import CardContent
from teahouse.public.services import Shared, when_phrase
from teahouse.teas.brewing import format_seconds, format_temperature

OSM_SEARCH = "https://www.openstreetmap.org/search?"


@dataclass(frozen=True)
class TeaLine:
    tea_id: int
    photo: str | None  # the photo's name stem, for its URL
    photo_alt: str  # the host's description of the photo, else the tea's name
    name: str
    kind: str
    origin: str
    brewing: str
    caffeine_free: bool


def tea_lines(menu: list[PartyTea]) -> list[TeaLine]:
    lines = []
    for item in menu:
        tea = item.tea
        origin = ", ".join(part for part in (tea.origin_region, tea.origin_country) if part)
        steeps = tea.steep_seconds or []
        steep_text = ", ".join(format_seconds(s) for s in steeps[:4])
        if len(steeps) > 4:
            steep_text += f" and {len(steeps) - 4} more steeps"
        style = "gongfu" if tea.brew_style == "gongfu" else "western"
        brewing = f"{format_temperature(tea.brew_temp_c, 'C')}, {style}"
        if steep_text:
            brewing += f", steeped {steep_text}"
        lines.append(
            TeaLine(
                tea.id,
                tea.photo,
                tea.photo_description or tea.name,
                tea.name,
                tea.type_label,
                origin,
                brewing,
                tea.caffeine == "none",
            )
        )
    return lines


def map_link(location: str) -> str:
    """An OpenStreetMap search for the address: a plain link, nothing is fetched."""
    return OSM_SEARCH + urlencode({"query": location})


def summary(party: Party, limit: int = 200) -> str:
    """One paragraph for og:description: the description's first lines, whitespace folded."""
    text = re.sub(r"\s+", " ", party.description or "").strip()
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _cancelled(party: Party) -> bool:
    return party.status == PartyStatus.CANCELLED.value


def _preview_state(party: Party) -> str | None:
    """What a preview says before the party's title: few open the page behind a link, so an
    evening that will not happen (or has happened) must not read as an invitation."""
    if _cancelled(party):
        return "Cancelled"
    return "Over" if party.is_over else None


def preview_title(shared: Shared) -> str:
    """The title a chat app's preview shows: 'Cancelled: …' or 'Over: …' when it is one."""
    party = shared.party
    state = _preview_state(party)
    return f"{state}: {party.title}" if state else party.title


def preview_description(shared: Shared) -> str:
    party = shared.party
    parts = [when_phrase(party)]
    if party.screening:
        parts.append(f"Film: {party.screening.film.title}")
    text = summary(party)
    if text:
        parts.append(text)
    text = " · ".join(parts)
    state = _preview_state(party)
    return f"{state}. {text}" if state else text


def card_content(shared: Shared, menu: list[PartyTea]) -> CardContent:
    party = shared.party
    film = party.screening.film if party.screening else None
    return CardContent(
        title=party.title,
        when=when_phrase(party),
        cancelled=party.status == PartyStatus.CANCELLED.value,
        teas=tuple(item.tea.name for item in menu),
        film_title=film.title if film else None,
        film_year=film.year if film else None,
        film_directors=tuple(film.directors or ()) if film else (),
        poster_stem=film.poster if film else None,
    )


def event_json_ld(shared: Shared, *, page_url: str, image_url: str) -> dict:
    """schema.org Event; the location only when the host made it public."""
    party = shared.party
    status = (
        "https://schema.org/EventCancelled"
        if party.status == PartyStatus.CANCELLED.value
        else "https://schema.org/EventScheduled"
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": party.title,
        "startDate": party.starts_local.isoformat(),
        "endDate": party.ends_local.isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": page_url,
        "image": [image_url],
        "organizer": {"@type": "Person", "name": shared.host_name},
    }
    text = summary(party, 500)
    if text:
        data["description"] = text
    if shared.location_public:
        data["location"] = {"@type": "Place", "name": party.location, "address": party.location}
    return data


def running_order_of(party: Party):
    return running_order(party)
