"""A drawn typographic poster for a film that has no poster image.

Used by the share card of a party and by film pages alike: the title set large in serif on a
calm colour chosen from the title (so one film always gets the same poster), with its year and
director below. Pure Pillow, no network.

Pillow (about 4 MiB in memory) is imported by the functions that draw, not with the module:
a worker that never draws an image does not carry it.
"""

from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING

from teahouse.typefaces import font, wrap

if TYPE_CHECKING:
    from PIL import Image

# Dark grounds with a light ink, each pair with a contrast ratio above 7:1.
PALETTES = [
    ((47, 93, 80), (251, 249, 244), (214, 190, 120)),  # leaf
    ((90, 38, 52), (253, 246, 240), (232, 170, 140)),  # plum
    ((31, 52, 86), (245, 247, 252), (160, 190, 230)),  # ink blue
    ((106, 62, 20), (255, 248, 236), (240, 200, 130)),  # amber
    ((38, 38, 44), (250, 250, 250), (220, 120, 100)),  # night
]


def palette_for(title: str) -> tuple:
    digest = hashlib.sha256(title.encode()).digest()
    return PALETTES[digest[0] % len(PALETTES)]


def draw_type_poster(
    title: str, year: int | None = None, directors: list[str] | tuple = (), size=(600, 900)
) -> Image.Image:
    """An RGB poster image of `size` with the film's title, year and director."""
    from PIL import Image, ImageDraw

    width, height = size
    ground, ink, accent = palette_for(title)
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    margin = width // 10
    # A thin frame and a rule: the look of a letterpress bill.
    draw.rectangle(
        [margin // 2, margin // 2, width - margin // 2, height - margin // 2],
        outline=accent,
        width=max(2, width // 150),
    )
    title_size = width // 6
    face = font("serif-bold", title_size)
    lines = wrap(draw, title.upper(), face, width - 2 * margin, 5)
    while len(lines) > 3 and title_size > width // 12:
        title_size -= width // 60
        face = font("serif-bold", title_size)
        lines = wrap(draw, title.upper(), face, width - 2 * margin, 5)
    line_height = int(title_size * 1.15)
    top = int(height * 0.42) - (len(lines) * line_height) // 2
    for n, line in enumerate(lines):
        draw.text((width // 2, top + n * line_height), line, font=face, fill=ink, anchor="mt")
    rule_y = top + len(lines) * line_height + height // 30
    draw.line([(width // 3, rule_y), (2 * width // 3, rule_y)], fill=accent, width=3)
    small = font("serif", max(14, width // 22))
    below = rule_y + height // 30
    if year:
        draw.text((width // 2, below), str(year), font=small, fill=ink, anchor="mt")
        below += int(width // 22 * 1.6)
    if directors:
        credit = wrap(draw, "a film by " + ", ".join(directors), small, width - 2 * margin, 2)
        for n, line in enumerate(credit):
            draw.text(
                (width // 2, below + n * int(width / 22 * 1.4)),
                line,
                font=small,
                fill=accent,
                anchor="mt",
            )
    return image


def type_poster_png(title: str, year: int | None = None, directors=(), size=(600, 900)) -> bytes:
    out = io.BytesIO()
    draw_type_poster(title, year, directors, size).save(out, "PNG", optimize=True)
    return out.getvalue()
