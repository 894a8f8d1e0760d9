"""Small guards used by several blueprints."""

from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """Follow a `next=` only to a path on this site: no scheme, no host, no //evil.example."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    return target
