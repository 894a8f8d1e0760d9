"""Poster images: decoded and re-encoded with Pillow (teahouse/images.py), never stored as
uploaded. Stored under instance/posters/ with a random name."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from teahouse.images import (
    MAX_BYTES,
    ImageRefused,
    PreparedImage,
    decode_image,
    prepare_variants,
    remove_variants,
)
from teahouse.images import within as scaled_within

if TYPE_CHECKING:
    from PIL import Image  # Pillow is imported where an image is read (teahouse.images)

SIZES = {"": 600, "-small": 200}  # suffix → width in pixels

# The name the films blueprint and the import have always used for a refused poster.
PosterError = ImageRefused


def poster_folder(instance_path: str) -> str:
    return os.path.join(instance_path, "posters")


def prepare_poster(stream) -> PreparedImage:
    """Check, decode and resize a poster, in memory; PosterError if it is refused."""
    image = load_poster_image(stream.read(MAX_BYTES + 1))
    variants = [(suffix, scaled_within(width, width * 3)) for suffix, width in SIZES.items()]
    return prepare_variants(image, variants)


def save_poster(stream, instance_path: str) -> str:
    """Check, decode, resize and store a poster; returns its random name stem."""
    return prepare_poster(stream).store(poster_folder(instance_path))


def load_poster_image(data: bytes) -> Image.Image:
    """Decode an upload fully, refusing anything that is not a sane JPEG, PNG or WebP."""
    return decode_image(data, "a poster")


def delete_poster(stem: str | None, instance_path: str) -> None:
    remove_variants(stem, poster_folder(instance_path), SIZES)
