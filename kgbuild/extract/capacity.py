"""Which posts a person holds, where the text says it.

    before the name:    "аким Жамбылской области Б. Сапарбаев"; chains of posts and degrees
                        separated by commas or dashes; a plural post shared by a list of names
                        ("Депутаты Мажилиса С.Абдрахманов, И.Буларов")
    after the name:     "Валерий Зорькин, председатель Конституционного суда, …",
                        "Светлана Яковлева - директор …", "Андреас Кёпке (тренер вратарей)"
    as a predicate:     "… является депутатом парламента", "капитаном стал Михаель Баллак",
                        "был назначен министром" (see :mod:`kgbuild.extract.capacity_syntax`)

Degrees ("доктор политических наук") and origin ("украинский") found in the same places are kept
as facts of their own. The patterns beside a name are :mod:`kgbuild.extract.capacity_adjacent`'s;
the parse decides between them (:mod:`kgbuild.extract.capacity_syntax`), and "он"/"она" in the next
sentences stand for the person named before (:mod:`kgbuild.extract.capacity_anaphora`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.capacity_adjacent import (
    chain_after,
    chain_before,
    frame,
    list_follows,
    list_gap,
    not_capacity,
)
from kgbuild.extract.capacity_anaphora import pronoun_capacities
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.capacity_syntax import (
    complement_of_person_noun,
    complement_of_phrase,
    name_root,
    named_by_other_noun,
    predicates,
    sought,
)
from kgbuild.extract.morph import possible_cases
from kgbuild.extract.people import PersonMatch, person_at, reread_as_nominative
from kgbuild.extract.posts import DegreeMatch, Phrase, PostMatch, degree_at, post_at
from kgbuild.facts import CapacityKind


@dataclass
class Capacity:
    posts: list[PostMatch] = field(default_factory=list)
    degrees: list[DegreeMatch] = field(default_factory=list)
    shared: bool = False  # taken from a plural post before a list of names


def _phrases(a: Analysis, stop: set[int]) -> dict[int, Phrase]:
    """Every post and degree phrase, keyed by its last token."""
    out: dict[int, Phrase] = {}
    covered: set[int] = set()
    for t in a.tokens:
        if t.i in stop or t.i in covered:
            continue
        found: Phrase | None = degree_at(a, t.i)
        if found is None:
            found = post_at(a, t.i, stop)
        if found is not None:
            out[found.last] = found
            covered.update(range(found.first, found.last + 1))
    return out


def _agrees(a: Analysis, post: Phrase, p: PersonMatch, listed: bool) -> bool:
    """A post before a name agrees with it: in case when the name's case is sure (it was declined;
    genitive and accusative alike), in number unless a list of names follows a plural post."""
    if not isinstance(post, PostMatch):
        return True
    if complement_of_phrase(a, p, post):
        return False  # "первый заместитель Клишаса", "представитель партии Цвангираи"
    head = a.tokens[post.head]
    possible = {head.case} | possible_cases(head.text)
    if (
        p.declined
        and head.case
        and p.case
        and p.case not in possible
        and {head.case, p.case} != {"Gen", "Acc"}
        and a.tokens[p.last].case != head.case  # the tagger, reading the context, may know better
    ):
        return False
    return not post.plural or listed or p.plural


def phrases(a: Analysis, people: list[PersonMatch]) -> dict[int, Phrase]:
    """Every post and degree phrase that does not run into a name, keyed by its last token."""
    return _phrases(a, {k for p in people for k in range(p.honorific_first or p.first, p.last + 1)})


def reread(a: Analysis, people: list[PersonMatch], found: dict[int, Phrase]) -> list[PersonMatch]:
    """People read again where a nominative post right before the name says it is nominative:
    "профессор Казанского федерального университета А. Петрова" is a woman, not a man's genitive;
    "глава МИД Японии Сэйдзи Маэхара", whose words the tagger reads as nominative, is Маэхара."""
    out = []
    for p in people:
        start = p.honorific_first if p.honorific_first is not None else p.first
        post = found.get(start - 1)
        again = None
        if (
            isinstance(post, PostMatch)
            and a.tokens[post.head].case == "Nom"
            and not _complement_of_head(a, p, post)
            and not _inner(a, post, p, _name_tokens(people))
        ):
            again = reread_as_nominative(a, p) or _as_tagged_nominative(a, p)
        out.append(again or p)
    return out


def _as_tagged_nominative(a: Analysis, p: PersonMatch) -> PersonMatch | None:
    """``p`` read as nominative when it was taken for an oblique case but the tagger, reading the
    context, tags every word of it nominative (foreign surnames in -а: "Маэхара")."""
    words = [t for t in a.tokens[p.first : p.last + 1] if t.text[:1].isupper()]
    if p.case == "Nom" or not p.declined or not words or any(t.case != "Nom" for t in words):
        return None
    return person_at(a, p.first, p.last, case="Nom", gender=p.gender)


def _complement_of_head(a: Analysis, p: PersonMatch, post: PostMatch) -> bool:
    """The parse makes the name a complement of the post's head itself ("тренер Дадашева": the
    coach of Дадашев, not a woman called Дадашева)."""
    root = name_root(a, p)
    return root.rel == "nmod" and root.head == post.head


def capacities(
    a: Analysis, people: list[PersonMatch], found: dict[int, Phrase] | None = None
) -> list[Capacity]:
    """The capacity of each person of ``people`` (same order); ``found``: their :func:`phrases`."""
    found = phrases(a, people) if found is None else found
    starts = {ph.first: ph for ph in found.values()}
    first_tokens = {p.honorific_first if p.honorific_first is not None else p.first for p in people}
    owners = {p.last for p in people}
    posts = [ph for ph in found.values() if isinstance(ph, PostMatch)]
    stop = _name_tokens(people)
    handed: dict[int, PostMatch] = {}  # person index → the post a genitive name before it passed on
    result: list[Capacity] = []
    for n, p in enumerate(people):
        start = p.honorific_first if p.honorific_first is not None else p.first
        listed = list_follows(a, p, first_tokens)
        before = list(reversed(chain_before(a, start - 1, found, owners)))
        chain = [
            ph
            for ph in before
            if _agrees(a, ph, p, listed)
            and _chained(a, ph, before)
            and not sought(a, ph)
            and not _named_elsewhere(a, p, ph, before)
            and not not_capacity(ph)
        ]
        if before and isinstance(before[-1], PostMatch) and _names_inner(a, p, before[-1]):
            chain = []  # the parse hangs the name on a person noun inside the complement
        if not chain and before and isinstance(before[-1], PostMatch):
            # "советник президента Владимира Путина Иван Иванов": the genitive name holds the post
            # inside the complement; the post itself is the next name's
            chain = _inner(a, before[-1], p, stop)
            if n + 1 < len(people) and people[n + 1].first == p.last + 1:
                handed[n + 1] = before[-1]
        if not chain and n in handed and _may_agree(a, handed[n], p):
            chain = [handed[n]]
        if not chain and not before:
            chain = _set_off(a, p, found.get(start - 2), first_tokens)
        if not complement_of_person_noun(a, p):  # "академик Виктор Виноградов, языковед и литературовед"
            chain += [ph for ph in chain_after(a, p, starts, first_tokens) if ph not in chain]
        if not chain and n > 0 and _shares(a, people[n - 1], p, result[n - 1]):
            result.append(Capacity(list(result[n - 1].posts), [], shared=True))
            continue
        said = predicates(a, p, posts, stop) or frame(a, p, list(found.values()), stop - _span(p))
        chain += [ph for ph in said if ph not in chain]
        result.append(
            Capacity(
                posts=[ph for ph in chain if isinstance(ph, PostMatch) and ph.capacity],
                degrees=[ph for ph in chain if isinstance(ph, DegreeMatch)],
            )
        )
    for n, said in pronoun_capacities(a, people, posts, stop).items():
        result[n].posts.extend(ph for ph in said if ph.capacity and ph not in result[n].posts)
    return result


def _names_inner(a: Analysis, p: PersonMatch, outer: PostMatch) -> bool:
    """The parse hangs the name on a person noun inside ``outer``'s complement: "супруг британской
    королевы Елизаветы II" (Елизаветы → королевы)."""
    root = name_root(a, p)
    return (
        root.head is not None
        and outer.head < root.head <= outer.last
        and root.rel in ("appos", "flat", "flat:name", "nmod")
        and person_noun(a.tokens[root.head].text) is not None
        and a.tokens[root.head].case in {p.case, root.case}
    )


def _chained(a: Analysis, ph: Phrase, before: list[Phrase]) -> bool:
    """A phrase further left in the chain is in the case of the one next to the name, as
    appositions are: "министр X, губернатор Y Иван Петров", not "стал министром X, губернатор Y
    Иван Петров"."""
    nearest = before[-1]
    if ph is nearest or not isinstance(ph, PostMatch) or not isinstance(nearest, PostMatch):
        return True
    case, other = a.tokens[nearest.head].case, a.tokens[ph.head]
    return not case or not other.case or case == other.case or case in possible_cases(other.text)


def _may_agree(a: Analysis, post: PostMatch, p: PersonMatch) -> bool:
    """The name may be in the case of the post's head, by its reading or by its words' parses."""
    cases = {p.case, a.tokens[p.last].case} | possible_cases(a.tokens[p.last].text)
    return a.tokens[post.head].case in cases


def _span(p: PersonMatch) -> set[int]:
    return set(range(p.honorific_first or p.first, p.last + 1))


def _name_tokens(people: list[PersonMatch]) -> set[int]:
    return {k for p in people for k in range(p.honorific_first or p.first, p.last + 1)}


def _named_elsewhere(a: Analysis, p: PersonMatch, ph: Phrase, chain: list[Phrase]) -> bool:
    """The name hangs on a noun further left that is no post of the chain ("среди гостей была …"):
    a post of the chain the parse hangs it on is weighed by agreement instead."""
    heads = {c.head for c in chain if isinstance(c, PostMatch)}
    return isinstance(ph, PostMatch) and named_by_other_noun(a, p, ph) and name_root(a, p).head not in heads


def _inner(a: Analysis, outer: PostMatch, p: PersonMatch, stop: set[int]) -> list[Phrase]:
    """The capacity inside ``outer``'s complement that the genitive name after it holds:
    "пресс-секретарь экс-президента США Билла Клинтона" → Клинтон, "экс-президент США"."""
    # a declined name with a given name is sure of its case; else the tagger's cases count too
    sure = p.declined and p.given_name is not None
    cases = {p.case} if sure else {p.case, a.tokens[p.last].case, name_root(a, p).case} - {None}
    for k in range(outer.last, outer.head, -1):
        inner = post_at(a, k, stop) if a.tokens[k].case in cases else None
        if inner is not None and inner.last == outer.last:
            if not _agrees(a, inner, p, False):
                return []
            return [*_ranked(a, outer, inner, p, cases=cases, stop=stop), inner]
    return []


def _ranked(
    a: Analysis, outer: PostMatch, rank: PostMatch, p: PersonMatch, *, cases: set[str | None], stop: set[int]
) -> list[Phrase]:
    """The post right before a rank inside ``outer``'s complement, in the name's case: a rank is
    the name's apposition, never a complement ("заместитель главы вооружённых сил
    генерал-лейтенанта X": X is "глава вооружённых сил" and a lieutenant general)."""
    if rank.kind != CapacityKind.RANK:
        return []
    fence = stop | set(range(rank.first, rank.last + 1))
    for k in range(rank.first - 1, outer.head, -1):
        post = post_at(a, k, fence) if a.tokens[k].case in cases else None
        if post is not None and post.last == rank.first - 1:
            return [post] if _agrees(a, post, p, False) else []
    return []


def _set_off(a: Analysis, p: PersonMatch, post: Phrase | None, first_tokens: set[int]) -> list[Phrase]:
    """A post the name follows set off by commas, as the parse's apposition to the post's head:
    "Нынешний директор музея, Дарья Соколова, рассказала …" (not a list: a comma, a dash or a
    bracket closes the name, and no other name follows)."""
    root = name_root(a, p)
    start = p.honorific_first if p.honorific_first is not None else p.first
    after = a.tokens[p.last + 1].text if p.last + 1 < len(a.tokens) else ""
    if (
        not isinstance(post, PostMatch)
        or a.tokens[start - 1].text != ","
        or root.rel != "appos"
        or root.head != post.head
        or after not in (",", "—", "–", "(")
        or p.last + 2 in first_tokens
        or a.tokens[post.head].case != "Nom"
        or not _agrees(a, post, p, False)
    ):
        return []
    return [post]


def _shares(a: Analysis, prev: PersonMatch, p: PersonMatch, prev_cap: Capacity) -> bool:
    """``p`` is listed right after ``prev``, whose post is plural ("Депутаты … С.Абдрахманов, И.Буларов")."""
    listed = list_gap(a, prev.last + 1, p.first)
    return listed and (prev_cap.shared or any(ph.plural for ph in prev_cap.posts))
