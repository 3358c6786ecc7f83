"""Capacity phrases beside a name: before it, after it, or shared along a list.

    before the name:    "аким Жамбылской области Б. Сапарбаев"; chains of posts and degrees
                        separated by commas, dashes or "и"; an age between ("директор ФБР
                        68-летний Роберт Мюллер"); a plural post before a list of names, also after
                        "среди которых —" or ":" ("писатели и критики, среди которых — A и B")
    after the name:     "Валерий Зорькин, председатель Конституционного суда, …", "Светлана
                        Яковлева - директор …", "Андреас Кёпке (тренер вратарей)", ", одному из
                        президентов …", past a bracketed transliteration of the name
    a frame:            "в качестве первого заместителя входит X", "X согласился занять пост …"

Which of them belong to the name is for :mod:`kgbuild.extract.capacity` to weigh.
"""

from __future__ import annotations

from dataclasses import replace

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.extract.posts import DegreeMatch, Phrase, PostMatch
from kgbuild.facts import CapacityStatus
from kgbuild.lexicon import mapping, words

_SEPARATORS = {",", "–", "—", "-", "−"}
_ONE_OF = {"один", "одна", "одно", "одним", "одному", "одной", "одного", "одну"}


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


def chain_before(a: Analysis, k: int, ends: dict[int, Phrase], owners: set[int]) -> list[Phrase]:
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


def _skippable(t: Token) -> bool:
    """An adjective between a post and a name that is not part of the post: an age ("68-летний",
    "сорокалетний") or a word of praise ("известный")."""
    age = any(c.isdigit() for c in t.text) or t.lemma.endswith("летний")
    return t.pos == "ADJ" and (age or t.lemma in words("post_modifier_stopwords"))


def chain_after(
    a: Analysis, p: PersonMatch, starts: dict[int, Phrase], first_tokens: set[int]
) -> list[Phrase]:
    """Appositions after the name: ", председатель …", " - директор …", " (тренер вратарей)",
    ", одному из президентов …", ", известного борца с ксенофобией, члена …"."""
    k = _after_aside(a, p.last + 1)
    if k >= len(a.tokens) or a.tokens[k].sent != a.tokens[p.last].sent:
        return []
    if k in starts and a.tokens[k].is_cap() and _ends_clause(a, starts[k].last + 1):
        return [starts[k]]  # "Кирсан Илюмжинов Президент ФИДЕ" (a signature line)
    if a.tokens[k].text in (*_SEPARATORS, "("):
        k += 1
    elif not isinstance(starts.get(k), DegreeMatch):
        return []  # but a degree may follow the name with no comma: "А. Петрова д.и.н., профессор"
    one_of = k + 1 < len(a.tokens) and a.tokens[k].low in _ONE_OF and a.tokens[k + 1].low == "из"
    if one_of:
        k += 2
    chain: list[Phrase] = []
    skipped = 0
    while (k not in starts or not_capacity(starts[k])) and skipped < 1:
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


def not_capacity(ph: Phrase) -> bool:
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


def frame(a: Analysis, p: PersonMatch, phrases: list[Phrase], names: set[int]) -> list[Phrase]:
    """ "в качестве первого заместителя входит X", "X согласился занять пост премьер-министра":
    a post introduced by a word naming a post, in the clause of a subject name, with no other
    name between; held before when left ("ушёл с поста …", "покинул пост …")."""
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
        preposition = a.tokens[ph.first - 2].low if ph.first >= 2 else ""
        if preposition == "на" and before.case != "Loc":
            continue  # "кандидатом на пост главы Франции": a post sought, not held
        between = range(min(p.last, ph.last) + 1, max(p.first, ph.first))
        if len(between) > 8 or any(a.tokens[k].text in (".", ";") or k in names for k in between):
            continue
        verb = a.tokens[before.head] if before.head is not None else None
        left = preposition in ("с", "со", "от") or (
            verb is not None and mapping("post_moves").get(verb.lemma) == "former"
        )
        out.append(replace(ph, status=CapacityStatus.FORMER) if left else ph)
    return out


def list_follows(a: Analysis, p: PersonMatch, first_tokens: set[int]) -> bool:
    k = p.last + 1
    for start in range(k + 1, min(k + 12, len(a.tokens))):
        if start in first_tokens:
            return list_gap(a, k, start)
    return False


def list_gap(a: Analysis, first: int, stop: int) -> bool:
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
