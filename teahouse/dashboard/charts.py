"""Bar charts as plain geometry for an inline SVG template: no script, no network, no styles.

Each chart also keeps its rows, so the template can give the same figures as a table.

A chart is drawn twice: to its own scale for wide cards and paper, and as a list of rows for
narrow ones. The scaled drawing is shown at its own size, never shrunk: shrunk to a card, its
12-unit labels came out at 5 to 6 px on a phone and at 8 to 10 px on a laptop, where two charts
share a row. So it is at most DRAWING_WIDTH units wide, the width of a card at 1280 px, and a
card narrower than that (the stylesheet's container query, at the same width) shows the rows,
drawn in CSS pixels (bar lengths in per cent of the width) so their words keep their size.
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

    @property
    def figure(self) -> str:
        """The value without its unit, for the top of a narrow column: "15.5" of "15.5 g"
        (rounding it there showed 16 where every other page said 15.5)."""
        return self.text.split(" ", 1)[0]


@dataclass(frozen=True)
class Row:
    """One bar of the phone drawing: its label on a line of its own, the bar below it."""

    label: str
    text: str
    top: int  # px
    share: float  # the bar's length, in per cent of the drawing's width

    @property
    def label_baseline(self) -> int:
        return self.top + ROW_LABEL - 4

    @property
    def bar_top(self) -> int:
        return self.top + ROW_LABEL

    @property
    def bar_height(self) -> int:
        return ROW_BAR

    @property
    def figure_baseline(self) -> int:
        return self.bar_top + ROW_BAR - 2


# The phone drawing: a label line, a bar and a gap per row, in CSS pixels; the longest bar
# leaves the rest of the width for its figure ("9,848 g").
ROW_LABEL = 18
ROW_BAR = 14
ROW_GAP = 10
LONGEST_SHARE = 75


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

    @property
    def rows(self) -> tuple[Row, ...]:
        peak = max((bar.value for bar in self.bars), default=0) or 1
        step = ROW_LABEL + ROW_BAR + ROW_GAP
        return tuple(
            Row(bar.label, bar.text, index * step, LONGEST_SHARE * bar.value / peak)
            for index, bar in enumerate(self.bars)
        )

    @property
    def rows_height(self) -> int:
        return len(self.bars) * (ROW_LABEL + ROW_BAR + ROW_GAP) - ROW_GAP


# static/css/teahouse.css shows the rows in a card narrower than this.
DRAWING_WIDTH = 520

# A label of 28 characters (the template cuts longer ones) is up to about 205 px at 12 px,
# and the drawing cuts off what lies outside it.
LABEL_WIDTH = 216
ROW_HEIGHT = 26
VALUE_SPACE = 80  # the longest bar's figure ("9,848 g")
BAR_AREA = DRAWING_WIDTH - LABEL_WIDTH - VALUE_SPACE


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
        width=DRAWING_WIDTH,
        height=max(len(bars), 1) * ROW_HEIGHT,
        horizontal=True,
    )


COLUMN_WIDTH = 42  # twelve months fill DRAWING_WIDTH
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
