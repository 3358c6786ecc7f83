"""Normalising names for comparison, and telling when two names may name the same thing."""

from __future__ import annotations

import re
from functools import lru_cache

_PUNCT = re.compile(r"[«»\"“”„'’`.,:;!?()\[\]{}–—-]+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # linking compares the same names over and over
def norm(text: str | None) -> str:
    """Lower case, ё as е, punctuation and quotes dropped, spaces collapsed.

    >>> norm("«Межэтническое  согласие: Опыт»")
    'межэтническое согласие опыт'
    """
    if not text:
        return ""
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def words(text: str | None) -> list[str]:
    return norm(text).split()


def acronym(name: str) -> str:
    """The capitalised initial letters of a name's significant words.

    >>> acronym("Ассамблея народа Казахстана")
    'АНК'
    """
    significant = [w for w in words(name) if len(w) > 2 or w[:1].isdigit()]
    return "".join(w[0] for w in significant).upper()


def is_acronym_of(short: str, name: str) -> bool:
    """``short`` is written as an abbreviation (upper case) and abbreviates ``name``."""
    letters = short.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) >= 2 and letters.upper() == acronym(name)


def first_initial(*parts: str | None) -> str:
    """The first letter of the first non-empty part, upper-cased ('' if none)."""
    for part in parts:
        if part and part.strip(" ."):
            return part.strip(" .")[0].upper()
    return ""
