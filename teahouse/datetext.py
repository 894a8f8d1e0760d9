"""Dates and times as people read them, the same on every platform.

strftime's "%-d" (a day without its leading zero) exists only in glibc; these build the day
from the number instead. English month and weekday names: the app is in English.
"""

from datetime import date, datetime


def date_text(value: date | None, *, weekday: bool = False, year: bool = True) -> str:
    """26 Nov 2026 — unambiguous in every locale; "Thu 26 Nov 2026" with the weekday."""
    if not value:
        return ""
    text = f"{value.day} {value:%b}"
    if year:
        text += f" {value:%Y}"
    return f"{value:%a} {text}" if weekday else text


def time_text(value: datetime | None) -> str:
    """15:00 — the 24-hour clock."""
    return f"{value:%H:%M}" if value else ""


def datetime_text(
    value: datetime | None, *, weekday: bool = True, year: bool = True, joiner: str = ", "
) -> str:
    """Thu 26 Nov 2026, 15:00."""
    if not value:
        return ""
    return f"{date_text(value, weekday=weekday, year=year)}{joiner}{time_text(value)}"


def long_datetime_text(value: datetime) -> str:
    """Thursday 26 November 2026, 15:00 — for email, where there is room."""
    return f"{value:%A} {value.day} {value:%B %Y}, {value:%H:%M}"
