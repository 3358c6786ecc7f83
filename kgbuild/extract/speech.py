"""Who spoke at the event, and who is only mentioned in its report.

A person speaks when they are the subject of a speech verb ("А.Манойло подчеркнул", "с докладами
выступили аким … Б. Сапарбаев, … К.Ергалиев"), are named in the attribution of a quotation
("…, — отметил аким … Бердибек Сапарбаев"), or are quoted ("По словам главы … Игоря Щеголёва").
People named inside someone else's quoted speech, or credited with something without speaking
("Инициированный Главой государства …"), are mentioned. The rest of a report's people took part
("приняли участие") or are mentioned.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.people import PersonMatch
from kgbuild.facts import RoleType
from kgbuild.lexicon import words

_DASHES = {"—", "–", "-"}
_CLIMB = {"flat:name", "flat", "appos", "conj", "nsubj", "nsubj:pass", "nmod"}
_QUOTE_OPEN = {"«": "»", "“": "”"}
_QUOTE_SPAN = 400  # tokens: a quotation is a paragraph, not a chapter


@dataclass(frozen=True)
class Quote:
    start: int  # character offsets of the quoted words
    stop: int


def _speech(t: Token) -> bool:
    return t.pos in ("VERB", "ADJ", "AUX") and t.lemma in words("speech_verbs")


def quotes(a: Analysis) -> list[Quote]:
    """Direct speech: dash quotations closed by "…, — отметил X", and «…» with a speech verb beside."""
    out = []
    tokens = a.tokens
    last_stop = 0
    for d in tokens:
        if d.text not in _DASHES or d.i == 0 or d.i + 1 >= len(tokens):
            continue
        if tokens[d.i - 1].text not in (",", ".", "!", "?", "…", "»") or not _speech(tokens[d.i + 1]):
            continue
        opening = next(
            (
                q
                for q in reversed(tokens[: d.i - 1])
                if q.start >= last_stop
                and q.text in _DASHES
                and (
                    q.i == 0
                    or tokens[q.i - 1].text in (".", "!", "?", ":", "»")
                    or tokens[q.i - 1].sent != q.sent
                )
            ),
            None,
        )
        if opening is not None:
            out.append(Quote(opening.stop, d.start))
            last_stop = d.stop
    for t in tokens:
        if t.text not in _QUOTE_OPEN:
            continue
        close = next((c for c in tokens[t.i + 1 : t.i + _QUOTE_SPAN] if c.text == _QUOTE_OPEN[t.text]), None)
        if close is None:
            continue
        after = tokens[close.i + 1 : close.i + 4]
        before = tokens[max(0, t.i - 2) : t.i]
        if any(_speech(x) for x in after) or (
            any(x.text == ":" for x in before) and any(_speech(x) for x in before)
        ):
            out.append(Quote(t.stop, close.start))
    return out


def _subject_of_speech(a: Analysis, p: PersonMatch) -> bool:
    """A name token climbs the syntax tree to a speech verb it is the subject of."""
    for k in range(p.first, p.last + 1):
        t, came = a.tokens[k], ""
        for _ in range(6):
            if t.head is None:
                break
            came, t = t.rel, a.tokens[t.head]
            if _speech(t) and came.startswith("nsubj"):
                return True
            if t.rel not in _CLIMB:
                break
        if _speech(t) and came.startswith("nsubj"):
            return True
    return False


def _verb_before(a: Analysis, start: int) -> bool:
    """A speech verb right before the person's capacity and name ("отметил аким … Сапарбаев")."""
    k = start - 1
    while k >= 0 and a.tokens[k].low in ("и", "также", "еще", "тоже", "докладом", "докладами", "с", "речью"):
        k -= 1
    return k >= 0 and _speech(a.tokens[k]) and a.tokens[k].sent == a.tokens[start].sent


def _verb_after(a: Analysis, p: PersonMatch) -> bool:
    k = p.last + 1
    return k < len(a.tokens) and _speech(a.tokens[k])


def _quoted_by_words(a: Analysis, start: int) -> bool:
    """ "По словам X", "Как отметил X"."""
    before = [t.low for t in a.tokens[max(0, start - 2) : start]]
    return before == ["по", "словам"] or before[-1:] == ["слова"]


def _takes_part(a: Analysis, p: PersonMatch) -> bool:
    sent = a.sentence_tokens(a.tokens[p.first].sent)
    return any(t.lemma in words("participation_verbs") for t in sent)


def _moderates(a: Analysis, start: int, p: PersonMatch, people: list[PersonMatch]) -> bool:
    """A moderator word in the person's clause with no other name between ("Модератором пленарной
    сессии выступила журналист Дина Касымова", "X модерировал дискуссию")."""
    first, last = a.sentences[a.tokens[p.first].sent]
    for t in a.tokens[first : last + 1]:
        if t.lemma in words("moderator_cues") and t.lemma != "вести":
            others = {
                k
                for q in people
                if q is not p and first <= q.first <= last
                for k in range(q.first, q.last + 1)
            }
            between = range(min(t.i, start), max(t.i, p.last))
            if not any(k in others for k in between) and not any(a.tokens[k].text == ";" for k in between):
                return True
    return False


def roles(a: Analysis, people: list[PersonMatch], starts: list[int]) -> list[RoleType]:
    """The role of each person of ``people`` at the reported event; ``starts``: where each person's
    capacity (or name) begins in the text."""
    spoken = quotes(a)
    result: list[RoleType] = []
    for n, (p, start) in enumerate(zip(people, starts, strict=True)):
        offset = a.tokens[p.first].start
        inside = any(q.start <= offset < q.stop for q in spoken)
        if not inside and _moderates(a, start, p, people):
            role = RoleType.MODERATOR
        elif not inside and (
            _subject_of_speech(a, p)
            or _verb_before(a, start)
            or _verb_after(a, p)
            or _quoted_by_words(a, start)
        ):
            role = RoleType.SPEAKER
        elif not inside and n > 0 and result[-1] is RoleType.SPEAKER and _listed(a, people[n - 1], start):
            role = RoleType.SPEAKER  # "выступили аким … Б. Сапарбаев, Вице-министр … Б. Тлепов"
        elif not inside and _takes_part(a, p):
            role = RoleType.PARTICIPANT
        else:
            role = RoleType.MENTIONED
        result.append(role)
    return result


def _listed(a: Analysis, prev: PersonMatch, start: int) -> bool:
    gap = a.tokens[prev.last + 1 : start]
    return 0 < len(gap) <= 2 and all(t.text in (",", "и") for t in gap)
