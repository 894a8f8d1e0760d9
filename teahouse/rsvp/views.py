"""The guest's own page, reached by the personal link: the party, and the answer form."""

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

from teahouse.errors import LinkNotFound
from teahouse.films import services as films
from teahouse.films.forms import AfterglowForm
from teahouse.films.typeposter import type_poster_png
from teahouse.links import absolute_url
from teahouse.mail import MailError, mail_configured, send_mail
from teahouse.models import Invitation, Response
from teahouse.pagecache import cached_page, page_for_new_visitors
from teahouse.parties import notices, screenings
from teahouse.parties import services as party_services
from teahouse.parties.menu import menu_photo
from teahouse.parties.services import PartyError
from teahouse.rsvp import services
from teahouse.rsvp.forms import RsvpForm, SeenFilmForm
from teahouse.sharing import calendar
from teahouse.sharing.panel import location_public, public_token_of
from teahouse.teas.photos import send_photo

bp = Blueprint("rsvp", __name__, url_prefix="/i")


@bp.after_request
def keep_links_private(response):
    # The token is the guest's key: never cached, never sent on to another site, never indexed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _invitation_or_404(token: str) -> Invitation:
    """The invitation of a personal link, or 404 for a link that finds none (unknown, mistyped
    or longer than any token): a stranger learns nothing from the answer."""
    invitation = services.find_invitation(token)
    if invitation is None:
        raise LinkNotFound()
    return invitation


def _form_data(invitation) -> dict:
    guest = invitation.guest
    return {
        "response": invitation.response if invitation.response != Response.PENDING.value else None,
        "plus_ones": invitation.plus_ones,
        "people": invitation.plus_one_details or [],
        "dietary_tags": invitation.dietary_tags or guest.dietary_tags,
        "dietary_notes": invitation.dietary_notes or guest.dietary_notes,
        "message": invitation.message,
    }


@bp.route("/<token>", methods=["GET", "POST"])
@page_for_new_visitors(shows_data=True)
@cached_page
def page(token):
    """The party as this guest may see it, and their answer, changeable until the deadline."""
    invitation = _invitation_or_404(token)
    party = invitation.party
    form = RsvpForm(party=party, data=_form_data(invitation))
    if request.method == "POST":
        if not party.open_for_answers:
            form.form_errors.append(notices.closed_reason(party))
        elif form.validate_on_submit():
            try:
                saved = services.answer(
                    token,
                    services.Answer(
                        response=form.response.data,
                        plus_one_details=form.plus_one_details(),
                        dietary_tags=form.dietary_tags.data or [],
                        dietary_notes=form.dietary_notes.data or "",
                        message=form.message.data or "",
                    ),
                )
            except LookupError:
                abort(404)
            except PartyError as error:
                form.form_errors.append(str(error))
            else:
                _tell_host(token)
                flash(*notices.answer_saved(saved, notices.changeable_until(saved.party)))
                # The form was sent to #answer-heading, which a redirect without a fragment of
                # its own would keep: #top shows the thank-you, at the top of the page.
                return redirect(url_for("rsvp.page", token=token, _anchor="top"))
        invitation = _invitation_or_404(token)  # fresh after a rolled-back attempt
    return _render_page(invitation, form=form)


def _shows_location(invitation) -> bool:
    """The address for confirmed guests, or for every guest when the party says so; and never
    hidden from a guest while the public page shows it to anyone with its link."""
    party = invitation.party
    if not party.location:
        return False
    return not party.location_confirmed_only or invitation.confirmed or location_public(party)


def _render_page(invitation, form=None, afterglow_form=None):
    party = invitation.party
    menu = services.menu_for_guests(party)
    screening = party.screening
    unsealed = screening is not None and screenings.review_unsealed(invitation)
    public_token = public_token_of(party)
    if afterglow_form is None and screening is not None and screenings.afterglow_open(invitation):
        afterglow_form = _afterglow_form(invitation, menu)
    return render_template(
        "rsvp/page.html",
        invitation=invitation,
        party=party,
        form=form or RsvpForm(party=party, data=_form_data(invitation)),
        menu=menu,
        when=notices.when(party),
        show_location=_shows_location(invitation),
        closed_reason=None if party.open_for_answers else notices.closed_reason(party),
        yes_would_wait=notices.waitlist_ahead(services.places_left_for(invitation)),
        screening=screening,
        running_order=screenings.running_order(party),
        review_unsealed=unsealed,
        review_body=screening.review.html if unsealed and screening.review else None,
        afterglow_form=afterglow_form,
        # Only a sealed review offers "seen it already?": its form (a CSRF token) is built then.
        seen_form=SeenFilmForm() if screening and screening.review and not unsealed else None,
        host_name=services.host_name(invitation),
        public_token=public_token,
        # What the guest's calendar file carries: the address when shown to them, the public
        # page when it is on, never their personal link.
        google_link=calendar.google_calendar_link(
            party,
            public_url=absolute_url("public.page", token=public_token) if public_token else None,
            show_location=_shows_location(invitation),
        ),
    )


@bp.get("/<token>.ics")
def calendar_file(token):
    """A guest's own calendar file: their answer as ATTENDEE, no personal link inside."""
    invitation = _invitation_or_404(token)
    party = invitation.party
    public_token = public_token_of(party)
    public_url = absolute_url("public.page", token=public_token) if public_token else None
    host = services.host_of(invitation)
    cal = calendar.new_calendar()
    event = calendar.party_event(
        party,
        public_url=public_url,
        show_location=_shows_location(invitation),
        organizer=(host.display_name, host.email),
    )
    calendar.add_attendee(event, invitation)
    cal.add_component(event)
    response = current_app.response_class(calendar.finish(cal), mimetype="text/calendar")
    # The private-link headers come from keep_links_private, as for every page under /i/.
    response.headers["Content-Disposition"] = (
        f'attachment; filename="teahouse-party-{party.id}.ics"'
    )
    return response


def _afterglow_form(invitation, menu, formdata=None) -> AfterglowForm:
    """The afterglow form, filled with what this guest said before."""
    glow, rated = films.guest_afterglow(invitation)
    data = {
        "film_rating": glow.film_rating if glow else None,
        "comment": glow.comment if glow else "",
        "teas": [{"tea_id": str(item.tea_id), "rating": rated.get(item.tea_id)} for item in menu],
    }
    form = AfterglowForm(formdata=formdata, data=data, entry_caps={"teas": len(menu)})
    names = {str(item.tea_id): item.tea.name for item in menu}
    for entry in form.teas:
        entry.form.rating.label.text = names.get(entry.form.tea_id.data, "Tea")
    return form


@bp.post("/<token>/seen")
def seen_film(token):
    """A guest who has seen the film may read the full review at once."""
    invitation = _invitation_or_404(token)
    if SeenFilmForm().validate_on_submit():
        services.mark_seen_film(invitation)
    return redirect(url_for("rsvp.page", token=token, _anchor="review"))


@bp.post("/<token>/afterglow")
def afterglow(token):
    """After the party: the guest rates the film and each tea. Once each, changeable."""
    invitation = _invitation_or_404(token)
    party = invitation.party
    if party.screening is None or not screenings.afterglow_open(invitation):
        abort(404)
    menu = party_services.party_menu(party)
    form = _afterglow_form(invitation, menu, formdata=request.form)
    served = {str(item.tea_id) for item in menu}
    if form.validate_on_submit():
        ratings = {
            int(entry.form.tea_id.data): entry.form.rating.data
            for entry in form.teas.entries
            if entry.form.tea_id.data in served
        }
        films.save_afterglow(
            invitation, party.screening.film_id, form.film_rating.data, form.comment.data, ratings
        )
        flash("Thank you for your ratings — the host will see them.", "success")
        return redirect(url_for("rsvp.page", token=token, _anchor="top"))  # the thank-you
    return _render_page(invitation, afterglow_form=form)


def _tell_host(token: str) -> None:
    """Email the host about the answer when mail is set up; a mail failure loses nothing."""
    if not mail_configured():
        return
    invitation = services.find_invitation(token)
    host = services.host_of(invitation)
    subject, body = notices.rsvp_notice_text(invitation)
    try:
        send_mail(subject, [host.email], body)
    except MailError:
        current_app.logger.warning("RSVP notice for invitation %s not mailed", invitation.id)


@bp.get("/<token>/drawn-poster.png")
def drawn_poster(token):
    """The guest's view of the screened film's drawn poster, when it has no uploaded one."""
    screening = _invitation_or_404(token).party.screening
    if screening is None or screening.film.poster:
        abort(404)
    film = screening.film
    data = type_poster_png(film.title, film.year, tuple(film.directors or ()), (200, 300))
    response = current_app.response_class(data, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/<token>/teas/<int:tea_id>/photo")
def tea_photo(token, tea_id):
    """The photo of a tea on this guest's party menu (?size=menu or large)."""
    invitation = _invitation_or_404(token)
    stem = menu_photo(invitation.party, tea_id)
    return send_photo(stem, request.args.get("size", "menu"), request.args.get("v"))
