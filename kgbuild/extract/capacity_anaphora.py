"""Capacities said of "он"/"она": "Иван Петров родился в Омске. В 2010 году он был назначен
министром" — Петров is the minister.

A pronoun that is the subject of a capacity predicate (see
:func:`kgbuild.extract.capacity_syntax.predicates_of`) stands for the person named last before it,
in its sentence or in one of the two before: the only person of its gender named as a subject (or in
the nominative) in the latest of them that names one. Anything less certain is left out, and so is
a pronoun inside a quotation (someone else's words).
"""

from __future__ import annotations

from collections.abc import Sequence

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_syntax import name_root, predicates_of
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.posts import PostMatch
from kgbuild.extract.speech import quotes

_PRONOUNS = {"он": "Masc", "она": "Fem"}
_LOOK_BACK = 2  # sentences


def pronoun_capacities(
    a: Analysis, people: Sequence[PersonMatch], phrases: Sequence[PostMatch], names: set[int]
) -> dict[int, list[PostMatch]]:
    """Index in ``people`` → the capacity phrases said of a pronoun standing for that person."""
    out: dict[int, list[PostMatch]] = {}
    quoted = [(q.start, q.stop) for q in quotes(a)] if people else []
    for t in a.tokens:
        if t.low not in _PRONOUNS or t.pos != "PRON" or t.rel not in ("nsubj", "nsubj:pass"):
            continue
        if any(start <= t.start < stop for start, stop in quoted):
            continue
        said = predicates_of(a, t, (t.i, t.i), phrases, names)
        n = _antecedent(a, people, t) if said else None
        if n is not None:
            out.setdefault(n, []).extend(ph for ph in said if ph not in out.get(n, []))
    return out


def _antecedent(a: Analysis, people: Sequence[PersonMatch], pronoun: Token) -> int | None:
    """The person ``pronoun`` stands for (an index in ``people``), or None when that is unsure:
    the one person of its gender named as a subject in the latest sentence naming one."""
    gender = _PRONOUNS[pronoun.low]
    by_sentence: dict[int, list[int]] = {}
    for n, p in enumerate(people):
        sent = a.tokens[p.last].sent
        if p.last < pronoun.i and pronoun.sent - sent <= _LOOK_BACK and p.gender in (gender, None):
            by_sentence.setdefault(sent, []).append(n)
    for sent in sorted(by_sentence, reverse=True):
        subjects = [n for n in by_sentence[sent] if _subject(a, people[n])]
        if len({people[n].surname for n in subjects}) == 1:
            return subjects[-1]
        if subjects:
            return None  # two people it may stand for
    return None


def _subject(a: Analysis, p: PersonMatch) -> bool:
    """The name is the subject of its clause, or in the nominative."""
    return name_root(a, p).rel in ("nsubj", "nsubj:pass") or p.case == "Nom"
