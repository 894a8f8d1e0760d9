"""Public pages at /e/<token>: the page, its card, calendar file and QR code, and open RSVP.

These answers depend on the link alone, never on a cookie, so a proxy may cache them briefly.
The page is kept in the worker's page store (teahouse.pagecache), for every visitor alike,
keyed by the party's fingerprint, the data generation and the minute: any change shows at once.
"""

import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from teahouse import generation, pagecache, throttle
from teahouse.errors import LinkNotFound
from teahouse.films.typeposter import type_poster_png
from teahouse.links import absolute_url
from teahouse.parties import notices
from teahouse.parties import services as party_services
from teahouse.parties.menu import menu_photo
from teahouse.parties.services import PartyError
from teahouse.public import card, joining, presenting, qr, services
from teahouse.public.forms import OpenRsvpForm
from teahouse.public.http import cacheable
from teahouse.rsvp import services as rsvp_services
from teahouse.sharing import calendar
from teahouse.submissions import create_once
from teahouse.teas.photos import file_name, read_photo

bp = Blueprint("public", __name__)

PAGE_MAX_AGE = 60
FILE_MAX_AGE = 300


def _shared_or_404(token: str) -> services.Shared:
    shared = services.find_shared(token)
    if shared is None:
        raise LinkNotFound()
    return shared


def _etag(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@bp.get("/e/<token>")
def page(token):
    """The party as anyone with the link may see it."""
    shared = _shared_or_404(token)
    key = ("public page", shared.fingerprint, generation.current(), pagecache.minute())
    key += (request.host_url,)  # its absolute links name the host it was asked on
    kept = pagecache.store().get(key)
    if kept is None:
        body = render_template("public/page.html", **_page_context(shared)).encode()
        kept = pagecache.Kept(body, (("ETag", hashlib.sha256(body).hexdigest()[:32]),))
        pagecache.store().put(key, kept)
    return cacheable(
        kept.body,
        "text/html",
        etag=dict(kept.headers)["ETag"],
        last_modified=shared.last_modified,
        max_age=PAGE_MAX_AGE,
        indexable=shared.page.listed,
    )


def _page_context(shared: services.Shared) -> dict:
    party = shared.party
    menu = party_services.party_menu(party)
    page_url = absolute_url("public.page", token=shared.token)
    image_url = absolute_url("public.share_card", token=shared.token)
    return {
        "shared": shared,
        "party": party,
        "screening": party.screening,
        "running_order": presenting.running_order_of(party),
        "teas": presenting.tea_lines(menu),
        "when": services.when_phrase(party),
        "zone_phrase": services.zone_phrase(party.timezone),
        "first_names": services.coming_first_names(party)
        if services.shows_names(shared.page)
        else [],
        "map_link": presenting.map_link(party.location) if shared.location_public else None,
        "page_url": page_url,
        "image_url": image_url,
        "preview_title": presenting.preview_title(shared),
        "preview_description": presenting.preview_description(shared),
        "json_ld": presenting.event_json_ld(shared, page_url=page_url, image_url=image_url),
        "google_link": calendar.google_calendar_link(
            party, public_url=page_url, show_location=shared.location_public
        ),
        "open_for_answers": shared.page.open_rsvp and party.open_for_answers,
        "yes_would_wait": notices.YES_WOULD_WAIT if shared.full else None,
        "closed_reason": None if party.open_for_answers else notices.closed_reason(party),
    }


@bp.get("/e/<token>/card.png")
def share_card(token):
    """The 1200×630 preview image, drawn once per content."""
    shared = _shared_or_404(token)
    content = presenting.card_content(shared, party_services.party_menu(shared.party))
    path = card.card_path(current_app.instance_path, shared.party.id, content)
    with open(path, "rb") as image:
        data = image.read()
    return cacheable(
        data,
        "image/png",
        etag=content.key,
        last_modified=shared.last_modified,
        max_age=FILE_MAX_AGE,
        indexable=shared.page.listed,
    )


@bp.get("/e/<token>/poster.png")
def drawn_poster(token):
    """The drawn typographic poster of the party's film, for a film without a poster image."""
    shared = _shared_or_404(token)
    screening = shared.party.screening
    if screening is None or screening.film.poster:
        abort(404)
    film = screening.film
    data = type_poster_png(film.title, film.year, tuple(film.directors or ()), size=(240, 360))
    return cacheable(
        data,
        "image/png",
        etag=_etag(film.title, film.year, film.directors, "poster"),
        last_modified=None,
        max_age=FILE_MAX_AGE,
    )


@bp.get("/e/<token>/teas/<int:tea_id>/photo")
def tea_photo(token, tea_id):
    """The photo of a tea on the party's menu, as the public page shows it."""
    shared = _shared_or_404(token)
    stem = menu_photo(shared.party, tea_id)
    size = request.args.get("size", "menu")
    return cacheable(
        read_photo(stem, size),
        "image/jpeg",
        etag=file_name(stem, size),
        last_modified=None,
        max_age=FILE_MAX_AGE,
    )


@bp.get("/e/<token>.ics")
def event_ics(token):
    """The party as a calendar file anyone with the link may add."""
    shared = _shared_or_404(token)
    party = shared.party
    page_url = absolute_url("public.page", token=token)
    cal = calendar.new_calendar()
    cal.add_component(
        calendar.party_event(
            party,
            public_url=page_url,
            show_location=shared.location_public,
        )
    )
    data = calendar.finish(cal)
    return cacheable(
        data,
        "text/calendar",
        etag=_etag(shared.fingerprint, "ics"),
        last_modified=shared.last_modified,
        max_age=FILE_MAX_AGE,
        filename=f"teahouse-party-{party.id}.ics",
    )


def _qr(token, kind: str):
    shared = _shared_or_404(token)
    url = absolute_url("public.page", token=token)
    if kind == "svg":
        data, mimetype = (
            qr.qr_svg(url, f"QR code of the page of {shared.party.title}"),
            "image/svg+xml",
        )
    else:
        data, mimetype = qr.qr_png(url), "image/png"
    return cacheable(
        data,
        mimetype,
        etag=_etag(url, kind, shared.party.title),
        last_modified=None,
        max_age=FILE_MAX_AGE,
    )


@bp.get("/e/<token>/qr.svg")
def qr_svg(token):
    """A QR code of the public page's address, for screens and print."""
    return _qr(token, "svg")


@bp.get("/e/<token>/qr.png")
def qr_png(token):
    """The same QR code as a PNG, for chat apps."""
    return _qr(token, "png")


@bp.route("/e/<token>/rsvp", methods=["GET", "POST"])
def open_rsvp(token):
    """A stranger answers with a name and an email and gets their own personal page."""
    shared = _shared_or_404(token)
    if not shared.page.open_rsvp:
        raise LinkNotFound()
    form = OpenRsvpForm(party=shared.party)
    closed = None if shared.party.open_for_answers else notices.closed_reason(shared.party)
    if request.method == "POST" and closed is None and form.validate_on_submit():
        throttle.take("OPEN_RSVP_LIMIT", f"open-rsvp:{throttle.client_address()}")
        try:
            personal = create_once(
                form,
                lambda: joining.join(shared, form.name.data, form.email.data, form.response.data),
                lambda token: url_for("rsvp.page", token=token),
                owner_id=shared.party.owner_id,
            )
        except PartyError as error:
            form.form_errors.append(str(error))
        else:
            saved = rsvp_services.find_invitation(personal)
            flash(
                *notices.answer_saved(
                    saved, "This is your own page: keep its link to change your answer later."
                )
            )
            return redirect(url_for("rsvp.page", token=personal))
    response = current_app.make_response(
        render_template(
            "public/rsvp.html",
            shared=shared,
            party=shared.party,
            form=form,
            closed=closed,
            yes_would_wait=notices.YES_WOULD_WAIT if shared.full else None,
            when=services.when_phrase(shared.party),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/feed/<token>.ics")
def feed(token):
    """A host's private subscription feed of all their parties that are not drafts."""
    host = services.find_feed_owner(token)
    if host is None:
        abort(404)
    parties = services.feed_parties(host)
    public = services.public_tokens(parties)
    cal = calendar.new_calendar(f"{host.display_name}'s tea parties")
    for party in parties:
        token_of_page = public.get(party.id)
        cal.add_component(
            calendar.party_event(
                party,
                public_url=absolute_url("public.page", token=token_of_page)
                if token_of_page
                else None,
                show_location=True,
                organizer=(host.display_name, host.email),
            )
        )
    response = current_app.response_class(calendar.finish(cal), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
