"""The share card: a 1200×630 PNG for link previews (title, date, poster, teas — no address).

Drawn once per content: the file name carries a hash of everything drawn, so a change of the
party, its film or its menu draws a new card and the old file is removed.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from teahouse.films.posters import poster_folder
from teahouse.films.typeposter import draw_type_poster
from teahouse.typefaces import font, wrap

if TYPE_CHECKING:
    from PIL import Image  # drawing imports Pillow when it runs (see teahouse.typefaces)

WIDTH, HEIGHT = 1200, 630
PAPER = (251, 249, 244)
INK = (31, 42, 38)
MUTED = (84, 97, 92)
LEAF = (47, 93, 80)


@dataclass(frozen=True)
class CardContent:
    """Everything a card shows; its hash names the cached file."""

    title: str
    when: str
    cancelled: bool
    teas: tuple[str, ...]
    film_title: str | None
    film_year: int | None
    film_directors: tuple[str, ...]
    poster_stem: str | None

    @property
    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:24]


def card_path(instance_path: str, party_id: int, content: CardContent) -> str:
    """The cached card's path, drawing it first when the content changed."""
    folder = os.path.join(instance_path, "cards")
    path = os.path.join(folder, f"{party_id}-{content.key}.png")
    if os.path.exists(path):
        return path
    os.makedirs(folder, exist_ok=True)
    data = draw_card(content, instance_path)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as out:
        out.write(data)
    os.replace(temporary, path)  # atomic: a concurrent reader sees the old card or the new one
    for name in os.listdir(folder):
        if (
            name.startswith(f"{party_id}-")
            and name.endswith(".png")
            and name != os.path.basename(path)
        ):
            os.remove(os.path.join(folder, name))
    return path


def _poster(content: CardContent, instance_path: str, size: tuple[int, int]) -> Image.Image:
    from PIL import Image, ImageOps

    if content.poster_stem:
        path = os.path.join(poster_folder(instance_path), f"{content.poster_stem}.jpg")
        if os.path.exists(path):
            with Image.open(path) as image:
                return ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)
    return draw_type_poster(
        content.film_title or "", content.film_year, content.film_directors, size
    )


def draw_card(content: CardContent, instance_path: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    left = 64
    if content.film_title:
        poster_size = (360, 540)
        image.paste(_poster(content, instance_path, poster_size), (WIDTH - 45 - 360, 45))
        text_width = WIDTH - 45 - 360 - 48 - left
    else:
        text_width = WIDTH - 2 * left
    draw.rectangle([0, 0, 18, HEIGHT], fill=LEAF)
    y = 56
    kicker = "Cancelled — " if content.cancelled else ""
    kicker += "A tea party and a film" if content.film_title else "A tea party"
    draw.text((left, y), kicker.upper(), font=font("sans-bold", 24), fill=LEAF)
    y += 48
    title_face = font("serif-bold", 64)
    lines = wrap(draw, content.title, title_face, text_width, 2)
    for line in lines:
        draw.text((left, y), line, font=title_face, fill=INK)
        y += 76
    y += 10
    for line in wrap(draw, content.when, font("sans", 30), text_width, 2):
        draw.text((left, y), line, font=font("sans", 30), fill=INK)
        y += 40
    if content.film_title:
        y += 8
        film = content.film_title + (f" ({content.film_year})" if content.film_year else "")
        for line in wrap(draw, "Film: " + film, font("serif", 30), text_width, 1):
            draw.text((left, y), line, font=font("serif", 30), fill=INK)
            y += 42
    if content.teas:
        y += 14
        draw.text((left, y), "THE TEAS", font=font("sans-bold", 22), fill=MUTED)
        y += 34
        face = font("sans", 27)
        shown = list(content.teas[:4])
        if len(content.teas) > 4:
            shown.append(f"and {len(content.teas) - 4} more")
        for name in shown:
            if y > HEIGHT - 60:
                break
            for line in wrap(draw, "· " + name, face, text_width, 1):
                draw.text((left, y), line, font=face, fill=INK)
                y += 36
    draw.text((left, HEIGHT - 48), "Teahouse", font=font("serif-bold", 24), fill=LEAF)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
