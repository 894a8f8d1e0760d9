"""Small pieces every model module shares."""

from teahouse.utc import utcnow

__all__ = ["utcnow"]
