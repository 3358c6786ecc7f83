"""Readable ASCII slugs for IRIs, transliterated from Cyrillic.

Russian is transliterated with iuliia's Wikipedia schema (the one readers of English news know:
"Сапарбаев" → "saparbayev"); letters it does not cover (Kazakh ә, қ, ұ, і …) go through anyascii.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia
from anyascii import anyascii

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SCHEMA = iuliia.WIKIPEDIA


@lru_cache(maxsize=65_536)
def transliterate(text: str) -> str:
    """Latin letters for ``text``, keeping case and spacing (for ``@en`` labels of names);
    remembered, since a build transliterates the same names again and again.

    >>> transliterate("Бердибек Сапарбаев")
    'Berdibek Saparbayev'
    """
    latin = _SCHEMA.translate(unicodedata.normalize("NFC", text))
    return anyascii(latin)


def slugify(text: str, *, max_words: int = 0) -> str:
    """A lower-case, hyphen-separated ASCII slug; ``max_words`` keeps only the first words.

    >>> slugify("Межэтническое согласие: опыт", max_words=2)
    'mezhetnicheskoye-soglasiye'
    >>> slugify("Бейбітшілік пен келісім")
    'beybitshilik-pen-kelisim'
    """
    words = [w for w in _NON_SLUG.split(transliterate(text).lower()) if w]
    if max_words:
        words = words[:max_words]
    return "-".join(words)
