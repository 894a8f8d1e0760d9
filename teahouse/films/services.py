"""Films and reviews, and the afterglow guests give a film and its teas."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, bindparam, cast, exists, func, or_, select
from sqlalchemy.orm import joinedload

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import (
    Afterglow,
    AfterglowTea,
    Film,
    Invitation,
    Party,
    Review,
    Screening,
    Tea,
    User,
)


def film_list_query(owner: User, q="", year=None, genre="", reviewed="", shown=""):
    """Films of a host, newest first, searched and filtered; each row with its review count.
    The watchlist (shown="to_watch") lists the longest-waiting films first."""
    reviews = select(func.count(Review.id)).where(Review.film_id == Film.id).scalar_subquery()
    query = select(Film, reviews.label("review_count")).where(Film.owner_id == owner.id)
    if q:
        query = query.where(
            or_(
                Film.title.icontains(q, autoescape=True),
                Film.original_title.icontains(q, autoescape=True),
                cast(Film.directors, String).icontains(q, autoescape=True),
                cast(Film.cast, String).icontains(q, autoescape=True),
                Film.synopsis.icontains(q, autoescape=True),
            )
        )
    if year:
        query = query.where(Film.year == year)
    if genre:
        # A whole genre within the JSON list, its quotes included.
        query = query.where(cast(Film.genres, String).icontains(f'"{genre}"', autoescape=True))
    if reviewed == "yes":
        query = query.where(exists().where(Review.film_id == Film.id))
    elif reviewed == "no":
        query = query.where(~exists().where(Review.film_id == Film.id))
    if shown == "to_watch":
        query = query.where(Film.to_watch.is_(True))
        return query.order_by(Film.to_watch_since.asc().nulls_last(), Film.title, Film.id)
    return query.order_by(Film.year.desc().nulls_last(), Film.title, Film.id)


def apply_film_form(film: Film, form) -> None:
    for name in (
        "title",
        "original_title",
        "year",
        "directors",
        "cast",
        "runtime_minutes",
        "genres",
        "synopsis",
        "country",
        "language",
        "letterboxd_uri",
        "to_watch",
        "seen",
        "rating",
        "liked",
    ):
        setattr(
            film,
            name,
            getattr(form, name).data
            if getattr(form, name).data is not None
            else ([] if name in ("directors", "cast", "genres") else None),
        )
    for name in ("original_title", "synopsis", "country", "language"):
        if getattr(film, name) is None:
            setattr(film, name, "")
    film.letterboxd_uri = film.letterboxd_uri or None
    if not film.to_watch:
        film.to_watch_since = None
    elif film.to_watch_since is None:
        film.to_watch_since = date.today()


def set_to_watch(film: Film, wanted: bool) -> None:
    """Put a film on the watchlist (dated today) or take it off."""
    film.to_watch = wanted
    film.to_watch_since = (film.to_watch_since or date.today()) if wanted else None
    db.session.commit()


def save_film(film: Film) -> None:
    """Store a new or changed film (in a write transaction: a caller's may hold it)."""
    with write_transaction():
        db.session.add(film)


def delete_film(film: Film) -> None:
    """Delete a film with its reviews and screenings (its poster file is the caller's)."""
    db.session.delete(film)
    db.session.commit()


def film_screenings(film: Film) -> tuple[list[Screening], dict[int, Party]]:
    """The film's screenings, latest party first, and those parties by id, in two queries."""
    screenings = db.session.scalars(
        select(Screening)
        .join(Party)
        .where(Screening.film_id == film.id)
        .order_by(Party.starts_at.desc())
    ).all()
    if not screenings:
        return screenings, {}
    parties = db.session.scalars(
        select(Party).where(Party.id.in_([s.party_id for s in screenings]))
    )
    return screenings, {party.id: party for party in parties}


def save_review(review: Review) -> None:
    db.session.add(review)
    db.session.commit()


def create_review(owner: User, film: Film, form) -> Review:
    """A new review of `film` from the form (in a write transaction: a caller's may hold it)."""
    with write_transaction():
        review = Review(owner_id=owner.id, film_id=film.id)
        apply_review_form(review, form)
        db.session.add(review)
    return review


def delete_review(review: Review) -> None:
    db.session.delete(review)
    db.session.commit()


def apply_review_form(review: Review, form) -> None:
    for name in (
        "rating",
        "liked",
        "title",
        "teaser",
        "body",
        "contains_spoilers",
        "watched_on",
        "rewatch",
        "tags",
    ):
        setattr(review, name, getattr(form, name).data)
    review.title = review.title or ""
    review.teaser = review.teaser or ""
    review.body = review.body or ""


# ------------------------------------------------------------------ afterglow


def save_afterglow(
    invitation: Invitation,
    film_id: int,
    rating: float | None,
    comment: str,
    tea_ratings: dict[int, float | None],
) -> None:
    """One afterglow per guest and party: saving again changes it. A film left "not rated"
    has no rating row at all, so it never drags the film's average down."""
    glow = db.session.scalar(select(Afterglow).where(Afterglow.invitation_id == invitation.id))
    if rating is None:
        if glow is not None:
            db.session.delete(glow)
    else:
        if glow is None:
            glow = Afterglow(invitation_id=invitation.id, film_id=film_id, film_rating=rating)
            db.session.add(glow)
        glow.film_id, glow.film_rating, glow.comment = film_id, rating, comment or ""
    existing = {
        row.tea_id: row
        for row in db.session.scalars(
            select(AfterglowTea).where(AfterglowTea.invitation_id == invitation.id)
        )
    }
    for tea_id, value in tea_ratings.items():
        row = existing.get(tea_id)
        if value is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(AfterglowTea(invitation_id=invitation.id, tea_id=tea_id, rating=value))
        else:
            row.rating = value
    db.session.commit()


def guest_afterglow(invitation: Invitation) -> tuple[Afterglow | None, dict[int, float]]:
    """What one guest said before: their film afterglow and their rating by tea id."""
    glow = db.session.scalar(select(Afterglow).where(Afterglow.invitation_id == invitation.id))
    rated = db.session.execute(
        select(AfterglowTea.tea_id, AfterglowTea.rating).where(
            AfterglowTea.invitation_id == invitation.id
        )
    )
    return glow, dict(rated.all())


@dataclass
class GuestRating:
    guest_name: str
    party_title: str
    rating: float
    comment: str = ""


def film_afterglow(film: Film) -> list[GuestRating]:
    rows = db.session.scalars(
        select(Afterglow)
        .where(Afterglow.film_id == film.id)
        .options(
            joinedload(Afterglow.invitation).joinedload(Invitation.guest),
            joinedload(Afterglow.invitation).joinedload(Invitation.party),
        )
        .order_by(Afterglow.updated_at.desc())
    ).all()
    return [
        GuestRating(g.invitation.guest.name, g.invitation.party.title, g.film_rating, g.comment)
        for g in rows
    ]


# Built once, run with the tea's id bound: it runs on every tea page.
_TEA_AFTERGLOW = (
    select(AfterglowTea)
    .where(AfterglowTea.tea_id == bindparam("tea_id"))
    .options(
        joinedload(AfterglowTea.invitation).joinedload(Invitation.guest),
        joinedload(AfterglowTea.invitation).joinedload(Invitation.party),
    )
    .order_by(AfterglowTea.id.desc())
)


def tea_afterglow(tea: Tea) -> list[GuestRating]:
    rows = db.session.scalars(_TEA_AFTERGLOW, {"tea_id": tea.id}).all()
    return [GuestRating(r.invitation.guest.name, r.invitation.party.title, r.rating) for r in rows]


def average(ratings: list[GuestRating]) -> float | None:
    return round(sum(r.rating for r in ratings) / len(ratings), 1) if ratings else None
