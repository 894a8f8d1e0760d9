"""When the database says no: a friendly 503 with Retry-After when busy, never a bare 500."""

import contextlib
import sqlite3

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from teahouse.extensions import db
from teahouse.models import Invitation, StockMovement, User
from tests.helpers.client import add_host, csrf_token, login
from tests.helpers.parties import invite, make_guest, make_party
from tests.helpers.teas import make_tea


def _locked(app):
    """Another process holds SQLite's write lock (as a long import would)."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_busy_database_answers_503_with_retry_after(app_with):
    app = app_with(SQLITE_BUSY_TIMEOUT_MS=200)
    host = add_host(app)
    token = invite(app, make_party(app, host), make_guest(app, host))[1]
    tea_id = make_tea(app, host, grams=30)
    guest, owner = app.test_client(), app.test_client()
    login(owner)
    answer = {"response": "yes", "plus_ones": "0", "csrf_token": csrf_token(guest, f"/i/{token}")}
    restock = {
        "restock-grams": "50",
        "restock-currency": "eur",
        "csrf_token": csrf_token(owner, f"/teas/{tea_id}"),
    }
    holder = _locked(app)
    try:
        for client, url, data in (
            (guest, f"/i/{token}", answer),
            (owner, f"/teas/{tea_id}/restock", restock),
        ):
            response = client.post(url, data=data)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"] == "5"
            assert "busy for a moment" in response.get_data(as_text=True)
    finally:
        holder.rollback()
        holder.close()
    with app.app_context():
        assert db.session.scalar(select(Invitation.response)) == "pending"
        assert db.session.scalar(select(func.count()).select_from(StockMovement)) == 1
    assert guest.post(f"/i/{token}", data=answer).status_code == 302  # the retry works


def test_a_failed_transaction_still_gets_the_friendly_error_page(app_with):
    app = app_with(TESTING=False)
    add_host(app)

    @app.get("/half-written")
    def half_written():
        db.session.add(User(email="host@example.com", display_name="Twin", password_hash="x"))
        with contextlib.suppress(IntegrityError):  # a view that swallows it, as a bug would
            db.session.flush()
        return str(db.session.scalar(select(User.id)))  # PendingRollbackError

    client = app.test_client()
    login(client)
    response = client.get("/half-written")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page and "Mei" in page  # the page rendered, signed in
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_row_removed_by_a_second_click_meanwhile_answers_409(app, client, host, monkeypatch):
    """Found over HTTP: "Remove" on a guest of the list clicked twice at once answered 500 to
    the click that found the invitation gone (SQLAlchemy's ObjectDeletedError)."""
    from sqlalchemy import delete

    from teahouse.forms import ConfirmForm

    party_id = make_party(app, host)
    invitation_id, _ = invite(app, party_id, make_guest(app, host))
    kept_id, _ = invite(app, party_id, make_guest(app, host, "Rin"))
    token = csrf_token(client, f"/parties/{party_id}")
    confirmed = ConfirmForm.validate_on_submit

    def other_click_first(self):
        with app.app_context():  # another request's session, committing first
            db.session.execute(delete(Invitation).where(Invitation.id == invitation_id))
            db.session.commit()
        return confirmed(self)

    monkeypatch.setattr(ConfirmForm, "validate_on_submit", other_click_first)
    response = client.post(f"/invitations/{invitation_id}/remove", data={"csrf_token": token})
    assert response.status_code == 409
    assert "at the same moment" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Invitation.id)).all() == [kept_id]


def test_a_busy_database_while_a_stranger_answers_leaves_no_guest_behind(
    app, client, host, monkeypatch
):
    """Found in the code: open RSVP wrote the stranger's guest and invitation in one
    transaction and the answer in a second, so a busy database (503) at the second kept a
    guest nobody answered for."""
    from sqlalchemy.exc import OperationalError

    from teahouse.models import Guest
    from teahouse.rsvp import services as rsvp
    from tests.helpers.client import post_form
    from tests.helpers.public_page import settings, shared_party

    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)

    def busy(party):
        locked = sqlite3.OperationalError("database is locked")
        locked.sqlite_errorname = "SQLITE_BUSY"
        raise OperationalError("UPDATE invitations …", {}, locked)

    monkeypatch.setattr(rsvp, "promote_waitlisted", busy)
    stranger = app.test_client()
    answer = {"name": "Visitor", "email": "v@example.net", "response": "yes"}
    response = post_form(stranger, path + "/rsvp", answer)
    assert response.status_code == 503
    assert "Nothing was changed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Guest)).all() == []
        assert db.session.scalars(select(Invitation)).all() == []
