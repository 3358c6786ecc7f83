"""What natasha's syntax says about a name and the capacity phrases around it.

The dependency parse (Universal Dependencies relations) settles what adjacency cannot:

    whose noun a name is         "дочь президента Мария Сидорова": Мария is ``appos`` of "дочь", so
                                 "президента" is not hers (and "дочь" is no capacity)
    a genitive complement        "соратник Цзян Цзэминя, премьер …": the apposition after the
                                 genitive name belongs to the one the "соратник" is
    predicates                   "X был назначен министром финансов", "X работает хирургом",
                                 "министром стал X", "X занимает должность директора":
                                 the name is the subject (``nsubj``) of a copula or a work verb
                                 (``lexicon/copula_verbs.txt``), the passive subject or the object of
                                 an appointment (``lexicon/appointment_verbs.txt``), whose complement
                                 in the instrumental heads a capacity; or a capacity is its predicate
"""

from __future__ import annotations

from collections.abc import Iterable

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.posts import PostMatch
from kgbuild.lexicon import words

#: Relations by which a name hangs on a noun it names or qualifies.
_ATTACH = ("appos", "nmod", "flat", "flat:name")
#: Relations of a predicate noun to its verb ("назначен министром", "стал капитаном").
_PREDICATE = ("xcomp", "obl", "obj", "ccomp", "advcl", "conj")


def name_root(a: Analysis, p: PersonMatch) -> Token:
    """The word of the name that hangs on something outside it (the last word when none does)."""
    for k in range(p.first, p.last + 1):
        head = a.tokens[k].head
        if head is None or not p.first <= head <= p.last:
            return a.tokens[k]
    return a.tokens[p.last]


def _governs(a: Analysis, ancestor: int, k: int, steps: int = 3) -> bool:
    """Token ``k`` is a complement (``nmod``) of ``ancestor``, or of a complement of it …, within
    ``steps``."""
    t = a.tokens[k]
    for _ in range(steps):
        if t.head is None or t.rel != "nmod":
            return False
        if t.head == ancestor:
            return True
        t = a.tokens[t.head]
    return False


def named_by_other_noun(a: Analysis, p: PersonMatch, post: PostMatch) -> bool:
    """The name before which ``post`` stands hangs on a noun further left that governs the post:
    "дочь действующего президента Мария Сидорова" (Мария is the daughter, not the president)."""
    root = name_root(a, p)
    if root.head is None or root.rel not in _ATTACH or root.head >= post.first:
        return False
    noun = a.tokens[root.head]
    return noun.pos in ("NOUN", "PROPN") and _governs(a, noun.i, post.head)


def complement_of_phrase(a: Analysis, p: PersonMatch, post: PostMatch) -> bool:
    """The name right after ``post`` is a complement of a word of it in another case, not its
    holder: "тренер Петровой", "первый заместитель Клишаса", "представитель партии Цвангираи"."""
    root = name_root(a, p)
    head = a.tokens[post.head]
    return (
        root.rel == "nmod"
        and root.head is not None
        and post.first <= root.head <= post.last
        and root.case is not None
        and head.case is not None
        # the name read again as nominative after a nominative post agrees
        and head.case not in (root.case, p.case)
    )


def complement_of_person_noun(a: Analysis, p: PersonMatch) -> bool:
    """The name is the genitive complement of a noun naming a person before it ("соратник Цзян
    Цзэминя", "дочь Петрова"): what follows it in apposition is that person's, not this one's."""
    root = name_root(a, p)
    if root.head is None or root.head >= p.first or root.rel not in _ATTACH:
        return False
    noun = a.tokens[root.head]
    case = root.case or p.case
    return (
        noun.pos == "NOUN"
        and case in ("Gen", "Dat")
        and noun.case is not None
        and noun.case != case
        and person_noun(noun.text) is not None
    )


def predicates(a: Analysis, p: PersonMatch, phrases: Iterable[PostMatch], names: set[int]) -> list[PostMatch]:
    """Capacity phrases the name is the subject of: "X является депутатом", "X работает хирургом",
    "министром стал X", "X был назначен министром", "президент назначил X министром", "X занимает
    должность директора", "X назначен на должность директора", "X выступил в качестве эксперта",
    "X — врач". ``names``: the tokens of every name; a phrase with another name between is not
    this one's."""
    root = name_root(a, p)
    if root.head is None or root.rel not in ("nsubj", "nsubj:pass", "obj"):
        return []
    verb = a.tokens[root.head]
    appointed = verb.lemma in words("appointment_verbs")
    passive = root.rel == "nsubj:pass" or verb.feats.get("Voice") == "Pass"
    # the active subject of "назначить" appoints; its passive subject or its object is appointed
    holder = (root.rel != "obj" and not appointed) or (appointed and (passive or root.rel == "obj"))
    if not holder:
        return []
    out = []
    for ph in phrases:
        head = a.tokens[ph.head]
        if head.sent != root.sent or ph.first <= p.last < ph.last or (ph.plural and not p.plural):
            continue
        between = range(p.last + 1, ph.first) if ph.first > p.last else range(ph.last + 1, p.first)
        if any(k in names for k in between):
            continue
        if head.i == verb.i:
            if root.rel == "nsubj" and _is_predicate_noun(a, head):
                out.append(ph)  # "X был министром", "X — министр": the noun is the predicate itself
        elif head.head == verb.i:
            if (
                head.rel in _PREDICATE
                and head.case == "Ins"
                and (appointed or verb.lemma in words("copula_verbs"))
            ):
                out.append(ph)
            elif head.rel == "obl" and root.rel == "nsubj" and _in_capacity_of(a, ph):
                out.append(ph)  # "X выступил в качестве эксперта"
        elif _framed(a, ph) and head.head is not None and a.tokens[head.head].head == verb.i:
            frame = a.tokens[head.head]
            if (frame.rel == "obj" and root.rel == "nsubj") or (frame.rel == "obl" and appointed and passive):
                out.append(ph)  # "X занимает должность директора", "X назначен на пост министра"
    return out


def _in_capacity_of(a: Analysis, ph: PostMatch) -> bool:
    """ "в качестве эксперта"."""
    return ph.first >= 2 and a.tokens[ph.first - 1].low == "качестве" and a.tokens[ph.first - 2].low == "в"


def _is_predicate_noun(a: Analysis, head: Token) -> bool:
    """A noun that is the predicate of its clause: with a copula ("был министром") or after a dash."""
    return any(
        c.rel == "cop" or (c.text in ("—", "–", "-") and c.i < head.i) for c in a.children(head.i)
    ) and (head.case in ("Ins", "Nom"))


def _framed(a: Analysis, ph: PostMatch) -> bool:
    """The phrase follows a word naming a post: "пост премьер-министра", "должность директора"."""
    return ph.first >= 1 and a.tokens[ph.first - 1].lemma in words("post_frames")
