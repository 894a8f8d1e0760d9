"""The public page's switch, link and choices, and the host's calendar feed: the rows and
their tokens (the views of teahouse.public and the party page both use these)."""

from sqlalchemy import select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import CalendarFeed, Party, PublicPage, User
from teahouse.sharing.tokens import new_salt, token_for, token_hash

PAGE_PURPOSE = "public-page"
FEED_PURPOSE = "calendar-feed"


def page_of(party: Party) -> PublicPage | None:
    return db.session.get(PublicPage, party.id)


def _wait_for_party(party: Party) -> None:
    """Inside a write transaction: a second press of the same button (a double click) waits
    here for the first to commit, then works on what the first left. On PostgreSQL this row
    lock does it; on SQLite the write transaction's BEGIN IMMEDIATE already has."""
    db.session.execute(select(Party.id).where(Party.id == party.id).with_for_update())


def turn_on(party: Party) -> PublicPage:
    """Open the public page; a page turned on again gets a fresh link, never the old one."""
    with write_transaction():
        # Pressed twice at once, the second waits for the first's page instead of adding
        # another (a broken primary key on PostgreSQL).
        _wait_for_party(party)
        page = open_page(party)
    return page


def open_page(party: Party) -> PublicPage:
    """turn_on() without the commit, for callers inside a larger change (the sample)."""
    page = page_of(party)
    if page is None:
        page = PublicPage(party_id=party.id, owner_id=party.owner_id)
        db.session.add(page)
    if not page.is_on:
        if page.show_location:
            _address_shown_or_hidden(party)
        _give_new_link(page)
    return page


def new_link(party: Party) -> PublicPage:
    """Replace the link; the old one answers 404 from this moment."""
    with write_transaction():
        _wait_for_party(party)
        page = page_of(party)
        if page is None or not page.is_on:
            page = open_page(party)
        else:
            _give_new_link(page)
    return page


def turn_off(party: Party) -> None:
    with write_transaction():
        _wait_for_party(party)
        page = page_of(party)
        if page is not None and page.is_on:
            if page.show_location:
                _address_shown_or_hidden(party)
            page.link_salt = None
            page.token_hash = None


def save_settings(page: PublicPage, *, listed, guest_list, show_location, open_rsvp) -> None:
    if page.is_on and page.show_location != show_location:
        _address_shown_or_hidden(page.party)
    page.listed = listed
    page.guest_list = guest_list
    page.show_location = show_location
    page.open_rsvp = open_rsvp
    db.session.commit()


def _address_shown_or_hidden(party: Party) -> None:
    """The address goes into or out of the party's calendar files (the public page's, and a
    guest's own where it is for confirmed guests only): a calendar app takes the changed file
    only with a higher SEQUENCE (RFC 5545 §3.8.7.4), as for a change of the address itself."""
    party.calendar_sequence = (party.calendar_sequence or 0) + 1


def _give_new_link(page: PublicPage) -> None:
    page.link_salt = new_salt()
    page.token_hash = token_hash(token_for(page.link_salt, PAGE_PURPOSE))


def page_token(page: PublicPage) -> str | None:
    return token_for(page.link_salt, PAGE_PURPOSE) if page.is_on else None


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.get(CalendarFeed, user.id)


def new_feed(user: User) -> CalendarFeed:
    """Create the feed, or replace its link (the old address stops working)."""
    with write_transaction():
        # Pressed twice at once, the second waits here and replaces the first's link
        # instead of adding a second feed (a broken primary key on PostgreSQL).
        db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
        feed = db.session.get(CalendarFeed, user.id, populate_existing=True)
        feed = feed or CalendarFeed(user_id=user.id)
        feed.link_salt = new_salt()
        feed.token_hash = token_hash(token_for(feed.link_salt, FEED_PURPOSE))
        db.session.add(feed)
    return feed


def revoke_feed(user: User) -> None:
    with write_transaction():
        # Pressed twice at once, the second waits, then finds the feed already gone.
        db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
        feed = db.session.get(CalendarFeed, user.id, populate_existing=True)
        if feed is not None:
            db.session.delete(feed)


def feed_token(feed: CalendarFeed) -> str:
    return token_for(feed.link_salt, FEED_PURPOSE)
