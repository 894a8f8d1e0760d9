"""The tea menu of a party: add a tea, order, size and remove its cups."""

from flask import flash, request
from flask_login import current_user

from teahouse.forms import ConfirmForm
from teahouse.models import Party, PartyTea, Tea
from teahouse.ownership import owned_or_404
from teahouse.parties import menu, services
from teahouse.parties.blueprint import back_to_party, bp
from teahouse.parties.forms import MenuAddForm, MenuItemForm


@bp.post("/parties/<int:party_id>/menu")
def add_tea(party_id):
    """Put a tea from the collection on the menu."""
    party = owned_or_404(Party, party_id)
    form = MenuAddForm()
    form.tea_id.choices = services.host_tea_names(current_user)
    if form.validate_on_submit():
        try:
            menu.add_to_menu(party, owned_or_404(Tea, form.tea_id.data))
        except services.PartyError as error:
            flash(str(error), "error")
    else:
        flash("Choose a tea from your collection.", "error")
    return back_to_party(party, "menu")


@bp.post("/menu/<int:item_id>/move")
def move_tea(item_id):
    """Serve a tea earlier or later."""
    item = owned_or_404(PartyTea, item_id, via="party")
    if ConfirmForm().validate_on_submit():
        menu.move_in_menu(item.party, item, -1 if request.form.get("to") == "up" else 1)
    return back_to_party(item.party, "menu")


@bp.post("/menu/<int:item_id>/update")
def update_tea(item_id):
    """Cups per drinker and cup size for one tea of the plan."""
    item = owned_or_404(PartyTea, item_id, via="party")
    form = MenuItemForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        menu.update_item(item, form.cups_each.data, form.vessel_ml.data)
        flash(f"Plan for {item.tea.name} saved.", "success")
    else:
        errors = [e for field in form for e in field.errors]
        flash("Nothing was saved: " + " ".join(errors), "error")
    return back_to_party(item.party, "menu")


@bp.post("/menu/<int:item_id>/remove")
def remove_tea(item_id):
    """Take a tea off the menu."""
    item = owned_or_404(PartyTea, item_id, via="party")
    party = item.party
    if ConfirmForm().validate_on_submit():
        menu.remove_item(item)
    return back_to_party(party, "menu")


@bp.post("/parties/<int:party_id>/menu/suggest")
def suggest_order(party_id):
    """Light to dark, caffeine-free teas last."""
    party = owned_or_404(Party, party_id)
    if ConfirmForm().validate_on_submit():
        menu.apply_suggested_order(party)
        flash("Menu ordered light to dark, caffeine-free teas last.", "success")
    return back_to_party(party, "menu")
