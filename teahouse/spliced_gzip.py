"""A gzip file made of parts compressed once and values that change each time it is sent.

A page kept by the page store (teahouse.pagecache) may hold values that must be new on every
serving (a creation form's once-only token). Compressing the whole page again for each serving
costs as much as the rest of the serving; instead the text between the values is compressed
once, each part raw deflate ending on a full flush (RFC 1951: byte-aligned, referring to
nothing before it), and each serving writes the new values between the parts as stored
(uncompressed) blocks. Any gzip reader takes the result: it is one ordinary deflate stream.
"""

import struct
import zlib

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # RFC 1952: deflate, no name, no time
_LAST_BLOCK = b"\x03\x00"  # an empty final block, as zlib ends a stream


def deflated(text: bytes) -> bytes:
    """One part, compressed to stand alone: it may follow any part or value."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH)


def _stored_blocks(value: bytes) -> bytes:
    # RFC 1951 §3.2.4: non-final stored blocks (header byte 0, byte-aligned after a full
    # flush), each its length and the length's one's complement, then up to 65,535 bytes.
    blocks = []
    for start in range(0, len(value), 0xFFFF):
        chunk = value[start : start + 0xFFFF]
        blocks += [struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF), chunk]
    return b"".join(blocks)


def interleaved(texts: list[bytes], values: list[bytes]) -> list[bytes]:
    """text, value, text, … text: one more text than values."""
    joined = [texts[0]]
    for value, text in zip(values, texts[1:], strict=True):
        joined += [value, text]
    return joined


def member(parts: tuple[bytes, ...], values: list[bytes], texts: list[bytes]) -> bytes:
    """One gzip member of `texts` with `values` between them; `parts` are the texts as
    `deflated` made them (the trailer's checksum is of the whole, so the texts are needed)."""
    stream = [_HEADER, parts[0]]
    for value, part in zip(values, parts[1:], strict=True):
        stream += [_stored_blocks(value), part]
    whole = b"".join(interleaved(texts, values))
    trailer = struct.pack("<II", zlib.crc32(whole), len(whole) & 0xFFFFFFFF)
    return b"".join([*stream, _LAST_BLOCK, trailer])
