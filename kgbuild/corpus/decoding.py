"""Decoding a file's bytes: UTF-8 (with or without a byte-order mark), else the detected encoding."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from kgbuild.errors import InputError


def decode(data: bytes, path: Path | str) -> str:
    """The text of a file's bytes: UTF-8 first, else the detected encoding (cp1251, koi8-r, …)."""
    if not data.strip():
        return ""
    if b"\x00" in data[:65536]:  # valid UTF-8, but no text file holds NUL bytes
        raise InputError(f"{path}: looks like a binary file, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{path}: cannot tell the text encoding (not UTF-8, cp1251, koi8-r, …)")
    return str(best)
