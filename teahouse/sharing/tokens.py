"""Link tokens that the database alone cannot reproduce (see teahouse.models.public)."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_salt() -> str:
    return secrets.token_urlsafe(32)


def token_for(salt: str, purpose: str) -> str:
    """The link token of a salt: HMAC-SHA-256 under the secret key, 256 bits, URL-safe."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"{purpose}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """What the database keeps and is searched by: the SHA-256 of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def plausible(token: str) -> bool:
    """Cheap refusal of garbage before any query (43 URL-safe characters)."""
    return len(token) == 43 and all(c.isalnum() or c in "-_" for c in token)
