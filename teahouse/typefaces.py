"""The fonts images are drawn with: DejaVu from Debian's fonts-dejavu-core package.

The same files on every machine make a share card look the same everywhere; .ci/run and the
README install the package. TEAHOUSE_FONT_DIR points elsewhere. Where the files are missing,
Pillow's own built-in font stands in, so a card is still drawn (plainer) rather than failing.

Pillow (about 4 MiB in memory) is imported by the functions that draw, not with the module:
a worker that never draws an image does not carry it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FILES = {
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "sans": "DejaVuSans.ttf",
}


def font_dir() -> str:
    return os.environ.get("TEAHOUSE_FONT_DIR") or DEFAULT_FONT_DIR


def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return _font(style, size, font_dir())


@lru_cache(maxsize=64)
def _font(style: str, size: int, folder: str) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = Path(folder) / FILES[style]
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def bundled_font_found() -> bool:
    return all((Path(font_dir()) / name).is_file() for name in FILES.values())


def wrap(draw: ImageDraw.ImageDraw, text: str, face, max_width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to a pixel width; the last line ends in an ellipsis when cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=face) <= max_width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    # A single word wider than the box is cut too.
    return [_fit(draw, line, face, max_width) for line in lines]


def _fit(draw, line: str, face, max_width: int) -> str:
    if draw.textlength(line, font=face) <= max_width:
        return line
    while line and draw.textlength(line + "…", font=face) > max_width:
        line = line[:-1]
    return line + "…"
