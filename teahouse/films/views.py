"""Films, reviews and posters for the host."""

import re
from functools import partial

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required

from teahouse.database import on_rollback, write_transaction
from teahouse.films import services
from teahouse.films.forms import FilmFilterForm, FilmForm, NewFilmForm, NewReviewForm, ReviewForm
from teahouse.films.posters import PosterError, delete_poster, poster_folder, prepare_poster
from teahouse.films.typeposter import type_poster_png
from teahouse.forms import ConfirmForm
from teahouse.images import PreparedImage
from teahouse.models import Film, Review
from teahouse.ownership import owned_or_404
from teahouse.pagecache import cached_page
from teahouse.pagination import paginate_rows, requested_page
from teahouse.submissions import create_once

bp = Blueprint("films", __name__)

POSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{20,40}(-small)?\.jpg$")


@bp.get("/posters/<name>")
def poster(name):
    """Posters have unguessable names; guests see them on their invitation page too."""
    if not POSTER_NAME.match(name):
        abort(404)
    response = send_from_directory(
        poster_folder(current_app.instance_path), name, mimetype="image/jpeg", max_age=31536000
    )
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.get("/films/")
@login_required
@cached_page
def index():
    """The host's films: search, year, genre, reviewed or not."""
    filters = FilmFilterForm(request.args)
    values = filters.data if filters.validate() else {}
    query = services.film_list_query(
        current_user,
        values.get("q") or "",
        values.get("year"),
        values.get("genre") or "",
        values.get("reviewed") or "",
        values.get("shown") or "",
    )
    page = paginate_rows(query, requested_page(), 24)
    return render_template(
        "films/index.html", page=page, filters=filters, filtering=any(values.values())
    )


def _prepared_poster(form: FilmForm) -> PreparedImage | None:
    """The form's new poster, decoded and resized before any write transaction (the slow part
    of taking it; see teahouse.images); None when none was sent. PosterError if refused."""
    upload = form.poster.data
    if upload and getattr(upload, "filename", ""):
        return prepare_poster(upload.stream)
    return None


def _store_poster(film: Film, form: FilmForm, poster: PreparedImage | None) -> None:
    """Point the film at its new poster, or at none, as the form asks. A new poster's files go
    again if the transaction rolls back."""
    if poster is not None:
        stem = poster.store(poster_folder(current_app.instance_path))
        on_rollback(partial(delete_poster, stem, current_app.instance_path))
        film.poster = stem
    elif form.remove_poster.data and film.poster:
        film.poster = None


def _save_film(film: Film, form: FilmForm, poster: PreparedImage | None) -> Film:
    """The poster is prepared first (by the caller): a refused upload (PosterError) leaves the
    film as it was. The poster it replaces is deleted only once the change is saved: a save
    that fails leaves the film showing the poster it had."""
    replaced = film.poster
    with write_transaction():  # joins a creation form's own, which commits at its end
        _store_poster(film, form, poster)
        services.apply_film_form(film, form)
        services.save_film(film)
    if replaced and film.poster != replaced:
        delete_poster(replaced, current_app.instance_path)
    return film


@bp.route("/films/new", methods=["GET", "POST"])
@login_required
def create():
    """Add a film, with its poster."""
    form = NewFilmForm()
    if form.validate_on_submit():
        try:
            poster = _prepared_poster(form)
            film = create_once(
                form,
                lambda: _save_film(Film(owner_id=current_user.id), form, poster),
                lambda film: url_for("films.detail", film_id=film.id),
            )
        except PosterError as error:
            form.poster.errors.append(str(error))
        else:
            flash(f"“{film.title}” added to your films.", "success")
            return redirect(url_for("films.detail", film_id=film.id))
    return render_template("films/form.html", form=form, film=None)


@bp.get("/films/<int:film_id>")
@login_required
@cached_page
def detail(film_id):
    """A film with its reviews, its screenings and the guests' afterglow."""
    film = owned_or_404(Film, film_id)
    screenings, parties = services.film_screenings(film)
    glow = services.film_afterglow(film)
    return render_template(
        "films/detail.html",
        film=film,
        reviews=film.reviews,
        screenings=screenings,
        parties=parties,
        afterglow=glow,
        afterglow_average=services.average(glow),
    )


@bp.route("/films/<int:film_id>/edit", methods=["GET", "POST"])
@login_required
def edit(film_id):
    film = owned_or_404(Film, film_id)
    form = FilmForm(obj=film)
    if form.validate_on_submit():
        try:
            _save_film(film, form, _prepared_poster(form))
        except PosterError as error:
            form.poster.errors.append(str(error))
        else:
            flash(f"“{film.title}” saved.", "success")
            return redirect(url_for("films.detail", film_id=film.id))
    return render_template("films/form.html", form=form, film=film)


@bp.post("/films/<int:film_id>/watchlist")
@login_required
def watchlist(film_id):
    """Put the film on the watchlist, or take it off."""
    film = owned_or_404(Film, film_id)
    if ConfirmForm().validate_on_submit():
        wanted = request.form.get("to_watch") == "yes"
        services.set_to_watch(film, wanted)
        flash(
            f"“{film.title}” is on your watchlist."
            if wanted
            else f"“{film.title}” is off your watchlist.",
            "success",
        )
    return redirect(url_for("films.detail", film_id=film.id))


@bp.route("/films/<int:film_id>/delete", methods=["GET", "POST"])
@login_required
def delete(film_id):
    film = owned_or_404(Film, film_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        stem = film.poster
        services.delete_film(film)
        delete_poster(stem, current_app.instance_path)
        flash(f"“{film.title}” deleted with its reviews and screenings.", "success")
        return redirect(url_for("films.index"))
    return render_template("films/delete.html", film=film, form=form)


# ------------------------------------------------------------------ reviews


@bp.route("/films/<int:film_id>/reviews/new", methods=["GET", "POST"])
@login_required
def new_review(film_id):
    """Write a review of a film in Markdown."""
    film = owned_or_404(Film, film_id)
    form = NewReviewForm()
    if form.validate_on_submit():
        review = create_once(
            form,
            lambda: services.create_review(current_user, film, form),
            lambda review: url_for("films.review", review_id=review.id),
        )
        flash("Review saved.", "success")
        return redirect(url_for("films.review", review_id=review.id))
    return render_template("films/review_form.html", form=form, film=film, review=None)


@bp.get("/reviews/<int:review_id>")
@login_required
def review(review_id):
    """The host's review page, with what guests thought of the film."""
    item = owned_or_404(Review, review_id)
    glow = services.film_afterglow(item.film)
    return render_template(
        "films/review.html",
        review=item,
        film=item.film,
        afterglow=glow,
        afterglow_average=services.average(glow),
    )


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def edit_review(review_id):
    item = owned_or_404(Review, review_id)
    form = ReviewForm(obj=item)
    if form.validate_on_submit():
        services.apply_review_form(item, form)
        services.save_review(item)
        flash("Review saved.", "success")
        return redirect(url_for("films.review", review_id=item.id))
    return render_template("films/review_form.html", form=form, film=item.film, review=item)


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete_review(review_id):
    item = owned_or_404(Review, review_id)
    film_id = item.film_id
    if ConfirmForm().validate_on_submit():
        services.delete_review(item)
        flash("Review deleted.", "success")
    return redirect(url_for("films.detail", film_id=film_id))


DRAWN_SIZES = {"large": (600, 900), "small": (200, 300)}


def drawn_poster_response(film: Film, size: str) -> Response:
    """The typographic poster drawn from a film's title, year and director: a face for a film
    whose poster was never uploaded (the sample's Her among them)."""
    if size not in DRAWN_SIZES:
        abort(404)
    data = type_poster_png(film.title, film.year, tuple(film.directors or ()), DRAWN_SIZES[size])
    response = Response(data, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/films/<int:film_id>/drawn-poster.png")
@login_required
def drawn_poster(film_id):
    """The host's view of the drawn poster, ?size=small for the film list."""
    return drawn_poster_response(owned_or_404(Film, film_id), request.args.get("size", "large"))
