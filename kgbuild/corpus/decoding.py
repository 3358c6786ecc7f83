"""Decoding a file's bytes: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else the
detected encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from kgbuild.errors import InputError

#: Byte-order marks and the codec each announces; UTF-32 first (its little-endian mark begins
#: with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: Path | str, *, whole: bool = True) -> str:
    """The text of a file's bytes: by its byte-order mark, else UTF-8, else the detected encoding
    (cp1251, koi8-r, …). ``whole=False``: ``data`` is the head of a longer file, and a character
    cut in two at its end is left out."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decoded(data[len(bom) :], codec, path, whole)
            if "\x00" in text[:65536]:
                raise _binary(path)
            return text
    if not data.strip():
        return ""
    if b"\x00" in data[:65536]:  # valid UTF-8, but no text file holds NUL bytes
        raise _binary(path)
    try:
        return _decoded(data, "utf-8", path, whole)
    except InputError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{path}: cannot tell the text encoding (not UTF-8, cp1251, koi8-r, …)")
    return str(best)


def _binary(path: Path | str) -> InputError:
    return InputError(f"{path}: looks like a binary file, not text (it holds NUL bytes)")


def _decoded(data: bytes, codec: str, path: Path | str, whole: bool) -> str:
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final=whole)
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid {codec.upper()} at byte {err.start:,} ({err.reason})") from err
