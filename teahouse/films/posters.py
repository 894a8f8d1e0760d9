"""Poster images: decoded and re-encoded with Pillow, never stored as uploaded.

Re-encoding drops all metadata (EXIF, GPS) and anything that is not pixels; a file Pillow
cannot decode as JPEG, PNG or WebP is refused. Stored under instance/posters/ with a random name.
"""

import io
import os
import secrets
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 6000 × 6000 poster is already generous
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"": 600, "-small": 200}  # suffix → width in pixels


class PosterError(ValueError):
    """Why an upload is not a usable poster, in words for the host."""


def poster_folder(instance_path: str) -> str:
    return os.path.join(instance_path, "posters")


def save_poster(stream, instance_path: str) -> str:
    """Check, decode, resize and store a poster; returns its random name stem."""
    image = load_poster_image(stream.read(MAX_BYTES + 1))
    stem = secrets.token_urlsafe(16)
    folder = poster_folder(instance_path)
    os.makedirs(folder, exist_ok=True)
    for suffix, width in SIZES.items():
        copy = image.copy()
        copy.thumbnail((width, width * 3), Image.Resampling.LANCZOS)
        copy.save(os.path.join(folder, f"{stem}{suffix}.jpg"), "JPEG", quality=85, optimize=True)
    return stem


def load_poster_image(data: bytes) -> Image.Image:
    """Decode an upload fully, refusing anything that is not a sane JPEG, PNG or WebP."""
    if len(data) > MAX_BYTES:
        raise PosterError(f"The image is larger than {MAX_BYTES // 2**20} MB.")
    if not data:
        raise PosterError("The file is empty.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PosterError("Choose a JPEG, PNG or WebP image.")
            if image.width * image.height > MAX_PIXELS:
                raise PosterError("The image has too many pixels to be a poster.")
            image.load()
        except PosterError:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ):
            raise PosterError(
                "This file is not an image Teahouse can use (JPEG, PNG or WebP)."
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise PosterError("The image is damaged and cannot be read.") from None
    return ImageOps.exif_transpose(image).convert("RGB")


def delete_poster(stem: str | None, instance_path: str) -> None:
    if not stem:
        return
    for suffix in SIZES:
        path = os.path.join(poster_folder(instance_path), f"{stem}{suffix}.jpg")
        if os.path.exists(path):
            os.remove(path)
