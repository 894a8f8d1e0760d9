"""Uploaded images (film posters, tea photos): decoded and re-encoded, never stored as sent.

Decoding the whole image refuses anything Pillow cannot read as JPEG, PNG or WebP, damaged
files and decompression bombs; re-encoding as JPEG drops all metadata (EXIF, GPS) and anything
that is not pixels. Files are stored under a folder of the instance with a random name stem.

Pillow (about 4 MiB in memory) is imported by the functions that read or make an image, not with
the module: a worker that never handles an image does not carry it.
"""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 6000 × 6000 is already generous for a poster or a photo
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# A variant: (file name suffix, how to make it from the decoded image).
Variant = tuple[str, Callable[["Image.Image"], "Image.Image"]]


class ImageRefused(ValueError):
    """Why an upload is not a usable image, in words for the host."""


def decode_image(data: bytes, what: str = "an image") -> Image.Image:
    """Decode an upload fully, refusing anything that is not a sane JPEG, PNG or WebP."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ImageRefused(f"The image is larger than {MAX_BYTES // 2**20} MB.")
    if not data:
        raise ImageRefused("The file is empty.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRefused("Choose a JPEG, PNG or WebP image.")
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(f"The image has too many pixels to be {what}.")
            image.load()
            # Reading the EXIF orientation parses the metadata, which may be damaged even
            # when the pixels are not (a PNG's eXIf chunk that is no TIFF data).
            return ImageOps.exif_transpose(image).convert("RGB")
        except ImageRefused:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ):
            raise ImageRefused(
                "This file is not an image Teahouse can use (JPEG, PNG or WebP)."
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise ImageRefused("The image is damaged and cannot be read.") from None


class PreparedImage(NamedTuple):
    """An upload decoded and re-encoded in every size, in memory, not yet stored.

    The slow part of taking an image (decoding, scaling, encoding: a large photo takes a good
    part of a second) happens here, before any write transaction: on SQLite a transaction
    that writes holds the one write lock, and every RSVP and every stock movement would wait
    while an image was decoded inside it. Storing the prepared files is quick.
    """

    files: tuple[tuple[str, bytes], ...]  # (file name suffix, JPEG bytes)

    def store(self, folder: str) -> str:
        """Write each size as `<stem><suffix>.jpg` in `folder`; returns the random stem."""
        stem = secrets.token_urlsafe(16)
        os.makedirs(folder, exist_ok=True)
        for suffix, data in self.files:
            with open(os.path.join(folder, f"{stem}{suffix}.jpg"), "wb") as file:
                file.write(data)
        return stem


def prepare_variants(image: Image.Image, variants: list[Variant]) -> PreparedImage:
    """Each variant of a decoded image, encoded as JPEG."""
    files = []
    for suffix, make in variants:
        encoded = io.BytesIO()
        make(image.copy()).save(encoded, "JPEG", quality=85, optimize=True)
        files.append((suffix, encoded.getvalue()))
    return PreparedImage(tuple(files))


def remove_variants(stem: str | None, folder: str, suffixes) -> None:
    if not stem:
        return
    for suffix in suffixes:
        path = os.path.join(folder, f"{stem}{suffix}.jpg")
        if os.path.exists(path):
            os.remove(path)


def within(width: int, height: int) -> Callable[[Image.Image], Image.Image]:
    """Scaled down (never up) to fit the box, its proportions kept."""

    def make(image: Image.Image) -> Image.Image:
        from PIL import Image

        image.thumbnail((width, height), Image.Resampling.LANCZOS)
        return image

    return make


def cropped(width: int, height: int) -> Callable[[Image.Image], Image.Image]:
    """Exactly this size: scaled and cut around the centre, so a list's layout never moves."""

    def make(image: Image.Image) -> Image.Image:
        from PIL import Image, ImageOps

        return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)

    return make
