"""What the extractor's word lists mean: post heads with their prefixes, origins, abbreviations."""

from __future__ import annotations

from functools import cache

from kgbuild.lexicon import entries, mapping, words


@cache
def is_post_head(lemma: str) -> bool:
    """``lemma`` heads a post: a listed noun, or one with a post prefix ("вице-министр", "замдиректора")."""
    lemma = lemma.lower().replace("ё", "е")
    heads = words("post_heads")
    return lemma in heads or any(
        lemma.startswith(p) and lemma[len(p) :] in heads for p in words("post_prefixes")
    )


def institution_of(lemma: str) -> str | None:
    """The organization noun a post of this head is in, when its complement is a domain ("Министерство")."""
    return mapping("institution_of_post").get(lemma.lower())


@cache
def origin_country(word: str) -> str | None:
    """The country an adjective of origin names ("украинский" → "Украина"), or None."""
    low = word.lower().replace("ё", "е")
    for stem, country in mapping("origins").items():
        if low.startswith(stem) and len(low) - len(stem) <= 3:
            return country
    return None


@cache
def abbreviations() -> dict[str, tuple[str, str]]:
    """Abbreviation → (nominative, genitive) of what it stands for."""
    out = {}
    for key, value in mapping("abbreviations").items():
        nominative, _, genitive = value.partition("|")
        out[key] = (nominative.strip(), genitive.strip() or nominative.strip())
    return out


@cache
def degree_abbreviations() -> dict[str, str]:
    return {k.lower(): v for k, v in mapping("degrees").items()}


@cache
def degree_heads() -> frozenset[str]:
    """First words of degrees written out ("доктор", "кандидат")."""
    return frozenset(e.split()[0].lower() for e in entries("degrees") if "=" not in e)


def is_honorific(word: str) -> bool:
    return word.lower() in words("honorifics")
