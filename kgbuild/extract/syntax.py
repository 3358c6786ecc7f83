"""Climbing natasha's dependency tree: the phrase a name stands in, the first name of a list.

Parses may hold cycles (a token its own head's head): every climb here is bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgbuild.extract.analysis import Analysis, Token

if TYPE_CHECKING:  # people.py reads names with the helpers here
    from kgbuild.extract.people import PersonMatch


def group_top(a: Analysis, p: PersonMatch) -> Token:
    """The top of the phrase naming ``p``: the name climbs to the post it is in apposition to
    ("проректора ОмГУ Ивана Петрова" → "проректора")."""
    t = a.tokens[p.last]
    for _ in range(6):
        if t.head is None or t.rel not in ("flat:name", "flat", "appos"):
            break
        head = a.tokens[t.head]
        if t.rel == "appos" and head.pos not in ("NOUN", "PROPN"):
            break
        t = head
    return t


def first_conjunct(a: Analysis, t: Token) -> Token:
    """The first of a list of names ``t`` is in (parses may hold cycles: the climb is bounded)."""
    for _ in range(8):
        if t.rel != "conj" or t.head is None:
            break
        t = a.tokens[t.head]
    return t


def rival_subject(a: Analysis, t: Token) -> bool:
    """``t`` is parsed as the subject of a verb that has another subject before it, while ``t``
    comes after it: one of them is a parse error, and it is the later one ("Библиотекарь Седова
    познакомила читателей со сборником стихов А. Дементьева": no Дементьева speaks)."""
    if t.head is None or not t.rel.startswith("nsubj"):
        return False
    verb = a.tokens[t.head]
    return t.i > verb.i and any(
        c.rel.startswith("nsubj") and c.i < verb.i and c.i != t.i for c in a.children(verb.i)
    )
