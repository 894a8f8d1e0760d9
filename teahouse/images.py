"""Uploaded images (film posters, tea photos): decoded and re-encoded, never stored as sent.

Decoding the whole image refuses anything Pillow cannot read as JPEG, PNG or WebP, damaged
files and decompression bombs; re-encoding as JPEG drops all metadata (EXIF, GPS) and anything
that is not pixels. Files are stored under a folder of the instance with a random name stem.

A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when the largest size kept needs no more
(libjpeg scales while decoding): decoded in full, a 40-megapixel photo holds 120 MB of pixels,
and a worker grew by about 460 MiB while it was turned, converted and scaled (21 MiB now).

Pillow (about 4 MiB in memory) is imported by the functions that read or make an image, not with
the module: a worker that never handles an image does not carry it.
"""

from __future__ import annotations

import io
import math
import os
import secrets
import warnings
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 8 * 1024 * 1024
# Checked on the header, before decoding. A JPEG this large costs little (it is decoded at a
# reduced scale); PNG and WebP cannot be, and are decoded in full within this bound.
MAX_PIXELS = 40_000_000  # 6000 × 6000 is already generous for a poster or a photo
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# A variant: (file name suffix, how to make it from the decoded image: within() or cropped()).
Variant = tuple[str, "Resize"]
# EXIF orientations that turn the picture a quarter: its stored width is its shown height.
_QUARTER_TURNS = {5, 6, 7, 8}


class ImageRefused(ValueError):
    """Why an upload is not a usable image, in words for the host."""


def decode_image(data: bytes, what: str = "an image", variants=()) -> Image.Image:
    """Decode an upload, refusing anything that is not a sane JPEG, PNG or WebP; a JPEG at
    the smallest scale from which each of `variants` still gets all the pixels it keeps."""
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
            if variants and image.format == "JPEG":
                _decode_reduced(image, variants)
            image.load()
            # Reading the EXIF orientation parses the metadata, which may be damaged even
            # when the pixels are not (a PNG's eXIf chunk that is no TIFF data).
            ImageOps.exif_transpose(image, in_place=True)
            return image if image.mode == "RGB" else image.convert("RGB")
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


def _decode_reduced(image: Image.Image, variants) -> None:
    """Ask the JPEG decoder for the smallest of 1, 1/2, 1/4 and 1/8 of the size that still
    gives every variant at least the pixels it keeps (as shown, EXIF orientation applied)."""
    turned = image.getexif().get(0x0112) in _QUARTER_TURNS  # 0x0112: Orientation
    width, height = (image.height, image.width) if turned else image.size
    needed = [make.source_size(width, height) for _, make in variants]
    need = (max(w for w, _ in needed), max(h for _, h in needed))
    image.draft(None, need[::-1] if turned else need)


def prepare_image(data: bytes, what: str, variants: list[Variant]) -> PreparedImage:
    """An upload checked, decoded no larger than its largest variant needs, and encoded in
    every variant; ImageRefused, with the reason in words, if it is not a usable image."""
    return prepare_variants(decode_image(data, what, variants), variants)


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
    """Each variant of a decoded image, encoded as JPEG. A variant makes a new image and leaves
    the decoded one as it is: no full-size copy is made for it."""
    files = []
    for suffix, make in variants:
        encoded = io.BytesIO()
        make(image).save(encoded, "JPEG", quality=85, optimize=True)
        files.append((suffix, encoded.getvalue()))
    return PreparedImage(tuple(files))


def remove_variants(stem: str | None, folder: str, suffixes) -> None:
    if not stem:
        return
    for suffix in suffixes:
        path = os.path.join(folder, f"{stem}{suffix}.jpg")
        if os.path.exists(path):
            os.remove(path)


class Resize(ABC):
    """How one variant is made from the decoded image (a new image; the decoded one is left
    as it is), and how much of the decoded image that needs."""

    def __init__(self, width: int, height: int):
        self.box = (width, height)

    @abstractmethod
    def scale(self, width: int, height: int) -> float:
        """The factor the whole image is scaled by to make this variant."""

    @abstractmethod
    def __call__(self, image: Image.Image) -> Image.Image:
        """The variant, a new image made from the decoded one."""

    def source_size(self, width: int, height: int) -> tuple[int, int]:
        """The least size an image of `width` × `height` may be decoded at for this variant
        to lose nothing: the size it is scaled to (never more than the image's own)."""
        factor = min(self.scale(width, height), 1.0)
        return max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))


class within(Resize):  # lower case: a list of sizes reads "within(1200, 1200)"
    """Scaled down (never up) to fit the box, its proportions kept."""

    def scale(self, width: int, height: int) -> float:
        return min(self.box[0] / width, self.box[1] / height)

    def __call__(self, image: Image.Image) -> Image.Image:
        from PIL import Image, ImageOps

        if image.width <= self.box[0] and image.height <= self.box[1]:
            return image.copy()
        # Halved, quartered… first while it stays at least twice the box (what thumbnail()'s
        # reducing step keeps), then scaled: no full-size copy, as thumbnail() needs.
        factor = int(min(image.width / self.box[0], image.height / self.box[1]) / 2)
        source = image.reduce(factor) if factor > 1 else image
        return ImageOps.contain(source, self.box, Image.Resampling.LANCZOS)


class cropped(Resize):
    """Exactly this size: scaled and cut around the centre, so a list's layout never moves."""

    def scale(self, width: int, height: int) -> float:
        return max(self.box[0] / width, self.box[1] / height)

    def __call__(self, image: Image.Image) -> Image.Image:
        from PIL import Image, ImageOps

        return ImageOps.fit(image, self.box, Image.Resampling.LANCZOS)
