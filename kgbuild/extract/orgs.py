"""Organizations: names in the nominative, from natasha's ORG entities and from posts' complements.

A name is put in the nominative by inflecting its head noun and the adjectives before it
("Московского государственного университета имени М. Ломоносова" → "Московский государственный
университет имени М. Ломоносова"); what follows the head stays as written, abbreviations expanded
("Администрации Президента РК" → "Администрация Президента Республики Казахстан"). A genitive chain
naming two organizations is split where a second organization noun follows a complete name:
"Секретариатом Ассамблеи народа Казахстана | Администрации Президента РК".
"""

from __future__ import annotations

import re

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.lexicon import abbreviations
from kgbuild.extract.morph import grammemes, to_nominative
from kgbuild.extract.text import phrase
from kgbuild.lexicon import words

#: An abbreviation with a case ending: "МИДа", "ОБСЕ", "ВТБа".
_ABBREVIATION = re.compile(r"([А-ЯЁA-Z]{2,})[а-яё]{1,2}")


def _is_org_head(t: Token) -> bool:
    return t.lemma in words("org_heads") or t.low in words("org_heads")


def _noun(t: Token) -> bool:
    """A noun, or a capitalised word the tagger took for an adjective that has no adjective's
    parse ("Мажилиса" tagged ADJ before "Парламента")."""
    return t.pos in ("NOUN", "PROPN") or (
        t.pos == "ADJ" and t.text[:1].isupper() and not {"ADJF", "PRTF"} & grammemes(t.text)
    )


def _ends_name(t: Token) -> bool:
    """``t`` closes a name: a capitalised noun, a closing quote, an abbreviation."""
    return (
        (t.text[:1].isupper() and (_noun(t) or t.pos == "X"))
        or t.text in ("»", '"', "”")
        or t.text in abbreviations()
    )


def is_abbreviation(word: str) -> bool:
    """ "МГУ", "КазНУ", "УрФУ": capitals inside the word; an abbreviation never declines."""
    return sum(c.isupper() for c in word) >= 2


def _eponym_or_adjective(t: Token) -> bool:
    """A word that can stand before the head of a name: an adjective (one pymorphy2 can read as
    such: "Мажилиса" tagged ADJ is a noun), or a person's name ("Назарбаев")."""
    found = grammemes(t.text)
    return (t.pos == "ADJ" and bool({"ADJF", "PRTF"} & found)) or (
        t.pos in ("PROPN", "ADJ", "NOUN") and bool({"Surn", "Name", "Patr"} & found)
    )


def _head(a: Analysis, first: int, last: int) -> int:
    """The head noun of a name: its organization noun after a person's name or adjectives
    ("Назарбаев Центре"), else its first noun ("Мажилиса Парламента": a genitive chain)."""
    tokens = a.tokens
    org = next((k for k in range(first, min(last, first + 2) + 1) if _is_org_head(tokens[k])), None)
    if org is not None and all(_eponym_or_adjective(tokens[k]) for k in range(first, org)):
        return org
    return next((k for k in range(first, last + 1) if _noun(tokens[k])), first)


def organization_name(a: Analysis, first: int, last: int) -> str:
    """The organization named by tokens ``first``..``last``, in the nominative."""
    tokens = a.tokens
    if first == last and tokens[first].text in abbreviations():
        return abbreviations()[tokens[first].text][0]
    head = _head(a, first, last)
    forms: dict[int, str] = {}
    inflected = _ABBREVIATION.fullmatch(tokens[head].text)
    if (
        tokens[head].case
        and tokens[head].case != "Nom"
        and (inflected or not is_abbreviation(tokens[head].text))
    ):
        number = "plur" if tokens[head].feats.get("Number") == "Plur" else "sing"
        gender = tokens[head].feats.get("Gender")
        forms[head] = (  # "МИДа" → "МИД": an abbreviation keeps its capitals, its ending goes
            inflected.group(1)
            if inflected
            else to_nominative(tokens[head].text, case=tokens[head].case, gender=gender, number=number)
        )
        for k in range(first, head):
            if tokens[k].pos == "ADJ":
                forms[k] = to_nominative(tokens[k].text, case=tokens[k].case, gender=gender, number=number)
    for k in range(head + 1, last + 1):
        if tokens[k].text in abbreviations():
            forms[k] = abbreviations()[tokens[k].text][1]
    return phrase(a, first, last, forms)


def _complete(piece: list[Token]) -> bool:
    """A run of tokens that can name an organization by itself: it has an organization noun, an
    abbreviation, a quoted name or a noun that is no person's name ("Мажилиса")."""
    return any(
        _is_org_head(t) or is_abbreviation(t.text) or t.text in ("»", '"', "”") or not _eponym_or_adjective(t)
        for t in piece
    )


def split_organizations(a: Analysis, first: int, last: int) -> list[tuple[str, tuple[int, int]]]:
    """The organizations a genitive chain names, outermost last: [(name, (first, last)), …]."""
    if last < first:
        return []
    cuts = [first]
    for k in range(first + 1, last + 1):
        piece = a.tokens[cuts[-1] : k]
        # a new organization starts at an organization noun after a complete name; not right after
        # a bare organization noun ("Секретариатом Ассамблеи …" is one name)
        if (
            _is_org_head(a.tokens[k])
            and _ends_name(a.tokens[k - 1])
            and not _is_org_head(a.tokens[k - 1])  # "Совета Федерации" is one name
            and not all(_is_org_head(t) for t in piece)
            and _complete(piece)  # "Назарбаев | Университета" is one name: an eponym has no noun of its own
        ):
            cuts.append(k)
    pieces = [(start, (cuts[n + 1] - 1 if n + 1 < len(cuts) else last)) for n, start in enumerate(cuts)]
    return [
        (organization_name(a, s, e), (s, e))
        for s, e in pieces
        if any(
            _noun(a.tokens[k]) or a.tokens[k].pos == "X" or a.tokens[k].text in abbreviations()
            for k in range(s, e + 1)
        )
    ]


def mentioned_organizations(a: Analysis, taken: set[int]) -> list[tuple[str, int, int]]:
    """Organizations natasha's NER names outside people's names and posts: (name, first, last).

    An ORG entity followed by a genitive place is one name ("Ассамблея народа" + "Казахстана"); a
    bare generic noun ("Ассамблея") names no particular organization and is left out.
    """
    out = []
    entities = sorted(a.entities, key=lambda e: e.first)
    for n, e in enumerate(entities):
        if e.type != "ORG" or any(k in taken for k in range(e.first, e.last + 1)):
            continue
        last = e.last
        nxt = entities[n + 1] if n + 1 < len(entities) else None
        if (
            nxt is not None
            and nxt.type == "LOC"
            and nxt.first == last + 1
            and a.tokens[nxt.first].case == "Gen"
        ):
            last = nxt.last
        if e.first == last and (
            a.tokens[e.first].lemma in words("org_heads") or a.tokens[e.first].text in abbreviations()
        ):
            continue
        out.append((organization_name(a, e.first, last), e.first, last))
    return out
