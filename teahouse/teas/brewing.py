"""Brewing defaults by tea type and style (leaf per 100 ml, temperature, steep times) and the
unit conversions brewing needs.

A tea's own settings always override these; they fill in what the host leaves blank.
"""

from dataclasses import dataclass

from teahouse.models.tea import TeaType


@dataclass(frozen=True)
class BrewDefaults:
    temp_c: int
    grams_per_100ml: float
    steep_seconds: tuple[int, ...]
    vessel_ml: int
    rinse: bool = False


def _gongfu(first: int, step: int, count: int) -> tuple[int, ...]:
    """A gongfu schedule: each later steep is `step` seconds longer."""
    return tuple(first + step * i for i in range(count))


WESTERN_POT_ML = 300
GAIWAN_ML = 100

DEFAULTS: dict[tuple[TeaType, str], BrewDefaults] = {
    (TeaType.WHITE, "western"): BrewDefaults(85, 0.6, (180, 240, 300), WESTERN_POT_ML),
    (TeaType.WHITE, "gongfu"): BrewDefaults(85, 3.5, _gongfu(20, 10, 6), GAIWAN_ML),
    (TeaType.GREEN, "western"): BrewDefaults(80, 0.5, (120, 150, 180), WESTERN_POT_ML),
    (TeaType.GREEN, "gongfu"): BrewDefaults(80, 3.0, _gongfu(15, 3, 5), GAIWAN_ML),
    (TeaType.YELLOW, "western"): BrewDefaults(85, 0.6, (120, 150, 180), WESTERN_POT_ML),
    (TeaType.YELLOW, "gongfu"): BrewDefaults(85, 3.5, _gongfu(15, 5, 4), GAIWAN_ML),
    (TeaType.OOLONG, "western"): BrewDefaults(99, 0.8, (120, 150, 180), WESTERN_POT_ML),
    (TeaType.OOLONG, "gongfu"): BrewDefaults(99, 4.5, _gongfu(20, 5, 8), GAIWAN_ML),
    (TeaType.BLACK, "western"): BrewDefaults(93, 0.75, (180, 240), WESTERN_POT_ML),
    (TeaType.BLACK, "gongfu"): BrewDefaults(93, 4.0, _gongfu(10, 5, 6), GAIWAN_ML),
    (TeaType.PUERH_RAW, "western"): BrewDefaults(95, 0.9, (120, 150, 180), WESTERN_POT_ML, True),
    (TeaType.PUERH_RAW, "gongfu"): BrewDefaults(95, 5.0, _gongfu(10, 3, 10), GAIWAN_ML, True),
    (TeaType.PUERH_RIPE, "western"): BrewDefaults(99, 0.9, (120, 150, 180), WESTERN_POT_ML, True),
    (TeaType.PUERH_RIPE, "gongfu"): BrewDefaults(99, 5.0, _gongfu(10, 5, 10), GAIWAN_ML, True),
    (TeaType.DARK, "western"): BrewDefaults(99, 0.9, (120, 150, 180), WESTERN_POT_ML, True),
    (TeaType.DARK, "gongfu"): BrewDefaults(99, 5.0, _gongfu(10, 5, 10), GAIWAN_ML, True),
    # Matcha is whisked, not steeped: 2 g in 70 ml, about 30 s of whisking.
    (TeaType.MATCHA, "western"): BrewDefaults(75, 2.9, (30,), 70),
    (TeaType.HERBAL, "western"): BrewDefaults(100, 2.4, (300,), WESTERN_POT_ML),
    (TeaType.ROOIBOS, "western"): BrewDefaults(100, 2.4, (300,), WESTERN_POT_ML),
    (TeaType.BLEND, "western"): BrewDefaults(95, 0.8, (180, 240), WESTERN_POT_ML),
}


def defaults_for(tea_type: str, style: str) -> BrewDefaults:
    """The defaults for a type and style; types brewed one way only fall back to western."""
    kind = TeaType(tea_type)
    return DEFAULTS.get((kind, style)) or DEFAULTS[(kind, "western")]


def c_to_f(celsius: float) -> int:
    return round(celsius * 9 / 5 + 32)


def f_to_c(fahrenheit: float) -> int:
    return round((fahrenheit - 32) * 5 / 9)


def format_temperature(celsius: int, unit: str) -> str:
    return f"{c_to_f(celsius)} °F" if unit == "F" else f"{celsius} °C"


def format_seconds(seconds: int) -> str:
    """45 → "45 s", 180 → "3 min", 150 → "2 min 30 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def parse_schedule(text: str) -> list[int]:
    """Parse "20, 25, 30" or "2:00, 3:30" into seconds. Raises ValueError naming the bad part."""
    steeps = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().lower().removesuffix("s").strip()
        if not part:
            continue
        try:
            if ":" in part:
                minutes, seconds = part.split(":")
                value = int(minutes) * 60 + int(seconds)
            else:
                value = int(part)
        except ValueError:
            raise ValueError(f"“{part}” is not a number of seconds or m:ss") from None
        if not 1 <= value <= 3600:
            raise ValueError(f"each steep must be 1 s to 60 min, not {value} s")
        steeps.append(value)
    if len(steeps) > 30:
        raise ValueError("at most 30 steeps")
    return steeps


def format_schedule(steeps: list[int]) -> str:
    return ", ".join(str(s) for s in steeps)
