"""Images to upload: a good one of any size and format, and the files every image upload
(a film's poster, a tea's photo) must refuse with a clear message."""

import io
import os
import struct
import zlib

from PIL import Image


def image_bytes(fmt="PNG", size=(1200, 1800), exif=True):
    image = Image.new("RGB", size, (200, 60, 40))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


# (kind, file extension, what the page says): refused_upload(kind) makes the file.
REFUSED_UPLOADS = [
    ("text", "png", "not an image Teahouse can use"),
    ("empty", "png", "The file is empty."),
    ("gif", "gif", "Choose a JPEG, PNG or WebP image."),
    ("gif-as-png", "png", "Choose a JPEG, PNG or WebP image."),
    ("bomb", "png", "Teahouse can use"),
    ("huge", "jpg", "larger than 8 MB"),
    ("truncated", "png", "damaged"),
    ("bad-exif", "png", "damaged"),
]


def refused_upload(kind: str) -> bytes:
    """The bytes of one of REFUSED_UPLOADS."""
    if kind == "text":
        return b"definitely not an image"
    if kind == "empty":
        return b""
    if kind == "gif":
        return b"GIF89a" + b"\x00" * 100
    if kind == "gif-as-png":
        return image_bytes("GIF", size=(100, 150))
    if kind == "bomb":  # 12,000 × 12,000 pixels packed into a small PNG
        out = io.BytesIO()
        Image.new("1", (12_000, 12_000)).save(out, "PNG")
        return out.getvalue()
    if kind == "huge":
        return b"\xff\xd8\xff" + os.urandom(9 * 1024 * 1024)
    if kind == "truncated":
        return image_bytes("PNG")[:400]
    if kind == "bad-exif":  # good pixels, but an eXIf chunk that is no TIFF data
        return _with_png_chunk(image_bytes("PNG", size=(100, 150)), b"eXIf", b"garbage")
    raise ValueError(kind)


def _with_png_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """The PNG with one more chunk just before its end (IEND, the last 12 bytes)."""
    crc = zlib.crc32(kind + data)
    chunk = struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    return png[:-12] + chunk + png[-12:]
