"""Password rules (OWASP ASVS 6.2) and hashing at OWASP's scrypt strength."""

import threading
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

# Werkzeug's default scrypt:32768:8:1 is below OWASP's recommendation; p=3 meets it.
# PASSWORD_HASH_METHOD in the configuration can only be changed for the test suite.
HASH_METHOD = "scrypt:32768:8:3"
MIN_LENGTH = 8
MAX_LENGTH = 256


def _method() -> str:
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD") or HASH_METHOD
    return HASH_METHOD


@cache
def _dummy_hash(method: str) -> str:
    """Verified against when an email is unknown, so both answers take the same time."""
    return generate_password_hash("not a real password", method=method)


# Each scrypt:32768:8:n computation holds 32 MiB (128 × r × N bytes). However many logins
# arrive at once, a worker process runs at most this many, so its memory stays bounded
# (peak ≈ 2 × 32 MiB per worker); the others wait their turn for a fraction of a second.
SIMULTANEOUS_HASHES = 2
_hashing = threading.BoundedSemaphore(SIMULTANEOUS_HASHES)


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from real breaches.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords():
        return "This password is one of the most common ones; choose another."
    if email and lowered in (email.lower(), email.lower().split("@")[0]):
        return "The password must not be your email address."
    return None


def hash_password(password: str) -> str:
    with _hashing:
        return generate_password_hash(password, method=_method())


def verify_password(password_hash: str | None, password: str) -> bool:
    with _hashing:
        matches = check_password_hash(password_hash or _dummy_hash(_method()), password)
    return matches and bool(password_hash)


# Computed at import, as before: the first unknown email costs no more than the next ones.
_dummy_hash(HASH_METHOD)
