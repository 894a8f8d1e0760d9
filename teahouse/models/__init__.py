"""The models, one module per domain. Importing this package registers every table."""

from teahouse.models.brewing import BrewSession, Teaware
from teahouse.models.film import Afterglow, AfterglowTea, Film, Review, Screening
from teahouse.models.generation import DataGeneration
from teahouse.models.guest import CaffeinePreference, Guest
from teahouse.models.party import Invitation, Party, PartyStatus, PartyTea, Response, RsvpEvent
from teahouse.models.public import CalendarFeed, GuestListVisibility, PublicPage
from teahouse.models.stock import (
    CollectionValue,
    ConsumptionMonth,
    MovementKind,
    PurchaseTotal,
    StockMovement,
)
from teahouse.models.submission import Submission
from teahouse.models.tea import Caffeine, Tea, TeaTag, TeaType, TeaTypeCount
from teahouse.models.throttle import ThrottleCounter
from teahouse.models.user import User, UserSession

__all__ = [
    "Afterglow",
    "DataGeneration",
    "AfterglowTea",
    "Film",
    "Review",
    "Screening",
    "CaffeinePreference",
    "Guest",
    "Invitation",
    "Party",
    "PartyStatus",
    "PartyTea",
    "Response",
    "RsvpEvent",
    "CalendarFeed",
    "GuestListVisibility",
    "PublicPage",
    "CollectionValue",
    "TeaTypeCount",
    "BrewSession",
    "Teaware",
    "Caffeine",
    "ConsumptionMonth",
    "MovementKind",
    "PurchaseTotal",
    "StockMovement",
    "Submission",
    "Tea",
    "TeaTag",
    "TeaType",
    "ThrottleCounter",
    "User",
    "UserSession",
]
