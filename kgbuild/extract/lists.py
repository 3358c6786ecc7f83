"""Lists of people: who comes next in a list, and a relative clause that makes a whole list speak
("присутствовали поэты: A, B, C, которые рассказали о своём творчестве")."""

from __future__ import annotations

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.quotes import is_speech
from kgbuild.extract.syntax import group_top


def relative_speech(a: Analysis, p: PersonMatch, people: list[PersonMatch]) -> bool:
    """A relative clause right after the person, or after the list the person is an item of, says
    they spoke ("присутствовали поэты: A, B, C, которые рассказали о своём творчестве"): "которые"
    takes in the whole list, "который"/"которая" only the last of it."""
    if governed(a, p):
        return False  # "встречи с президентом X, который заявил …": what X said elsewhere
    last = p
    for q in people:
        if q.first > last.last and listed(a, last, q.first):
            last = q
        elif q.first > last.last:
            break
    k = last.last + 1
    if k + 1 >= len(a.tokens) or a.tokens[k].text != "," or a.tokens[k + 1].lemma != "который":
        return False
    which = a.tokens[k + 1]
    verb = a.tokens[which.head] if which.head is not None and which.rel == "nsubj" else None
    return verb is not None and is_speech(a, verb) and (last is p or which.feats.get("Number") == "Plur")


def listed(a: Analysis, prev: PersonMatch, start: int) -> bool:
    """The person comes next in a list after ``prev``: a comma or "и" between them, and nothing
    but the person's own titles ("… И.И. Тучков и декан факультета МГУ, проф. А.Ю. Шутов")."""
    gap = a.tokens[prev.last + 1 : start]
    if 0 < len(gap) <= 2 and all(t.text in (",", "и") for t in gap):
        return True
    return (
        0 < len(gap) <= 15
        and gap[0].text in (",", "и", "-", "–", "—")  # a dash before the previous person's post
        and not any(
            t.pos in ("VERB", "AUX") or (t.text in (".", ";", ":", "(", "—", "–") and not _abbreviating(a, t))
            for t in gap[1:]
        )
        and all(t.sent == a.tokens[start].sent for t in gap)
    )


def _abbreviating(a: Analysis, t: Token) -> bool:
    """``t`` is the full stop of an abbreviation ("к.и.н.", "проф."), not of a sentence."""
    before = a.tokens[t.i - 1] if t.i else None
    return (
        t.text == "."
        and before is not None
        and before.stop == t.start
        and before.text.isalpha()
        and before.text.islower()
        and len(before.text) <= 4
    )


def governed(a: Analysis, p: PersonMatch) -> bool:
    """A preposition governs the person's name or post ("с президентом X", "о X")."""
    top = group_top(a, p)
    return any(c.rel == "case" for k in {top.i, p.last} for c in a.children(k))
