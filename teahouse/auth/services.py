"""Accounts and sessions: creating hosts, signing in and out for real."""

import secrets

from flask import session
from flask_login import login_user, logout_user
from sqlalchemy import delete, exists, select

from teahouse.auth.passwords import hash_password, password_problem, verify_password
from teahouse.extensions import db
from teahouse.models import User, UserSession


class AccountError(ValueError):
    """A request about an account that cannot be carried out, with a message for the host."""


def has_any_user() -> bool:
    return bool(db.session.scalar(select(exists().where(User.id.isnot(None)))))


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
    )
    db.session.add(user)
    return user


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
    db.session.add(UserSession(user_id=user.id, token_hash=UserSession.hash_token(token)))
    db.session.commit()
    session["sid"] = token
    session.permanent = True
    login_user(user)


def end_session() -> None:
    """Sign out: the server forgets the session, so a replayed cookie is refused."""
    token = session.get("sid")
    if token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == UserSession.hash_token(token))
        )
        db.session.commit()
    logout_user()
    session.clear()


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every session of the host, then sign this browser in anew."""
    problem = password_problem(new_password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    start_session(user)


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie's user, only while its server-side session exists."""
    token = session.get("sid")
    if not token or not user_id.isdigit():
        return None
    return db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.token_hash == UserSession.hash_token(token))
    )
