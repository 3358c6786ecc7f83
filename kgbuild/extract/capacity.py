"""Which posts a person holds, where the text says it.

    before the name:    "аким Жамбылской области Б. Сапарбаев"; chains of posts and degrees
                        separated by commas or dashes; a plural post shared by a list of names
                        ("Депутаты Мажилиса С.Абдрахманов, И.Буларов")
    after the name:     "Валерий Зорькин, председатель Конституционного суда, …",
                        "Светлана Яковлева - директор …", "Андреас Кёпке (тренер вратарей)"
    as a predicate:     "… является депутатом парламента", "капитаном стал Михаель Баллак",
                        "был назначен министром" (see :mod:`kgbuild.extract.capacity_syntax`)

Degrees ("доктор политических наук") and origin ("украинский") found in the same places are kept
as facts of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.capacity_anaphora import pronoun_capacities
from kgbuild.extract.capacity_heads import person_noun
from kgbuild.extract.capacity_syntax import (
    complement_of_person_noun,
    complement_of_phrase,
    name_root,
    named_by_other_noun,
    predicates,
)
from kgbuild.extract.lexicon import degree_heads
from kgbuild.extract.morph import possible_cases, to_nominative
from kgbuild.extract.people import PersonMatch, person_at, reread_as_nominative
from kgbuild.extract.posts import PostMatch, post_at
from kgbuild.extract.text import phrase
from kgbuild.lexicon import words

_SEPARATORS = {",", "–", "—", "-", "−"}
_ONE_OF = {"один", "одна", "одно", "одним", "одному", "одной", "одного", "одну"}


@dataclass(frozen=True)
class DegreeMatch:
    first: int
    last: int
    text: str


Phrase = PostMatch | DegreeMatch


@dataclass
class Capacity:
    posts: list[PostMatch] = field(default_factory=list)
    degrees: list[DegreeMatch] = field(default_factory=list)
    shared: bool = False  # taken from a plural post before a list of names


def degree_at(a: Analysis, i: int) -> DegreeMatch | None:
    """ "доктор политических наук", "кандидата социологических наук" starting at token ``i``."""
    t = a.tokens[i]
    if t.lemma not in degree_heads():
        return None
    k = i + 1
    while k < len(a.tokens) and a.tokens[k].pos == "ADJ" and a.tokens[k].sent == t.sent:
        k += 1
    if k >= len(a.tokens) or a.tokens[k].lemma != "наука" or k == i + 1:
        return None
    head = to_nominative(t.text, case=t.case, gender="Masc").lower()
    return DegreeMatch(i, k, f"{head} {phrase(a, i + 1, k)}")


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


def _before(a: Analysis, k: int, ends: dict[int, Phrase], owners: set[int]) -> list[Phrase]:
    """The chain of phrases ending at token ``k`` and going left, directly or over commas and dashes.

    A dash right before the name is crossed too ("Первый Президент РК — Елбасы Нурсултан Назарбаев").
    """
    while k not in ends and k > 0 and _skippable(a.tokens[k]):
        k -= 1  # "директор ФБР 68-летний Роберт Мюллер"
    if k not in ends and k > 0 and a.tokens[k].text in _SEPARATORS - {","} and k - 1 in ends:
        if _possessed(a, ends[k - 1]):
            return []  # "Его учитель — академик X": the subject of a sentence naming its predicate
        k -= 1
    intro = _introduced(a, k) if k not in ends else None
    listing = ends.get(intro) if intro is not None else None
    if intro is not None and isinstance(listing, PostMatch) and listing.plural:
        k = intro  # "писатели и критики, среди которых — …"
    chain: list[Phrase] = []
    while k in ends:
        found = ends[k]
        if chain and (
            _possessed(a, found)  # "его учитель — академик X"
            or found.first - 1 in owners
            or (found.first - 2 in owners and a.tokens[found.first - 1].text in _SEPARATORS - {","})
        ):
            break  # "Яковлева - директор X, Разлогов - …": after a name and a dash, the post is that name's
        chain.append(found)
        prev = found.first - 1
        if prev >= 0 and prev in ends and a.tokens[prev].sent == a.tokens[found.first].sent:
            k = prev  # "Глава представительства США помощник госсекретаря Мэтью Брайза"
            continue
        if (
            prev < 1
            or a.tokens[prev].text not in (*_SEPARATORS, "и")
            or a.tokens[prev].sent != a.tokens[found.first].sent
        ):
            break
        k = prev - 1
    return chain


_POSSESSIVE = {"его", "ее", "её", "их", "мой", "моя", "наш", "наша", "ваш", "свой", "своя"}


def _possessed(a: Analysis, ph: Phrase) -> bool:
    """The phrase is someone's, by a possessive before it: "его учитель", "её адвокат"."""
    return ph.first > 0 and a.tokens[ph.first - 1].low in _POSSESSIVE


#: Words introducing a list of names after a plural post: ", среди которых", ", в том числе".
_INTRODUCERS = (("среди", "которых"), ("в", "том", "числе"), ("включая",), ("а", "именно"))


def _introduced(a: Analysis, k: int) -> int | None:
    """The last token before a list introducer ending at token ``k`` (", среди которых —", ":"),
    or None."""
    if k < 1:
        return None
    if a.tokens[k].text == ":":
        return k - 1
    j = k - 1 if a.tokens[k].text in _SEPARATORS - {","} else k
    for intro in _INTRODUCERS:
        n = len(intro)
        if j - n >= 1 and tuple(t.low for t in a.tokens[j - n + 1 : j + 1]) == intro:
            return j - n - 1 if a.tokens[j - n].text == "," else None
    return None


def _skippable(t: Token) -> bool:
    """An adjective between a post and a name that is not part of the post: an age ("68-летний",
    "сорокалетний") or a word of praise ("известный")."""
    age = any(c.isdigit() for c in t.text) or t.lemma.endswith("летний")
    return t.pos == "ADJ" and (age or t.lemma in words("post_modifier_stopwords"))


def _after(a: Analysis, p: PersonMatch, starts: dict[int, Phrase], first_tokens: set[int]) -> list[Phrase]:
    """Appositions after the name: ", председатель …", " - директор …", " (тренер вратарей)",
    ", одному из президентов …", ", известного борца с ксенофобией, члена …"."""
    k = _after_aside(a, p.last + 1)
    if k >= len(a.tokens) or a.tokens[k].sent != a.tokens[p.last].sent:
        return []
    if k in starts and a.tokens[k].is_cap() and _ends_clause(a, starts[k].last + 1):
        return [starts[k]]  # "Кирсан Илюмжинов Президент ФИДЕ" (a signature line)
    if a.tokens[k].text not in (*_SEPARATORS, "("):
        return []
    k += 1
    one_of = k + 1 < len(a.tokens) and a.tokens[k].low in _ONE_OF and a.tokens[k + 1].low == "из"
    if one_of:
        k += 2
    chain: list[Phrase] = []
    skipped = 0
    while (k not in starts or _not_capacity(starts[k])) and skipped < 1:
        # one descriptive apposition may come first: ", соратник Цзян Цзэминя, премьер …"
        end = _segment_end(a, k)
        if end is None:
            return []
        k, skipped = end + 2, skipped + 1
    conjoined = 0  # how many phrases at the end of the chain are joined by "и" or a dash
    while k in starts:
        found = starts[k]
        nxt = found.last + 1
        if nxt in first_tokens:  # the phrase stands before another name: it is that person's,
            del chain[len(chain) - conjoined :]  # with those tied to it ("продюсер и актёр Y")
            break
        if isinstance(found, PostMatch) and found.plural and not p.plural and not one_of:
            break  # "…, уличные художники проведут": a new subject, not an apposition
        chain.append(found)
        joined = nxt < len(a.tokens) and a.tokens[nxt].low == "и" and nxt + 1 in starts
        # joined by "и" or a dash, the next phrase goes with this one ("заместитель X – заведующий Y")
        tied = joined or (nxt < len(a.tokens) and a.tokens[nxt].text in _SEPARATORS - {","})
        conjoined = conjoined + 1 if tied else 0
        if joined or (
            nxt + 1 < len(a.tokens)
            and a.tokens[nxt].text in _SEPARATORS
            and nxt + 1 in starts
            and found.last + 2 not in first_tokens
        ):
            k = nxt + 1
        else:
            break
    return chain


def _after_aside(a: Analysis, k: int) -> int:
    """Token ``k``, or the one after a bracketed transliteration of the name starting there:
    "Скотт Хоровитц (Scott Horowitz), бывший астронавт"."""
    if k >= len(a.tokens) or a.tokens[k].text != "(":
        return k
    for j in range(k + 1, min(k + 8, len(a.tokens))):
        if a.tokens[j].text == ")":
            return j + 1
        if not (a.tokens[j].text.isascii() and (a.tokens[j].text[:1].isupper() or a.tokens[j].text == ".")):
            return k
    return k


def _not_capacity(ph: Phrase) -> bool:
    return isinstance(ph, PostMatch) and not ph.capacity


def _ends_clause(a: Analysis, k: int) -> bool:
    return (
        k >= len(a.tokens) or a.tokens[k].sent != a.tokens[k - 1].sent or a.tokens[k].text in (".", ";", "!")
    )


def _segment_end(a: Analysis, k: int) -> int | None:
    """The last token of a short noun phrase starting at ``k`` and closed by a comma, or None."""
    for j in range(k, min(k + 6, len(a.tokens))):
        t = a.tokens[j]
        if t.text == ",":
            return j - 1 if j > k else None
        if t.pos in ("VERB", "AUX") or t.text in (".", ";", "(", ")") or t.sent != a.tokens[k].sent:
            return None
    return None


def _frame(a: Analysis, p: PersonMatch, phrases: list[Phrase]) -> list[Phrase]:
    """ "в качестве первого заместителя входит X", "X согласился занять пост премьер-министра":
    a post introduced by a word naming a post, in the clause of a subject name."""
    if p.case != "Nom":
        return []
    out: list[Phrase] = []
    sent = a.tokens[p.first].sent
    for ph in phrases:
        if not isinstance(ph, PostMatch) or a.tokens[ph.first].sent != sent or ph.first < 1:
            continue
        before = a.tokens[ph.first - 1]
        if before.lemma not in words("post_frames") and before.low != "качестве":
            continue
        if ph.first >= 2 and a.tokens[ph.first - 2].low == "на":
            continue  # "кандидатом на пост главы Франции": a post sought, not held
        between = range(min(p.last, ph.last) + 1, max(p.first, ph.first))
        if len(between) <= 8 and not any(a.tokens[k].text in (".", ";") for k in between):
            out.append(ph)
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


def _list_follows(a: Analysis, p: PersonMatch, first_tokens: set[int]) -> bool:
    k = p.last + 1
    for start in range(k + 1, min(k + 12, len(a.tokens))):
        if start in first_tokens:
            return _list_gap(a, k, start)
    return False


def _list_gap(a: Analysis, first: int, stop: int) -> bool:
    """Tokens ``first``..``stop - 1`` only separate two names of a list: a comma or "и" ("а также"),
    after a bracketed aside or where the first one comes from ("Юрий Царёв (проект «Метро»),",
    "Михаил Павлов из Москвы,")."""
    k = first
    if k < stop and a.tokens[k].text == "(":
        close = next((j for j in range(k, stop) if a.tokens[j].text == ")"), None)
        if close is None:
            return False
        k = close + 1
    if k + 1 < stop and a.tokens[k].low in ("из", "от") and a.tokens[k + 1].is_cap():
        k += 2
    rest = [t.low for t in a.tokens[k:stop]]
    return 0 < len(rest) <= 3 and all(w in (",", "и", "а", "также") for w in rest)


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
        listed = _list_follows(a, p, first_tokens)
        before = list(reversed(_before(a, start - 1, found, owners)))
        chain = [
            ph
            for ph in before
            if _agrees(a, ph, p, listed) and not _named_elsewhere(a, p, ph, before) and not _not_capacity(ph)
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
        if not complement_of_person_noun(a, p):  # "академик Виктор Виноградов, языковед и литературовед"
            chain += [ph for ph in _after(a, p, starts, first_tokens) if ph not in chain]
        if not chain and n > 0 and _shares(a, people[n - 1], p, result[n - 1]):
            result.append(Capacity(list(result[n - 1].posts), [], shared=True))
            continue
        said = predicates(a, p, posts, stop) or _frame(a, p, list(found.values()))
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


def _may_agree(a: Analysis, post: PostMatch, p: PersonMatch) -> bool:
    """The name may be in the case of the post's head, by its reading or by its words' parses."""
    cases = {p.case, a.tokens[p.last].case} | possible_cases(a.tokens[p.last].text)
    return a.tokens[post.head].case in cases


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
            return [inner] if _agrees(a, inner, p, False) else []
    return []


def _shares(a: Analysis, prev: PersonMatch, p: PersonMatch, prev_cap: Capacity) -> bool:
    """``p`` is listed right after ``prev``, whose post is plural ("Депутаты … С.Абдрахманов, И.Буларов")."""
    listed = _list_gap(a, prev.last + 1, p.first)
    return listed and (prev_cap.shared or any(ph.plural for ph in prev_cap.posts))
