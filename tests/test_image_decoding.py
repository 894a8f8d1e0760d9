"""A large JPEG is decoded no larger than its largest stored size needs (libjpeg's 1/2, 1/4,
1/8 scales), and what is stored is as before: every size exact, the picture turned as its
EXIF orientation says."""

import io

import pytest
from PIL import Image, ImageFile

from teahouse.films import posters
from teahouse.teas import photos

RED, BLUE = (220, 30, 30), (30, 30, 220)


def _jpeg(size, orientation=None) -> bytes:
    """A blue photo whose top-left corner (as stored) is red."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The size at which each image file is decoded (as stored, before it is turned)."""
    sizes = []
    load = ImageFile.ImageFile.load

    def watched(image):
        if image.tile:  # not decoded yet
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", watched)
    return sizes


def _stored(prepared) -> dict[str, Image.Image]:
    return {suffix: Image.open(io.BytesIO(data)) for suffix, data in prepared.files}


def test_a_large_photo_is_decoded_at_the_scale_its_largest_size_needs(decoded_sizes):
    prepared = photos.prepare_photo(_jpeg((4800, 3200)))
    # 1/4 of 4800 × 3200 is exactly the large size: decoded so, not in full (15 megapixels).
    assert decoded_sizes == [(1200, 800)]
    stored = _stored(prepared)
    assert {suffix: image.size for suffix, image in stored.items()} == {
        "": (1200, 800),
        "-middle": (640, 427),
        "-menu": (480, 360),
        "-thumb": (96, 96),
    }
    assert stored[""].getpixel((100, 100)) == pytest.approx(RED, abs=25)
    assert stored[""].getpixel((1100, 700)) == pytest.approx(BLUE, abs=25)


def test_a_photo_turned_by_its_exif_orientation_is_stored_upright(decoded_sizes):
    # Stored 4800 wide and 3200 high, shown turned a quarter clockwise (orientation 6): the
    # host sees a portrait whose top-right corner is red.
    prepared = photos.prepare_photo(_jpeg((4800, 3200), orientation=6))
    assert decoded_sizes == [(1200, 800)]  # turned after decoding
    stored = _stored(prepared)
    large = stored[""]
    assert large.size == (800, 1200)
    assert large.getpixel((750, 100)) == pytest.approx(RED, abs=25)
    assert large.getpixel((50, 100)) == pytest.approx(BLUE, abs=25)
    assert stored["-middle"].size == (320, 480)


def test_a_photo_only_somewhat_larger_is_decoded_in_full(decoded_sizes):
    # 1/2 of 2000 × 1500 would be smaller than the large size (1200 × 900): no reduction.
    prepared = photos.prepare_photo(_jpeg((2000, 1500)))
    assert decoded_sizes == [(2000, 1500)]
    stored = _stored(prepared)
    assert stored[""].size == (1200, 900)


def test_a_tall_poster_keeps_its_width(decoded_sizes):
    # A poster is 600 wide at most: 4000 × 6000 decodes at 1/4 (1000 × 1500), not 1/8 (500).
    prepared = posters.prepare_poster(io.BytesIO(_jpeg((4000, 6000))))
    assert decoded_sizes == [(1000, 1500)]
    stored = _stored(prepared)
    assert {suffix: image.size for suffix, image in stored.items()} == {
        "": (600, 900),
        "-small": (200, 300),
    }


def test_png_is_decoded_as_it_is(decoded_sizes):
    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), BLUE).save(out, "PNG")
    prepared = photos.prepare_photo(out.getvalue())
    assert decoded_sizes == [(2400, 1600)]
    stored = _stored(prepared)
    assert stored[""].size == (1200, 800)


def test_no_size_copies_the_decoded_image_whole(monkeypatch):
    """A PNG (no reduced decoding) is decoded in full: making its sizes copies no more than
    a fraction of it (each full copy of a 40-megapixel PNG held 120 MB more)."""
    copied = []
    copy = Image.Image.copy

    def watched(image):
        copied.append(image.size)
        return copy(image)

    monkeypatch.setattr(Image.Image, "copy", watched)
    out = io.BytesIO()
    Image.new("RGB", (4800, 3200), BLUE).save(out, "PNG")
    stored = _stored(photos.prepare_photo(out.getvalue()))
    assert (4800, 3200) not in copied
    assert {suffix: image.size for suffix, image in stored.items()} == {
        "": (1200, 800),
        "-middle": (640, 427),
        "-menu": (480, 360),
        "-thumb": (96, 96),
    }
