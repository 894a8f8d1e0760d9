"""Template filters and globals: formatting only, never queries."""

from babel.numbers import get_currency_precision
from flask import Flask
from flask_login import current_user
from markupsafe import Markup, escape

from teahouse.datetext import date_text, datetime_text, time_text
from teahouse.films.headings import headings_below
from teahouse.models.tea import TEA_TYPE_LABELS, TeaType
from teahouse.teas.brewing import format_seconds, format_temperature
from teahouse.words import plural


def temperature(celsius: int | None) -> str:
    if celsius is None:
        return ""
    unit = getattr(current_user, "temperature_unit", "C") if current_user else "C"
    return format_temperature(celsius, unit)


MINUS = "\u2212"  # a true minus sign: a hyphen reads as a dash, and is shorter than the plus


def grams(value: float | None) -> str:
    """Grams as people read them: one decimal where there is one, a true minus sign."""
    if value is None:
        return ""
    text = f"{abs(value):,.1f}".rstrip("0").rstrip(".")
    sign = MINUS if value < 0 and text != "0" else ""
    return f"{sign}{text} g"


def signed_grams(value: float) -> Markup:
    """A change of stock, +5 g or −3 g. The minus sign is spelled out for screen readers,
    since not every one of them reads the sign (some say nothing for it at all)."""
    if value > 0:
        return Markup("+") + grams(value)
    if value < 0 and grams(value).startswith(MINUS):
        size = grams(-value)
        return Markup(
            f'<span aria-hidden="true">{MINUS}{escape(size)}</span>'
            f'<span class="visually-hidden">minus {escape(size)}</span>'
        )
    return Markup(escape(grams(value)))


def rating_text(value: float | None) -> str:
    if value is None:
        return "not rated"
    return f"{value:g} of 5"


def stars(value: float | None) -> Markup:
    """Half stars drawn by CSS, with the rating in words for screen readers and print."""
    if value is None:
        return Markup('<span class="rating-text">not rated</span>')
    halves = max(0, min(10, round(value * 2)))
    return Markup(
        f'<span class="stars stars-{halves}" aria-hidden="true"></span>'
        f'<span class="visually-hidden">{value:g} of 5 stars</span>'
    )


def money(value, currency: str = "", places: int | None = None) -> str:
    """1,234.50 EUR; 9,848 JPY: as many decimals as the currency has (ISO 4217, from CLDR),
    unless `places` asks for more (a cost per gram)."""
    if value is None:
        return ""
    if places is None:
        places = get_currency_precision(currency) if currency else 2
    return f"{value:,.{places}f} {currency}".strip()


def init_app(app: Flask) -> None:
    app.add_template_global(zip)
    app.add_template_filter(plural)
    app.add_template_global(plural)
    app.add_template_filter(money)
    app.add_template_filter(date_text)
    app.add_template_filter(datetime_text)
    app.add_template_filter(time_text)
    app.add_template_filter(temperature)
    app.add_template_filter(grams)
    app.add_template_filter(signed_grams)
    app.add_template_filter(format_seconds, "seconds")
    app.add_template_filter(rating_text)
    app.add_template_filter(stars)
    app.add_template_filter(headings_below)
    app.add_template_global(TEA_TYPE_LABELS, "tea_type_labels")
    app.add_template_global(TeaType, "TeaType")
