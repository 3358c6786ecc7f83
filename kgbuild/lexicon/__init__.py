"""Word lists the extractor and the linker read: one data file per list, one entry per line.

Lines starting with ``#`` are comments. Lists are read on first use and cached.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``<name>.txt``, lower-cased with ё read as е."""
    return frozenset(entry.lower().replace("ё", "е") for entry in entries(name))


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``<name>.txt`` as written, in file order."""
    path = _HERE / f"{name}.txt"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in _HERE.glob("*.txt")))
        raise FileNotFoundError(f"no word list '{name}' in {_HERE}; lists: {available}")
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


@cache
def mapping(name: str) -> dict[str, str]:
    """``key = value`` entries of ``<name>.txt`` (keys as written)."""
    pairs = (entry.split("=", 1) for entry in entries(name))
    return {k.strip(): v.strip() for k, v in pairs}
