"""The tea catalogue's logic: finding, saving and deleting a host's teas."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from teahouse import sample
from teahouse.database import on_rollback, write_transaction
from teahouse.extensions import db
from teahouse.images import PreparedImage
from teahouse.models import MovementKind, StockMovement, Tea, TeaTag, User
from teahouse.models.stock import MG_PER_GRAM
from teahouse.models.tea import TEA_DESCRIPTION_FIELDS
from teahouse.stock import ledger
from teahouse.teas import photos
from teahouse.teas.brewing import c_to_f, defaults_for, f_to_c, format_schedule


@dataclass
class TeaFilters:
    q: str = ""
    type: str = ""
    caffeine: str = ""
    favourite: bool = False
    tag: str = ""
    sort: str = "name"


def tea_list_query(owner: User, filters: TeaFilters) -> Select:
    """Teas of a host with their grams on hand, searched, filtered and sorted, in one query."""
    grams = (Tea.milligrams_on_hand / float(MG_PER_GRAM)).label("grams")
    query = select(Tea, grams).where(Tea.owner_id == owner.id).options(selectinload(Tea.tag_rows))
    if filters.q:
        has_tag = exists().where(
            TeaTag.tea_id == Tea.id, TeaTag.name.icontains(filters.q, autoescape=True)
        )
        query = query.where(
            or_(
                *(
                    column.icontains(filters.q, autoescape=True)
                    for column in (
                        Tea.name,
                        Tea.origin_country,
                        Tea.origin_region,
                        Tea.vendor,
                        Tea.notes,
                    )
                ),
                has_tag,
            )
        )
    if filters.type:
        query = query.where(Tea.type == filters.type)
    if filters.caffeine:
        query = query.where(Tea.caffeine == filters.caffeine)
    if filters.favourite:
        query = query.where(Tea.favourite.is_(True))
    if filters.tag:
        query = query.where(
            exists().where(TeaTag.tea_id == Tea.id, TeaTag.name == filters.tag.lower())
        )
    # In the order of the (owner, lower(name), id) and (owner, rating IS NULL, rating DESC,
    # lower(name), id) indexes: the database reads one page of rows, not the collection.
    order = {
        "name": [func.lower(Tea.name), Tea.id],
        "type": [Tea.type, func.lower(Tea.name), Tea.id],
        "rating": [Tea.rating.is_(None), Tea.rating.desc(), func.lower(Tea.name), Tea.id],
        "newest": [Tea.created_at.desc(), Tea.id.desc()],
    }[filters.sort if filters.sort in ("name", "type", "rating", "newest") else "name"]
    return query.order_by(*order)


def host_tags(owner: User) -> list[str]:
    """Every tag the host uses, for the tag filter.

    A thousand teas may share a handful of tags: rather than read every tag row, each step
    seeks the next name along the (name, tea_id) index (a recursive query), so the cost grows
    with the number of different tags, not of tagged teas.
    """

    def first_after(previous=None):
        owned = exists().where(Tea.id == TeaTag.tea_id, Tea.owner_id == owner.id)
        query = select(TeaTag.name).where(owned)
        if previous is not None:
            query = query.where(TeaTag.name > previous)
        return query.order_by(TeaTag.name).limit(1).scalar_subquery()

    names = select(first_after().label("name")).cte("names", recursive=True)
    names = names.union_all(
        select(first_after(names.c.name).label("name")).where(names.c.name.isnot(None))
    )
    return list(db.session.scalars(select(names.c.name).where(names.c.name.isnot(None))))


def apply_tea_form(tea: Tea, form, temperature_unit: str) -> None:
    """Copy a validated TeaForm onto a tea; blank brewing fields take the type's defaults."""
    for field in TEA_DESCRIPTION_FIELDS:
        setattr(tea, field, getattr(form, field).data)
    tea.tags = form.tags.data
    tea.photo_description = form.photo_description.data or ""
    defaults = defaults_for(tea.type, tea.brew_style)
    temp = form.brew_temp.data
    if temp is None:
        tea.brew_temp_c = defaults.temp_c
    else:
        tea.brew_temp_c = f_to_c(temp) if temperature_unit == "F" else temp
    grams = form.grams_per_100ml.data
    tea.grams_per_100ml = float(grams) if grams is not None else defaults.grams_per_100ml
    tea.steep_seconds = form.steep_schedule.parsed or list(defaults.steep_seconds)
    tea.vessel_ml = form.vessel_ml.data or defaults.vessel_ml
    tea.rinse = {"yes": True, "no": False}.get(form.rinse.data, defaults.rinse)


def create_tea(owner: User, form, temperature_unit: str, photo: PreparedImage | None) -> Tea:
    """A new tea from the form, with its photo (prepared by photos.prepare_upload before any
    transaction) and its opening purchase when the form gives them. In a write transaction
    (the opening purchase reads the stock before it writes), which a caller's write
    transaction may hold (a once-only form's)."""
    new_photo = None
    try:
        with write_transaction():
            if photo is not None:
                new_photo = photos.store_photo(photo)
                on_rollback(lambda: photos.delete_photo(new_photo))
            tea = Tea(owner_id=owner.id)
            apply_tea_form(tea, form, temperature_unit)
            tea.photo = new_photo
            db.session.add(tea)
            if form.opening_grams.data:
                record_opening_purchase(tea, form.opening_grams.data)
    except BaseException:
        photos.delete_photo(new_photo)
        raise
    return tea


def update_tea(tea: Tea, form, temperature_unit: str) -> None:
    """Save the form onto the tea; its photo is replaced or removed as the form asks. A refused
    photo raises images.ImageRefused before the tea is touched."""
    prepared = photos.prepare_upload(form.photo.data)
    new_photo = photos.store_photo(prepared) if prepared is not None else None
    old_photo = tea.photo
    apply_tea_form(tea, form, temperature_unit)
    if new_photo:
        tea.photo = new_photo
    elif form.remove_photo.data:
        tea.photo = None
        tea.photo_description = ""  # it described the photo that goes
    _commit_keeping_files(new_photo, old_photo if tea.photo != old_photo else None)


def _commit_keeping_files(new_photo: str | None, old_photo: str | None) -> None:
    """Commit; the new photo's files go if the commit fails, the old one's once it succeeded."""
    try:
        db.session.commit()
    except BaseException:
        photos.delete_photo(new_photo)
        raise
    photos.delete_photo(old_photo)


def delete_tea(tea: Tea) -> None:
    """Delete a tea with its stock history and its photo."""
    stem = tea.photo
    with write_transaction():
        ledger.forget_tea(tea)
        db.session.delete(tea)
    photos.delete_photo(stem)


def load_sample(owner: User) -> int:
    """Load the sample collection and film night, once per host; how many teas were added."""
    added = sample.load_sample(owner)
    db.session.commit()
    return added


def tea_form_data(tea: Tea, temperature_unit: str) -> dict:
    """A tea as the form shows it: temperature in the host's unit, the schedule as text."""
    data = {column: getattr(tea, column) for column in TEA_DESCRIPTION_FIELDS}
    data["tags"] = tea.tags
    data["photo_description"] = tea.photo_description
    data["brew_temp"] = c_to_f(tea.brew_temp_c) if temperature_unit == "F" else tea.brew_temp_c
    data["grams_per_100ml"] = Decimal(str(tea.grams_per_100ml))
    data["steep_schedule"] = format_schedule(tea.steep_seconds)
    data["rinse"] = "yes" if tea.rinse else "no"
    data["vessel_ml"] = tea.vessel_ml
    data["version"] = tea.version
    return data


def record_opening_purchase(tea: Tea, grams: Decimal, on: date | None = None) -> StockMovement:
    """The grams bought with a new tea become its first purchase in the ledger."""
    return ledger.add_movement(
        tea,
        MovementKind.PURCHASE,
        ledger.to_milligrams(grams),
        vendor=tea.vendor,
        occurred_on=on,
        note="Opening stock",
    )
