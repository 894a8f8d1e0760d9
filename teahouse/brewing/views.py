"""Brew log, teaware and the brew timer."""

import re
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from teahouse.brewing import services
from teahouse.brewing.forms import MAX_STEEPS, BrewSessionForm, TeawareForm
from teahouse.forms import ConfirmForm
from teahouse.models import BrewSession, Tea, Teaware
from teahouse.ownership import owned_or_404
from teahouse.stock.ledger import StockError
from teahouse.submissions import create_once
from teahouse.teas.brewing import c_to_f
from teahouse.teas.pages import chosen_vessel_ml
from teahouse.templating import grams

bp = Blueprint("brewing", __name__)

# One steep in `?steeps=`: seconds in ASCII digits, spaces around allowed.
_SECONDS = re.compile(r"\s*[0-9]{1,4}\s*")


@bp.before_request
@login_required
def require_login():
    """Brewing pages belong to a signed-in host."""


def steeps_made(text: str | None) -> list[int]:
    """The `?steeps=20,25,31` the timer sends: the seconds of each infusion really made.

    Anything malformed counts as no list at all (the form then starts from the schedule).
    """
    parts = (text or "").split(",")
    if not text or len(parts) > MAX_STEEPS - 2:
        return []
    # ASCII digits only, four at most: "²" and "①" pass str.isdigit() yet int() refuses
    # them, and so it does a run of thousands of digits.
    if not all(_SECONDS.fullmatch(part) and 0 < int(part) <= 3600 for part in parts):
        return []
    return [int(part) for part in parts]


def _prefill(tea: Tea, teaware: list[Teaware], made: list[int]) -> dict:
    """A new brew starts from the steeps the timer saw made, else from the tea's schedule."""
    vessel_ml, ware = chosen_vessel_ml(tea, teaware)
    unit = current_user.temperature_unit
    temp = c_to_f(tea.brew_temp_c) if unit == "F" else tea.brew_temp_c
    schedule = made or tea.steep_seconds[: MAX_STEEPS - 2]
    return {
        "style": tea.brew_style,
        "teaware_id": ware.id if ware else None,
        "vessel_ml": vessel_ml,
        "grams_used": Decimal(str(tea.leaf_grams(vessel_ml))),
        "steeps": [{"temperature": temp, "seconds": s, "note": ""} for s in schedule]
        + [{"temperature": None, "seconds": None, "note": ""}] * 2,
    }


@bp.route("/teas/<int:tea_id>/brew", methods=["GET", "POST"])
def log_brew(tea_id):
    """Log a brew: the steeps made, the leaf used (taken from stock), how it tasted."""
    tea = owned_or_404(Tea, tea_id)
    teaware = services.host_teaware(current_user)
    unit = current_user.temperature_unit
    made = steeps_made(request.args.get("steeps"))
    form = BrewSessionForm(
        temperature_unit=unit, teaware=teaware, data=_prefill(tea, teaware, made)
    )
    if form.validate_on_submit():
        ware = next((w for w in teaware if w.id == form.teaware_id.data), None)
        try:
            create_once(
                form,
                lambda: services.log_brew(tea, form, ware, unit),
                lambda _: url_for("teas.detail", tea_id=tea.id, _anchor="tasting"),
            )
        except StockError as error:
            form.form_errors.append(str(error))
        else:
            flash(
                f"Brew of {tea.name} logged; {grams(form.grams_used.data)} taken from stock.",
                "success",
            )
            return redirect(url_for("teas.detail", tea_id=tea.id, _anchor="tasting"))
    return render_template("brewing/log.html", form=form, tea=tea, teaware=teaware)


@bp.post("/brews/<int:brew_id>/delete")
def delete_brew(brew_id):
    """Remove a brew from the log; its leaf goes back into stock."""
    brew = owned_or_404(BrewSession, brew_id)
    tea_id = brew.tea_id
    if ConfirmForm().validate_on_submit():
        services.delete_brew(brew)
        flash("Brew removed from the log; its leaf is back in stock.", "success")
    return redirect(url_for("teas.detail", tea_id=tea_id, _anchor="tasting"))


@bp.get("/teas/<int:tea_id>/timer")
def timer(tea_id):
    """A timer that walks the tea's steep schedule; the schedule table works without script."""
    tea = owned_or_404(Tea, tea_id)
    return render_template("brewing/timer.html", tea=tea)


@bp.get("/help/brew-timer")
def timer_help():
    """The timer's keys and how a timed session becomes a logged brew."""
    return render_template("brewing/timer_help.html")


@bp.route("/teaware", methods=["GET", "POST"])
def teaware():
    """The host's vessels: their volume decides the leaf."""
    form = TeawareForm()
    if form.validate_on_submit():
        create_once(
            form,
            lambda: services.add_teaware(current_user, form.name.data, form.volume_ml.data),
            lambda _: url_for("brewing.teaware"),
        )
        flash(f"{form.name.data} ({form.volume_ml.data} ml) added to your teaware.", "success")
        return redirect(url_for("brewing.teaware"))
    return render_template(
        "brewing/teaware.html",
        form=form,
        teaware=services.host_teaware(current_user),
        delete_form=ConfirmForm(),
    )


@bp.post("/teaware/<int:ware_id>/delete")
def delete_teaware(ware_id):
    """Remove a vessel; brews logged with it keep their volume."""
    ware = owned_or_404(Teaware, ware_id)
    if ConfirmForm().validate_on_submit():
        services.delete_teaware(ware)
        flash(f"{ware.name} removed from your teaware.", "success")
    return redirect(url_for("brewing.teaware"))
