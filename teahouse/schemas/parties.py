"""The exported records of the hosting side: guests, parties with their menus, invitations."""

from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ValidationInfo, field_validator

from teahouse.models.guest import DIETARY_TAGS, CaffeinePreference
from teahouse.models.party import PartyStatus, Response
from teahouse.models.stock import MG_PER_GRAM
from teahouse.schemas.fields import (
    Invalid,
    Record,
    RequiredUtcTime,
    Stamp,
    UtcTime,
    YesNo,
    YesUnlessNo,
    choice,
    decimal,
    line,
    paragraphs,
    tags,
    whole,
)
from teahouse.schemas.quoting import quoted
from teahouse.timezones import is_timezone

DietaryTags = tags(len(DIETARY_TAGS), 40, allowed=DIETARY_TAGS)


def _zone(value: str) -> str:
    if not is_timezone(value):
        raise Invalid(f"{quoted(value)} is not an IANA time zone")
    return value


TimeZone = Annotated[line(64, required=True), AfterValidator(_zone)]


class GuestRecord(Record):
    label: ClassVar = "name"
    references: ClassVar = {"favourite_tea_ids": "teas"}

    id: int | None = None
    name: line(120, required=True)
    email: line(254) = ""
    phone: line(40) = ""
    dietary_tags: DietaryTags = []
    dietary_notes: line(500) = ""
    caffeine: choice(
        [c.value for c in CaffeinePreference], "caffeine preference", default="any"
    ) = "any"
    notes: paragraphs(5000) = ""
    favourite_tea_ids: list[int] = []
    created_at: Stamp = None

    @field_validator("email")
    @classmethod
    def _email_shape(cls, email: str) -> str:
        local, _, domain = email.partition("@")
        if email and (not local or "." not in domain.strip(".") or " " in email or "@" in domain):
            raise Invalid(f"{quoted(email)} is not an email address")
        return email


class MenuItemRecord(BaseModel):
    """One tea on a party's menu."""

    tea_id: int | None = None
    position: whole(0, 1000) = 0
    cups_each: whole(1, 20) = 2
    vessel_ml: whole(20, 3000, optional=True) = None
    served_grams: decimal(0, 10_000, optional=True) = None

    def stored(self) -> dict:
        grams = self.served_grams
        return {
            "position": self.position,
            "cups_each": self.cups_each,
            "vessel_ml": self.vessel_ml,
            "served_milligrams": round(grams * MG_PER_GRAM) if grams is not None else None,
        }


class ScreeningRecord(BaseModel):
    """The film a party screens, and the host's review shown with it."""

    film_id: int | None = None
    review_id: int | None = None
    tea_service_minutes: whole(0, 600) = 45
    discussion_minutes: whole(0, 600) = 30
    show_rating_early: YesNo = False


class PartyRecord(Record):
    label: ClassVar = "title"
    export_only: ClassVar = ("id", "created_at", "updated_at", "menu", "screening")

    id: int | None = None
    title: line(120, required=True)
    description: paragraphs(5000) = ""
    starts_at: RequiredUtcTime
    ends_at: RequiredUtcTime
    timezone: TimeZone
    location: line(300) = ""
    location_confirmed_only: YesUnlessNo = True
    capacity: whole(1, 1000, optional=True) = None
    rsvp_deadline: UtcTime = None
    plus_ones_allowed: YesNo = False
    plus_one_cap: whole(0, 10) = 0
    maybe_allowed: YesUnlessNo = True
    status: choice([s.value for s in PartyStatus], "status", default="draft") = "draft"
    held_at: UtcTime = None
    end_is_computed: YesNo = False
    menu: list[MenuItemRecord] = []
    screening: ScreeningRecord | None = None
    created_at: Stamp = None
    updated_at: Stamp = None

    @field_validator("ends_at")
    @classmethod
    def _after_start(cls, ends_at, info: ValidationInfo):
        starts_at = info.data.get("starts_at")
        if starts_at is not None and ends_at <= starts_at:
            raise Invalid("must be after starts_at")
        return ends_at


class PersonRecord(BaseModel):
    """A plus-one as the guest described them."""

    name: line(120) = ""
    dietary_tags: DietaryTags = []
    dietary_notes: line(300) = ""


class InvitationRecord(Record):
    """An invitation and its answer. The secret link is left out: an import makes new ones."""

    references: ClassVar = {"party_id": "parties", "guest_id": "guests"}
    unique: ClassVar = (("party_id", "guest_id"),)

    id: int | None = None
    party_id: int
    guest_id: int
    response: choice([r.value for r in Response], "answer", default="pending") = "pending"
    waitlisted_at: UtcTime = None
    promoted_at: UtcTime = None
    plus_ones: whole(0, 10) = 0
    plus_one_details: list[PersonRecord] = []
    dietary_tags: DietaryTags = []
    dietary_notes: line(500) = ""
    message: paragraphs(1000) = ""
    responded_at: UtcTime = None
    emailed_at: UtcTime = None
    seen_film: YesNo = False
    created_at: Stamp = None

    @field_validator("plus_one_details")
    @classmethod
    def _one_entry_per_plus_one(cls, people: list, info: ValidationInfo) -> list:
        if "plus_ones" in info.data and len(people) != info.data["plus_ones"]:
            raise Invalid("must list as many people as plus_ones")
        return people
