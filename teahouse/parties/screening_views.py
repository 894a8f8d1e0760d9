"""The screening part of the host's party page: pair a film and a review, or remove them."""

from flask import flash, redirect, url_for
from flask_login import current_user

from teahouse.films.forms import ScreeningForm
from teahouse.forms import ConfirmForm
from teahouse.models import Film, Party, Review
from teahouse.ownership import owned_or_404
from teahouse.parties import screenings
from teahouse.parties.blueprint import bp


def screening_form(party: Party) -> ScreeningForm:
    """The screening form of a party page, its choices the host's films and reviews."""
    films, reviews = screenings.screening_choices(current_user)
    screening = party.screening
    form = ScreeningForm(obj=screening) if screening else ScreeningForm()
    form.film_id.choices = [(f.id, f"{f.title} ({f.year})" if f.year else f.title) for f in films]
    titles = {f.id: f.title for f in films}
    form.review_id.choices = [("", "No review")] + [
        (r.id, f"{titles[r.film_id]}: {r.title or 'review of ' + str(r.watched_on or '')}")
        for r in reviews
    ]
    if screening is None and films and not form.is_submitted():
        # A film with exactly one review: that review is surely the one to share.
        first_film_reviews = [r.id for r in reviews if r.film_id == films[0].id]
        if len(first_film_reviews) == 1:
            form.review_id.data = first_film_reviews[0]
    return form


def _screening_section(party: Party):
    return redirect(url_for("parties.detail", party_id=party.id, _anchor="screening"))


@bp.post("/parties/<int:party_id>/screening")
def set_screening(party_id):
    """Pair the party with a film and a review; the running order sets a computed end."""
    party = owned_or_404(Party, party_id)
    form = screening_form(party)
    if form.validate_on_submit():
        film = owned_or_404(Film, form.film_id.data)
        review = owned_or_404(Review, form.review_id.data) if form.review_id.data else None
        if review is not None and review.film_id != film.id:
            flash("That review is of another film; choose a review of this film.", "error")
        else:
            screenings.set_screening(
                party,
                film,
                review,
                form.tea_service_minutes.data,
                form.discussion_minutes.data,
                form.show_rating_early.data,
            )
            flash(f"Screening of “{film.title}” saved.", "success")
    else:
        errors = [e for field in form for e in field.errors]
        flash("Nothing was saved: " + " ".join(errors), "error")
    return _screening_section(party)


@bp.post("/parties/<int:party_id>/screening/remove")
def remove_screening(party_id):
    party = owned_or_404(Party, party_id)
    if ConfirmForm().validate_on_submit():
        screenings.remove_screening(party)
        flash("The screening was removed from the party.", "success")
    return _screening_section(party)
