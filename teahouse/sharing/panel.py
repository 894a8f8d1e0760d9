"""The sharing panel on the host's party page and the calendar feed on the profile page."""

from teahouse.links import absolute_url
from teahouse.models import Party, PartyStatus, User
from teahouse.sharing import pages
from teahouse.sharing.forms import ShareSettingsForm


def share_panel(party: Party) -> dict:
    """Template values for public/_share_panel.html (one query: the page row)."""
    page = pages.page_of(party)
    token = pages.page_token(page) if page else None
    form = ShareSettingsForm(
        formdata=None,
        data={
            "show_location": page.show_location if page else False,
            "guest_list": page.guest_list if page else "count",
            "open_rsvp": page.open_rsvp if page else False,
            "listed": page.listed if page else False,
        },
    )
    return {
        "share_page": page,
        "share_token": token,
        "share_url": absolute_url("public.page", token=token) if token else None,
        "share_form": form,
        "share_draft": party.status == PartyStatus.DRAFT.value,
    }


def feed_panel(user: User) -> dict:
    feed = pages.feed_of(user)
    token = pages.feed_token(feed) if feed else None
    return {"feed_url": absolute_url("public.feed", token=token) if token else None}


def public_token_of(party: Party) -> str | None:
    """The public page's token when it is on and the party is not a draft (read through the
    party, so that a page loaded with it costs no query: a guest's page joins it)."""
    page = party.public_page
    if page is None or not page.is_on or party.status == PartyStatus.DRAFT.value:
        return None
    return pages.page_token(page)


def location_public(party: Party) -> bool:
    """The public page is on and shows the party's address to anyone with its link (read
    through the party, as public_token_of is)."""
    page = party.public_page
    return (
        bool(party.location)
        and page is not None
        and page.is_on
        and page.show_location
        and party.status != PartyStatus.DRAFT.value
    )
