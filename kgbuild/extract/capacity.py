"""Which posts a person holds, where the text says it.

    before the name:    "аким Жамбылской области Б. Сапарбаев"; chains of posts and degrees
                        separated by commas or dashes; a plural post shared by a list of names
                        ("Депутаты Мажилиса С.Абдрахманов, И.Буларов")
    after the name:     "Валерий Зорькин, председатель Конституционного суда, …",
                        "Светлана Яковлева - директор …", "Андреас Кёпке (тренер вратарей)"
    with a copula:      "… является депутатом парламента", "капитаном стал Михаель Баллак"

Degrees ("доктор политических наук") and origin ("украинский") found in the same places are kept
as facts of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.lexicon import degree_heads, is_post_head
from kgbuild.extract.morph import possible_cases, to_nominative
from kgbuild.extract.people import PersonMatch, reread_as_nominative
from kgbuild.extract.posts import PostMatch, head_lemma, post_at
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
        if found is None and is_post_head(head_lemma(t)):
            found = post_at(a, t.i, stop)
        if found is not None:
            out[found.last] = found
            covered.update(range(found.first, found.last + 1))
    return out


def _before(a: Analysis, k: int, ends: dict[int, Phrase], owners: set[int]) -> list[Phrase]:
    """The chain of phrases ending at token ``k`` and going left, directly or over commas and dashes.

    A dash right before the name is crossed too ("Первый Президент РК — Елбасы Нурсултан Назарбаев").
    """
    if k not in ends and k > 0 and a.tokens[k].text in _SEPARATORS - {","} and k - 1 in ends:
        k -= 1
    chain: list[Phrase] = []
    while k in ends:
        found = ends[k]
        if chain and (
            found.first - 1 in owners
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


def _after(a: Analysis, p: PersonMatch, starts: dict[int, Phrase], first_tokens: set[int]) -> list[Phrase]:
    """Appositions after the name: ", председатель …", " - директор …", " (тренер вратарей)",
    ", одному из президентов …", ", известного борца с ксенофобией, члена …"."""
    k = p.last + 1
    if k >= len(a.tokens) or a.tokens[k].sent != a.tokens[p.last].sent:
        return []
    if k in starts and a.tokens[k].is_cap() and _ends_clause(a, starts[k].last + 1):
        return [starts[k]]  # "Кирсан Илюмжинов Президент ФИДЕ" (a signature line)
    if a.tokens[k].text not in (*_SEPARATORS, "("):
        return []
    k += 1
    if (
        k < len(a.tokens)
        and a.tokens[k].low in _ONE_OF
        and a.tokens[k + 1 : k + 2]
        and a.tokens[k + 1].low == "из"
    ):
        k += 2
    chain: list[Phrase] = []
    skipped = 0
    while k not in starts and skipped < 1:  # one descriptive apposition may come first
        end = _segment_end(a, k)
        if end is None:
            return []
        k, skipped = end + 2, skipped + 1
    while k in starts:
        found = starts[k]
        nxt = found.last + 1
        if nxt in first_tokens:  # the phrase stands before another name: it is that person's
            break
        chain.append(found)
        if (nxt < len(a.tokens) and a.tokens[nxt].low == "и" and nxt + 1 in starts) or (
            nxt + 1 < len(a.tokens)
            and a.tokens[nxt].text in _SEPARATORS
            and nxt + 1 in starts
            and found.last + 2 not in first_tokens
        ):
            k = nxt + 1
        else:
            break
    return chain


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


def _copula(a: Analysis, p: PersonMatch, phrases: list[Phrase]) -> list[Phrase]:
    """ "X является депутатом …", "капитаном стал X": an instrumental post in the clause of a copula."""
    sent = a.tokens[p.first].sent
    verbs = [t.i for t in a.sentence_tokens(sent) if t.lemma in words("copula_verbs")]
    if not verbs or p.case != "Nom":
        return []
    out: list[Phrase] = []
    for ph in phrases:
        if not isinstance(ph, PostMatch) or a.tokens[ph.head].sent != sent or a.tokens[ph.head].case != "Ins":
            continue
        if ph.plural and not p.plural:
            continue  # "фигура Свиридова стала использоваться многими политиками"
        if any(min(p.first, ph.first) < v < max(p.last, ph.last) for v in verbs):
            between = range(min(p.last, ph.last) + 1, max(p.first, ph.first))
            if not any(a.tokens[k].text in (".", ";") for k in between) and len(between) <= 6:
                out.append(ph)
    return out


def _agrees(a: Analysis, post: Phrase, p: PersonMatch, listed: bool) -> bool:
    """A post before a name agrees with it: in case when the name's case is sure (it was declined;
    genitive and accusative alike), in number unless a list of names follows a plural post."""
    if not isinstance(post, PostMatch):
        return True
    head = a.tokens[post.head]
    possible = {head.case} | possible_cases(head.text)
    if (
        p.declined
        and head.case
        and p.case
        and p.case not in possible
        and {head.case, p.case} != {"Gen", "Acc"}
    ):
        return False
    return not post.plural or listed or p.plural


def _list_follows(a: Analysis, p: PersonMatch, first_tokens: set[int]) -> bool:
    k = p.last + 1
    return k + 1 < len(a.tokens) and a.tokens[k].text in (",", "и") and k + 1 in first_tokens


def phrases(a: Analysis, people: list[PersonMatch]) -> dict[int, Phrase]:
    """Every post and degree phrase that does not run into a name, keyed by its last token."""
    return _phrases(a, {k for p in people for k in range(p.honorific_first or p.first, p.last + 1)})


def reread(a: Analysis, people: list[PersonMatch], found: dict[int, Phrase]) -> list[PersonMatch]:
    """People read again where a nominative post right before the name says it is nominative:
    "профессор Казанского федерального университета А. Петрова" is a woman, not a man's genitive."""
    out = []
    for p in people:
        start = p.honorific_first if p.honorific_first is not None else p.first
        post = found.get(start - 1)
        again = (
            reread_as_nominative(a, p)
            if isinstance(post, PostMatch) and a.tokens[post.head].case == "Nom"
            else None
        )
        out.append(again or p)
    return out


def capacities(
    a: Analysis, people: list[PersonMatch], found: dict[int, Phrase] | None = None
) -> list[Capacity]:
    """The capacity of each person of ``people`` (same order); ``found``: their :func:`phrases`."""
    found = phrases(a, people) if found is None else found
    starts = {ph.first: ph for ph in found.values()}
    first_tokens = {p.honorific_first if p.honorific_first is not None else p.first for p in people}
    owners = {p.last for p in people}
    result: list[Capacity] = []
    for n, p in enumerate(people):
        start = p.honorific_first if p.honorific_first is not None else p.first
        listed = _list_follows(a, p, first_tokens)
        chain = [ph for ph in reversed(_before(a, start - 1, found, owners)) if _agrees(a, ph, p, listed)]
        if not chain:
            chain = _after(a, p, starts, first_tokens)
        if not chain and n > 0 and _shares(a, people[n - 1], p, result[n - 1]):
            result.append(Capacity(list(result[n - 1].posts), [], shared=True))
            continue
        if not chain:
            chain = _copula(a, p, list(found.values())) or _frame(a, p, list(found.values()))
        result.append(
            Capacity(
                posts=[ph for ph in chain if isinstance(ph, PostMatch)],
                degrees=[ph for ph in chain if isinstance(ph, DegreeMatch)],
            )
        )
    return result


def _shares(a: Analysis, prev: PersonMatch, p: PersonMatch, prev_cap: Capacity) -> bool:
    """``p`` is listed right after ``prev``, whose post is plural ("Депутаты … С.Абдрахманов, И.Буларов")."""
    gap = a.tokens[prev.last + 1 : p.first]
    listed = 0 < len(gap) <= 1 and all(t.text in (",", "и") for t in gap)
    return listed and (prev_cap.shared or any(ph.plural for ph in prev_cap.posts))
