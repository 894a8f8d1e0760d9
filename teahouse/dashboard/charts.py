"""Bar charts as plain geometry for an inline SVG template: no script, no network, no styles.

Each chart also keeps its rows, so the template can give the same figures as a table.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as people read it, e.g. "350 g"
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    value_heading: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    horizontal: bool

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


LABEL_WIDTH = 230
ROW_HEIGHT = 26
BAR_AREA = 320
VALUE_GAP = 8


def horizontal_bars(title, description, value_heading, rows, format_value) -> Chart:
    """One row per item, labels on the left, bar lengths proportional to the largest value."""
    peak = max((value for _, value in rows), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=format_value(value),
            x=LABEL_WIDTH,
            y=index * ROW_HEIGHT + 4,
            width=max(BAR_AREA * value / peak, 1 if value else 0),
            height=ROW_HEIGHT - 8,
        )
        for index, (label, value) in enumerate(rows)
    )
    return Chart(
        title,
        description,
        value_heading,
        bars,
        width=LABEL_WIDTH + BAR_AREA + 90,
        height=max(len(bars), 1) * ROW_HEIGHT,
        horizontal=True,
    )


COLUMN_WIDTH = 46
PLOT_HEIGHT = 180
AXIS_SPACE = 40


def columns(title, description, value_heading, rows, format_value) -> Chart:
    """One column per item (months), heights proportional to the largest value."""
    peak = max((value for _, value in rows), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=format_value(value),
            x=index * COLUMN_WIDTH + 8,
            y=PLOT_HEIGHT - PLOT_HEIGHT * value / peak + 20,
            width=COLUMN_WIDTH - 14,
            height=PLOT_HEIGHT * value / peak,
        )
        for index, (label, value) in enumerate(rows)
    )
    return Chart(
        title,
        description,
        value_heading,
        bars,
        width=len(bars) * COLUMN_WIDTH + 16,
        height=PLOT_HEIGHT + 20 + AXIS_SPACE,
        horizontal=False,
    )
