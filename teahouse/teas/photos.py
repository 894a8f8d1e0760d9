"""Tea photos: uploaded like film posters (decoded, re-encoded, metadata dropped, 8 MB at most)
and stored under instance/tea-photos/ with a random name, in four sizes made on the server.

A photo is served only through a page that shows it: the host's tea (another host's answers
404), a guest's invitation or a public page whose menu holds the tea. The URL carries the
photo's name stem as `v`, so a replaced photo gets a new address and the old one may be cached
for a year.
"""

import base64
import os

from flask import abort, current_app, send_from_directory

from teahouse.images import (
    MAX_BYTES,
    PreparedImage,
    cropped,
    prepare_image,
    remove_variants,
    within,
)

# size → (file name suffix, how it is made). Shown at half these sizes, sharp on 2× screens.
SIZES = {
    "large": ("", within(1200, 1200)),  # the tea page on a wide, zoomed or hi-dpi screen; exports
    "middle": ("-middle", within(640, 480)),  # the tea page's card (about 330 px wide)
    "menu": ("-menu", cropped(480, 360)),  # a guest's menu and the public page
    "thumb": ("-thumb", cropped(96, 96)),  # the collection list
}
YEAR = 31_536_000


def photo_folder() -> str:
    return os.path.join(current_app.instance_path, "tea-photos")


def read_upload(upload) -> bytes | None:
    """The bytes of a file field's upload (one byte over the limit at most), or None."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.stream.read(MAX_BYTES + 1)


def prepare_photo(data: bytes) -> PreparedImage:
    """Check and decode a photo and make every size, in memory. Raises images.ImageRefused,
    with the reason in words."""
    return prepare_image(data, "a tea photo", list(SIZES.values()))


def prepare_upload(upload) -> PreparedImage | None:
    """A form's photo, prepared (None when none was sent); images.ImageRefused if refused."""
    data = read_upload(upload)
    return prepare_photo(data) if data is not None else None


def store_photo(prepared: PreparedImage) -> str:
    """Store a prepared photo; returns its random name stem."""
    return prepared.store(photo_folder())


def save_photo(data: bytes) -> str:
    """Check, decode and store a photo in every size; returns its random name stem.

    Raises images.ImageRefused, with the reason in words, before anything is written.
    """
    return store_photo(prepare_photo(data))


def delete_photo(stem: str | None) -> None:
    remove_variants(stem, photo_folder(), [suffix for suffix, _ in SIZES.values()])


def photo_base64(stem: str | None) -> str | None:
    """The largest size as base64 JPEG, as exports carry it."""
    if not stem:
        return None
    path = os.path.join(photo_folder(), f"{stem}.jpg")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return base64.b64encode(handle.read()).decode("ascii")


def file_name(stem: str | None, size: str) -> str:
    """The stored file of one size of a photo; 404 for no photo or an unknown size.

    A size the photo lacks (stored before that size existed, and not yet made by the
    migration that adds it) is served by the large one: a bigger file, never a broken image."""
    if not stem or size not in SIZES:
        abort(404)
    name = f"{stem}{SIZES[size][0]}.jpg"
    if size != "large" and not os.path.exists(os.path.join(photo_folder(), name)):
        return f"{stem}.jpg"
    return name


def read_photo(stem: str | None, size: str) -> bytes:
    path = os.path.join(photo_folder(), file_name(stem, size))
    if not os.path.exists(path):
        abort(404)
    with open(path, "rb") as handle:
        return handle.read()


def send_photo(stem: str | None, size: str, version: str | None):
    """A photo for the host or a guest: private to their browser, conditional (ETag → 304),
    and kept for a year when the URL names the current photo."""
    name = file_name(stem, size)
    response = send_from_directory(
        photo_folder(), name, mimetype="image/jpeg", etag=name, conditional=True
    )
    response.headers["Cache-Control"] = (
        f"private, max-age={YEAR}, immutable" if version == stem else "private, no-cache"
    )
    return response
