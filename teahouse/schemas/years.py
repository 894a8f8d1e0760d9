"""Year fields whose latest allowed year moves on with the calendar (harvests, films)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

from teahouse.schemas.fields import Invalid, whole


@dataclass(frozen=True)
class UpToYear:
    """The moving upper bound of a year field, for the pages that state the field's limits."""

    latest: Callable[[], int]


def whole_up_to(low: int, latest, *, optional: bool = False):
    """A whole number from `low` to `latest()`, a bound read when each value is checked: a
    year's limit moves on at New Year, and a worker may run from one year into the next."""

    def check(value):
        if value is not None and value > (high := latest()):
            raise Invalid(f"must be at most {high}")
        return value

    return Annotated[whole(low, 9999, optional=optional), AfterValidator(check), UpToYear(latest)]
