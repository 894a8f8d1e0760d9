"""A gzip made of kept compressed parts and new values reads back as the whole text."""

import gzip
import zlib

import pytest

from teahouse import spliced_gzip


@pytest.mark.parametrize(
    "texts, values",
    [
        ([b"<p>", b"</p>"], [b"token"]),
        ([b"", b"middle", b""], [b"first", b"last"]),  # values at both ends
        ([b"a" * 100_000, b"b"], [b"v" * 70_000]),  # a value past one stored block
        ([b"only text"], []),
    ],
)
def test_the_member_reads_back_as_the_text_with_its_values(texts, values):
    parts = tuple(map(spliced_gzip.deflated, texts))
    whole = b"".join(spliced_gzip.interleaved(texts, values))
    member = spliced_gzip.member(parts, values, texts)
    assert gzip.decompress(member) == whole  # checks the CRC and the length too
    # A streaming reader (as a browser is) takes it in any chunks.
    reader = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    read = b"".join(reader.decompress(member[i : i + 7]) for i in range(0, len(member), 7))
    assert read + reader.flush() == whole and reader.eof


def test_a_value_different_each_time_needs_no_part_compressed_again():
    texts = [b"<form><input name=once value=", b"></form>" * 200]
    parts = tuple(map(spliced_gzip.deflated, texts))
    first = spliced_gzip.member(parts, [b"A" * 22], texts)
    second = spliced_gzip.member(parts, [b"B" * 22], texts)
    assert gzip.decompress(first).count(b"A" * 22) == 1
    assert gzip.decompress(second).count(b"B" * 22) == 1
    assert len(first) == len(second) < len(b"".join(texts)) // 4
