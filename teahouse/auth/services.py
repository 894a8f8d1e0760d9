"""Accounts and sessions: creating hosts, signing in and out for real."""

import hashlib
import secrets

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.exc import IntegrityError

from teahouse import generation, throttle
from teahouse.auth.currency import currency_for_zone
from teahouse.auth.passwords import hash_password, password_problem, verify_password
from teahouse.database import first_row_outside_transaction, write_transaction
from teahouse.extensions import db
from teahouse.models import User, UserSession
from teahouse.sample import load_sample


class AccountError(ValueError):
    """A request about an account that cannot be carried out, with a message for the host."""


def has_any_user() -> bool:
    """Whether a host exists. No host is ever deleted, so once one exists the answer stays yes
    for the life of the app, and the login page and the front door stop asking the database.

    Nothing in Teahouse deletes a host: no page or `flask` command does, and the import's
    staging accounts are deleted only beside the signed-in host they import for. So the cached
    yes goes stale only when someone deletes every row of `users` by hand (SQL, or copying an
    empty database over the file); each worker then keeps showing the login page instead of
    the setup page until it restarts, as the README says. Asking on every login page would
    cost every visitor a query for that one case."""
    if current_app.extensions.get("teahouse.has_user"):
        return True
    found = bool(db.session.scalar(select(exists().where(User.id.isnot(None)))))
    if found:
        current_app.extensions["teahouse.has_user"] = True
    return found


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    email: str, display_name: str, password: str, timezone: str = "UTC", temperature_unit="C"
) -> User:
    """Add a host (not committed). Raises AccountError for a taken email or a weak password."""
    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email):
        raise AccountError("An account with this email already exists.")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        timezone=timezone,
        temperature_unit=temperature_unit,
        currency=currency_for_zone(timezone),
    )
    db.session.add(user)
    return user


def create_account(
    email: str, display_name: str, password: str, timezone: str, *, with_sample: bool
) -> User:
    """Create a host (with the sample content if asked) and commit; AccountError changes nothing."""
    try:
        user = create_user(email, display_name, password, timezone)
        db.session.flush()
    except AccountError:
        db.session.rollback()
        raise
    if with_sample:
        load_sample(user)
    db.session.commit()
    return user


def save_profile(user: User, form) -> None:
    """The host's display name, time zone, units and currency, from a validated ProfileForm."""
    form.populate_obj(user)
    db.session.commit()


def sign_up(
    email: str, display_name: str, password: str, timezone: str, *, with_sample: bool
) -> None:
    """Create a further host unless the email is taken, and commit.

    A taken email changes nothing and takes as long (the password is hashed all the same), so
    that the caller can answer both cases alike.
    """
    try:
        with write_transaction():
            if find_user_by_email(email):
                hash_password(password)
                return
            user = create_user(email, display_name, password, timezone)
            db.session.flush()
            if with_sample:
                load_sample(user)
    except (AccountError, IntegrityError):  # a weak password, or the same email at once
        return


def _email_digest(email: str) -> str:
    # Keys in the throttle store carry no address book: a digest of the normalised email.
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def count_login_attempt(email: str, address: str) -> None:
    """Count a sign-in attempt per account-at-address and per address; raise 429 when over.

    No limit is per account alone, so an attacker at another address cannot lock the owner out.
    """
    throttle.take("LOGIN_ADDRESS_LIMIT", address)
    throttle.take("LOGIN_ACCOUNT_LIMIT", _email_digest(email), address)


def forget_login_attempts(email: str, address: str) -> None:
    """After a good sign-in, the owner's own earlier typos no longer count."""
    throttle.forget("LOGIN_ACCOUNT_LIMIT", _email_digest(email), address)


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None. Takes as long for an unknown email."""
    user = find_user_by_email(email)
    if verify_password(user.password_hash if user else None, password):
        return user
    return None


def start_session(user: User) -> None:
    """Sign in with a brand-new session (ASVS 7.2.4): nothing from before survives."""
    session.clear()
    token = secrets.token_urlsafe(32)
    with write_transaction():
        db.session.add(UserSession(user_id=user.id, token_hash=UserSession.hash_token(token)))
    session["sid"] = token
    session.permanent = True
    login_user(user)


def session_key() -> str:
    """This browser's server-side session, as a throttle key that does not reveal its token."""
    return UserSession.hash_token(session.get("sid", ""))


def end_session() -> None:
    """Sign out: the server forgets the session, so a replayed cookie is refused."""
    token = session.get("sid")
    if token:
        with write_transaction():
            db.session.execute(
                delete(UserSession).where(UserSession.token_hash == UserSession.hash_token(token))
            )
    logout_user()
    session.clear()


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every session of the host, then sign this browser in anew."""
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    new_hash = hash_password(new_password)
    with write_transaction():
        user.password_hash = new_hash
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    start_session(user)


# Built once: every signed-in request runs it, and a statement object built anew each time
# costs more to construct and to key for SQLAlchemy's compiled cache than the query itself.
# It also reads the data generation, which a cached page's key needs (teahouse.pagecache).
_SESSION_USER = (
    select(User, generation.AS_COLUMN)
    .join(UserSession, UserSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), UserSession.token_hash == bindparam("token_hash"))
)


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie's user, only while its server-side session exists."""
    token = session.get("sid")
    if not token or not user_id.isdigit():
        return None
    row = first_row_outside_transaction(
        _SESSION_USER, {"user_id": int(user_id), "token_hash": UserSession.hash_token(token)}
    )
    if row is None:
        return None
    user, number = row
    generation.remember(number)
    return user
