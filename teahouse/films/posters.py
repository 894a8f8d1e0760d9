"""Poster images: decoded and re-encoded with Pillow (teahouse/images.py), never stored as
uploaded. Stored under instance/posters/ with a random name."""

import os

from teahouse.images import (
    MAX_BYTES,
    ImageRefused,
    PreparedImage,
    prepare_image,
    remove_variants,
)
from teahouse.images import within as scaled_within

SIZES = {"": 600, "-small": 200}  # suffix → width in pixels

# The name the films blueprint and the import have always used for a refused poster.
PosterError = ImageRefused


def poster_folder(instance_path: str) -> str:
    return os.path.join(instance_path, "posters")


def prepare_poster(stream) -> PreparedImage:
    """Check, decode and resize a poster, in memory; PosterError if it is refused."""
    variants = [(suffix, scaled_within(width, width * 3)) for suffix, width in SIZES.items()]
    return prepare_image(stream.read(MAX_BYTES + 1), "a poster", variants)


def save_poster(stream, instance_path: str) -> str:
    """Check, decode, resize and store a poster; returns its random name stem."""
    return prepare_poster(stream).store(poster_folder(instance_path))


def delete_poster(stem: str | None, instance_path: str) -> None:
    remove_variants(stem, poster_folder(instance_path), SIZES)
