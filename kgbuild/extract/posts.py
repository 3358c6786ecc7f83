"""Capacity phrases: "вице-министра национальной экономики", "председатель Конституционного суда",
"бывшего тренера вратарей", "и. о. ректора".

A capacity phrase is a capacity head (any noun naming a kind of person, see
:mod:`kgbuild.extract.capacity_heads`) with the adjectives before it and its complements after it:
genitive noun phrases, names in quotes, "имени …", and prepositional phrases with по/при/от/в/на.
Where the complements end is :mod:`kgbuild.extract.capacity_complements`'s to say, which
organization they name :mod:`kgbuild.extract.capacity_orgs`'s. The head and its adjectives go to
the nominative singular; the complements stay as written, with abbreviations expanded. Words of
status ("бывший", "и. о.", see :mod:`kgbuild.extract.capacity_status`) are left out of the title
and kept as its status.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_complements import complement_end, degree_abbreviation
from kgbuild.extract.capacity_heads import head_lemma, kind_of, not_a_capacity, person_head, person_noun
from kgbuild.extract.capacity_orgs import organization_of
from kgbuild.extract.capacity_status import FORMER_PREFIX, acting_before, retired_after, status_word
from kgbuild.extract.lexicon import abbreviations, degree_heads, origin_country
from kgbuild.extract.morph import grammemes, possible_cases, to_nominative
from kgbuild.extract.text import phrase
from kgbuild.facts import CapacityKind, CapacityStatus
from kgbuild.lexicon import words

_HEAD_POS = {"NOUN", "PROPN", "ADJ", "VERB", "X"}  # a noun, or a participle used as one ("заведующий")


@dataclass(frozen=True)
class PostMatch:
    first: int  # first token of the phrase (its adjectives included)
    last: int
    head: int
    title: str  # the post in the nominative singular
    organization: str | None  # the organization it is in, in the nominative
    parent: str | None  # the organization that one is part of
    org_first: int | None  # tokens naming the organization (its evidence)
    org_last: int | None
    parent_span: tuple[int, int] | None
    plural: bool
    origin: str | None  # an adjective of origin before the head ("украинский")
    origin_country: str | None
    kind: CapacityKind = CapacityKind.POST
    status: CapacityStatus = CapacityStatus.CURRENT
    capacity: bool = True  # False for a person noun that names no capacity ("дочь", "житель")


def _left(a: Analysis, head: int) -> tuple[int, Token | None, list[int]]:
    """First token of the adjectives before the head, an adjective of origin among them, and the
    words of status among them ("бывший")."""
    first, origin, status = head, None, []
    k = head - 1
    sent_first = a.sentences[a.tokens[head].sent][0]
    while k >= sent_first:
        t = a.tokens[k]
        if status_word(t) is not None and (t.pos != "ADJ" or _agrees(t, a.tokens[head])):
            status.append(k)  # "бывший", "экс", "врио"
            first = k
        elif (t.pos == "ADJ" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Part")) and t.case:
            if (
                t.lemma in words("post_modifier_stopwords")
                or not _agrees(t, a.tokens[head])
                or _age(t)
                or not {"ADJF", "PRTF"} & grammemes(t.text)  # "Выступил министр": a verb, not an adjective
            ):
                break
            if origin_country(t.lemma):
                origin = t
                break
            first = k
        elif not (t.low == "и" and k > sent_first and a.tokens[k - 1].pos == "ADJ"):
            break
        k -= 1
    return first, origin, status


def _age(t: Token) -> bool:
    """An age or a number, not part of a post: "42-летний", "сорокалетний", "15-й"."""
    return any(c.isdigit() for c in t.text) or t.lemma.endswith("летний")


def _honorary(a: Analysis, first: int, head: int, lemma: str) -> bool:
    """ "народный артист", "заслуженный учитель": an honorary title (an award), unless the head is a
    listed post ("народный депутат")."""
    return lemma not in words("post_heads") and any(
        a.tokens[k].lemma in words("honorary_titles") for k in range(first, head)
    )


def _agrees(modifier: Token, head: Token) -> bool:
    """An adjective agrees with a noun in case and number (tags missing on either side are no
    objection; a case the tagger gave the adjective wrongly, "генерального" read as accusative
    before "секретаря", neither, when the adjective's form can be in the noun's case)."""
    x, y = modifier.feats.get("Number"), head.feats.get("Number")
    if x and y and x != y:
        return False
    x, y = modifier.case, head.case
    return not (x and y and x != y and y not in possible_cases(modifier.text))


def _head_nominative(t: Token) -> str:
    number = "sing"
    return to_nominative(t.text, case=t.case, gender=t.feats.get("Gender"), number=number)


def _title(a: Analysis, first: int, head: int, last: int, skip: set[int]) -> str:
    gender = a.tokens[head].feats.get("Gender")
    forms: dict[int, str] = {head: _head_nominative(a.tokens[head])}
    for k in range(first, head):
        t = a.tokens[k]
        if t.pos in ("ADJ", "VERB"):
            forms[k] = to_nominative(t.text, case=t.case, gender=t.feats.get("Gender") or gender)
    for k in range(head + 1, last + 1):
        if a.tokens[k].text in abbreviations():
            forms[k] = abbreviations()[a.tokens[k].text][1]
    text = phrase(a, first, last, forms, skip=skip)
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _sexed(word: str) -> bool:
    """A compound whose first part names a sex or an age and the second a capacity
    ("женщина-космонавт", "девушка-пилот"): the capacity is the second part's."""
    left, dash, right = word.partition("-")
    found = person_noun(left) if dash and right else None
    return found is not None and not_a_capacity(found) and person_noun(right) is not None


def post_at(a: Analysis, head: int, stop: set[int]) -> PostMatch | None:
    """The capacity phrase headed by token ``head``; ``stop``: tokens it must not run into (names)."""
    t = a.tokens[head]
    if t.pos not in _HEAD_POS:
        return None
    lemma = head_lemma(t)
    noun = person_head(t, lemma, initial=head == a.sentences[t.sent][0])
    if noun is None:
        return None
    nxt = a.tokens[head + 1] if head + 1 < len(a.tokens) else None
    if (
        t.pos in ("ADJ", "VERB")
        and nxt is not None
        and nxt.pos == "NOUN"
        and nxt.case == t.case
        and {"ADJF", "PRTF"} & grammemes(t.text)
    ):
        return None  # an adjective before its noun ("рабочей группы"), not a post ("рабочий")
    if head > 0 and a.tokens[head - 1].low in ("в", "во") and t.feats.get("Number") == "Plur":
        return None  # "кандидат в президенты": not a post anyone holds
    first, origin, status_words = _left(a, head)
    if _honorary(a, first, head, lemma):
        return None
    skip = {origin.i, *status_words} if origin else set(status_words)
    status = status_word(a.tokens[status_words[0]]) if status_words else None
    acting = acting_before(a, first)
    if acting is not None and not stop & set(range(acting, first)):
        skip.update(range(acting, first))
        first, status = acting, CapacityStatus.ACTING
    last = complement_end(a, head, stop)
    if t.low in ("зав", "зав.") and last <= head + 1:
        return None
    title = _title(a, first, head, last, skip)
    if _sexed(t.text):  # "первая женщина-космонавт": a cosmonaut; "первая женщина" is no capacity
        title = _title(a, head, head, last, skip).split("-", 1)[1]
    retired = retired_after(a, last)
    if retired is not None and not stop & {retired - 1, retired}:
        last, status = retired, CapacityStatus.FORMER
    if lemma.startswith(FORMER_PREFIX):
        status = CapacityStatus.FORMER
    org, org_span, parent, parent_span = organization_of(a, head, last)
    return PostMatch(
        first=origin.i if origin and origin.i < first else first,
        last=last,
        head=head,
        title=title,
        organization=org,
        parent=parent,
        org_first=org_span[0] if org_span else None,
        org_last=org_span[1] if org_span else None,
        parent_span=parent_span,
        plural=t.feats.get("Number") == "Plur",
        origin=to_nominative(origin.text, case=origin.case, gender=origin.feats.get("Gender")).lower()
        if origin
        else None,
        origin_country=origin_country(origin.lemma) if origin else None,
        kind=kind_of(lemma, has_organization=org is not None),
        capacity=not not_a_capacity(noun) and not not_a_capacity(lemma),
        status=status or CapacityStatus.CURRENT,
    )


@dataclass(frozen=True)
class DegreeMatch:
    first: int
    last: int
    text: str


Phrase = PostMatch | DegreeMatch


def degree_at(a: Analysis, i: int) -> DegreeMatch | None:
    """ "доктор политических наук", "кандидата социологических наук", "д.и.н." starting at token ``i``."""
    t = a.tokens[i]
    if t.lemma not in degree_heads():
        found = degree_abbreviation(a, i)
        return DegreeMatch(i, found[0], found[1]) if found else None
    k = i + 1
    while k < len(a.tokens) and a.tokens[k].pos == "ADJ" and a.tokens[k].sent == t.sent:
        k += 1
    if k >= len(a.tokens) or a.tokens[k].lemma != "наука" or k == i + 1:
        return None
    head = to_nominative(t.text, case=t.case, gender="Masc").lower()
    return DegreeMatch(i, k, f"{head} {phrase(a, i + 1, k)}")
