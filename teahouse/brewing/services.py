"""The brew log: a session and its "brewed" movement are written together or not at all."""

from sqlalchemy import select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import BrewSession, MovementKind, StockMovement, Tea, Teaware, User
from teahouse.stock import ledger
from teahouse.teas.brewing import f_to_c


def steeps_from_form(form, temperature_unit: str, default_temp_c: int) -> list[dict]:
    """The steeps actually made, temperatures in °C; rows without seconds are dropped."""
    steeps = []
    for entry in form.steeps.entries:
        step = entry.form
        if not step.seconds.data:
            continue
        temp = step.temperature.data
        if temp is None:
            temp_c = default_temp_c
        else:
            temp_c = f_to_c(temp) if temperature_unit == "F" else temp
        steeps.append(
            {"temp_c": temp_c, "seconds": step.seconds.data, "note": step.note.data or ""}
        )
    return steeps


def log_brew(tea: Tea, form, teaware: Teaware | None, temperature_unit: str) -> BrewSession:
    """Save a brew session and take its leaf from stock, in one write transaction."""
    milligrams = ledger.to_milligrams(form.grams_used.data)
    with write_transaction():
        on_hand = ledger.locked_on_hand_mg(tea.id)
        if milligrams > on_hand:
            raise ledger.StockError(
                f"Only {on_hand / 1000:g} g of {tea.name} are in stock, not the "
                f"{milligrams / 1000:g} g this brew needs. Nothing was saved: restock first, or "
                "correct the stock with a stock-take."
            )
        session = BrewSession(
            owner_id=tea.owner_id,
            tea_id=tea.id,
            teaware_id=teaware.id if teaware else None,
            brewed_on=form.brewed_on.data,
            style=form.style.data,
            vessel_ml=form.vessel_ml.data,
            milligrams_used=milligrams,
            steeps=steeps_from_form(form, temperature_unit, tea.brew_temp_c),
            rating=form.rating.data,
            notes=form.notes.data or "",
        )
        db.session.add(session)
        db.session.flush()
        ledger.add_movement(
            tea,
            MovementKind.BREWED,
            -milligrams,
            occurred_on=session.brewed_on,
            brew_session_id=session.id,
            note="Brew log",
        )
    return session


def delete_brew(session: BrewSession) -> None:
    """Remove a brew from the log and give its leaf back with an undo movement."""
    with write_transaction():
        # Removed twice at once (a double click), the second waits for the tea's lock, then
        # finds the brew gone and its leaf given back: nothing is left to do.
        ledger.locked_on_hand_mg(session.tea_id)
        if db.session.scalar(select(BrewSession.id).where(BrewSession.id == session.id)) is None:
            return
        movement = db.session.scalar(
            select(StockMovement).where(StockMovement.brew_session_id == session.id)
        )
        if movement is not None and not ledger.is_undone(movement):
            ledger.undo_movement(
                movement, note="Brew removed from the log", occurred_on=movement.occurred_on
            )
        db.session.delete(session)


def host_teaware(owner: User) -> list[Teaware]:
    """The host's vessels, smallest first."""
    return db.session.scalars(
        select(Teaware).where(Teaware.owner_id == owner.id).order_by(Teaware.volume_ml)
    ).all()


def add_teaware(owner: User, name: str, volume_ml: int) -> Teaware:
    """A new vessel (in a write transaction: a caller's may hold it)."""
    with write_transaction():
        ware = Teaware(owner_id=owner.id, name=name, volume_ml=volume_ml)
        db.session.add(ware)
    return ware


def delete_teaware(ware: Teaware) -> None:
    """Remove a vessel; brews logged with it keep their volume."""
    db.session.delete(ware)
    db.session.commit()
