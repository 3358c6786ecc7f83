"""Climbing natasha's dependency tree: the phrase a name stands in, the first name of a list.

Parses may hold cycles (a token its own head's head): every climb here is bounded.
"""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
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
