"""Films, the host's reviews, the screening that pairs a party with a film, and afterglow."""

from datetime import date, datetime, timedelta

from markupsafe import Markup
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.models.base import utcnow


class Film(db.Model):
    __tablename__ = "films"
    __table_args__ = (
        CheckConstraint("runtime_minutes > 0", name="runtime_positive"),
        CheckConstraint("rating IS NULL OR (rating >= 0.5 AND rating <= 5)", name="rating_range"),
        Index("ix_films_owner_id_letterboxd_uri", "owner_id", "letterboxd_uri"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    original_title: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None]
    directors: Mapped[list[str]] = mapped_column(JSON, default=list)
    cast: Mapped[list[str]] = mapped_column(JSON, default=list)
    runtime_minutes: Mapped[int | None]
    genres: Mapped[list[str]] = mapped_column(JSON, default=list)
    synopsis: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(80), default="")
    # Random file stem under instance/posters/ ("<stem>.jpg" and "<stem>-small.jpg").
    poster: Mapped[str | None] = mapped_column(String(40))
    # The film's own page on Letterboxd (https://letterboxd.com/film/… or https://boxd.it/…).
    letterboxd_uri: Mapped[str | None] = mapped_column(String(200))
    # Seen, rated or liked as a whole, as Letterboxd keeps it apart from dated viewings (reviews).
    seen: Mapped[bool] = mapped_column(default=False)
    rating: Mapped[float | None]
    liked: Mapped[bool] = mapped_column(default=False)
    # On the watchlist: a film to pick for a coming screening.
    to_watch: Mapped[bool] = mapped_column(default=False)
    to_watch_since: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviews: Mapped[list["Review"]] = relationship(
        back_populates="film",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Review.watched_on.desc()",
    )


class Review(db.Model):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 0.5 AND rating <= 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    rating: Mapped[float | None]
    liked: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # The body as cleaned HTML, made whenever the body is written (teahouse.films.markdown):
    # pages show it as it is, so a worker serving them never loads the Markdown tools. No
    # default: a write that forgets it is refused, rather than showing a review as empty.
    body_html: Mapped[str] = mapped_column(Text)
    teaser: Mapped[str] = mapped_column(String(500), default="")  # spoiler-free
    contains_spoilers: Mapped[bool] = mapped_column(default=False)
    watched_on: Mapped[date | None]
    rewatch: Mapped[bool] = mapped_column(default=False)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The diary entry or review this viewing came from on Letterboxd: a re-import finds it again.
    letterboxd_uri: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    film: Mapped[Film] = relationship(back_populates="reviews")

    @property
    def html(self) -> Markup:
        """The body, ready for a page: cleaned by the allow-list when it was written."""
        return Markup(self.body_html)  # noqa: S704 — teahouse.films.markdown cleaned it


class Screening(db.Model):
    """The film of a party: tea service, then the film, then discussion."""

    __tablename__ = "screenings"
    __table_args__ = (
        CheckConstraint("tea_service_minutes >= 0", name="tea_service_positive"),
        CheckConstraint("discussion_minutes >= 0", name="discussion_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), unique=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="SET NULL"), index=True
    )
    tea_service_minutes: Mapped[int] = mapped_column(default=45)
    discussion_minutes: Mapped[int] = mapped_column(default=30)
    # Whether guests see the host's rating before the screening (the full text stays sealed).
    show_rating_early: Mapped[bool] = mapped_column(default=False)

    party: Mapped["Party"] = relationship(back_populates="screening")  # noqa: F821
    film: Mapped[Film] = relationship()
    review: Mapped[Review | None] = relationship()

    @property
    def film_minutes(self) -> int:
        return self.film.runtime_minutes or 120

    def film_starts_at(self, party_start: datetime) -> datetime:
        return party_start + timedelta(minutes=self.tea_service_minutes)

    def film_ends_at(self, party_start: datetime) -> datetime:
        return self.film_starts_at(party_start) + timedelta(minutes=self.film_minutes)

    def ends_at(self, party_start: datetime) -> datetime:
        return self.film_ends_at(party_start) + timedelta(minutes=self.discussion_minutes)


class Afterglow(db.Model):
    """A guest's half-star rating and one-line comment on the film, after the party."""

    __tablename__ = "afterglow"
    __table_args__ = (
        CheckConstraint("film_rating >= 0.5 AND film_rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), unique=True
    )
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    film_rating: Mapped[float]
    comment: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    invitation: Mapped["Invitation"] = relationship()  # noqa: F821


class AfterglowTea(db.Model):
    """A guest's rating of one tea served at the party."""

    __tablename__ = "afterglow_teas"
    __table_args__ = (
        UniqueConstraint("invitation_id", "tea_id"),
        CheckConstraint("rating >= 0.5 AND rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), index=True)
    rating: Mapped[float]

    invitation: Mapped["Invitation"] = relationship()  # noqa: F821
