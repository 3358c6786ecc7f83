"""The event a report is about: kind, title, dates, place, counts, attendance, countries, parts.

Candidates are the nouns of ``lexicon/event_kinds.txt`` ("международной научно-практической
конференции") and, of an open class, any inanimate noun the syntax makes an event: the subject of
a verb of taking place ("состоялся телемост", "прошла церемония открытия"), the object of one of
holding ("провели Дни культуры"), or what "в рамках"/"в ходе" introduce. The candidate with the
most signs of being the reported event wins: a title in quotes after it, a date or a place ("в
Таразе") in its sentence, a verb of taking place, an early mention. Its dates are those of its
sentence, else of the dateline at the top of the report. Its place is a city or region: that of
its sentence, the dateline's, or the first one the report names (a venue such as "в Институте
философии" is no place). A session of a body ("пленарное заседание Общественного совета") is the
event itself when the report names nothing larger. When no candidate is sure (no title, date or
place), the best one is still the report's event, marked ``inferred``.
Parts are the plenary session and the sections, numbered ("1. Роль …;") or titled ("секция «…»").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kgbuild.extract.analysis import Analysis, Token
from kgbuild.extract.dates import DateMatch, is_iso
from kgbuild.extract.event_details import (
    attendance_modes,
    count_attendance,
    countries_from,
    dateline_place,
    lasting_until,
    relative_date,
)
from kgbuild.extract.lexicon import is_post_head
from kgbuild.extract.morph import grammemes, lemma_of, to_nominative
from kgbuild.extract.places import (
    PlaceMatch,
    first_settlement,
    place_after_preposition,
    places_of_events,
    rank,
)
from kgbuild.facts import AttendanceMode, EventKind
from kgbuild.lexicon import mapping, words

_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_ORDINAL = re.compile(r"^([IVXLC]+|\d+(-?й|-?я|-?е)?)$")  # "III съезд", "2-й форум": not part of the kind
_GENERIC = "мероприятие"  # the kind text of an event no noun names


@dataclass
class EventMatch:
    kind: EventKind
    kind_text: str
    first: int  # tokens of the mention (kind phrase and title)
    last: int
    title: str | None = None
    dates: DateMatch | None = None
    place: PlaceMatch | None = None
    participants: int | None = None
    speakers: int | None = None
    count_text: str | None = None
    modes: list[AttendanceMode] = field(default_factory=list)
    countries: list[PlaceMatch] = field(default_factory=list)
    score: int = 0
    inferred: bool = False  # no mention was sure to be the event (no title, date or place)


@cache
def lemma_table(name: str) -> dict[str, str]:
    """A ``key = value`` word list keyed by the dictionary forms of its words ("пленарный заседание")."""
    return {" ".join(lemma_of(w) for w in key.split()): value for key, value in mapping(name).items()}


def kind_at(a: Analysis, i: int, table: dict[str, str]) -> tuple[str, int] | None:
    """(kind code, first token of the kind words) if token ``i`` ends a kind noun of ``table``."""
    t = a.tokens[i]
    if t.lemma in table:
        return table[t.lemma], i
    if i > 0 and f"{a.tokens[i - 1].lemma} {t.lemma}" in table:
        return table[f"{a.tokens[i - 1].lemma} {t.lemma}"], i - 1
    return None


def kind_phrase(
    a: Analysis, first: int, head: int, complement: bool = False, body: bool = False
) -> tuple[str, int]:
    """The kind phrase with its adjectives, in the nominative ("международная конференция"); with
    ``complement``, the genitive words after it too ("церемония открытия", "Дни казахской культуры"),
    with ``body`` the name of a body too ("пленарное заседание Общественного совета")."""
    k = first
    while (
        k > 0
        and a.tokens[k - 1].pos == "ADJ"
        and a.tokens[k - 1].sent == a.tokens[head].sent
        and not _ORDINAL.match(a.tokens[k - 1].text)
        and "Anum" not in grammemes(a.tokens[k - 1].text)  # "первое заседание": which one, not what kind
    ):
        k -= 1
    gender = a.tokens[head].feats.get("Gender") or _gender_of(a.tokens[head].lemma)  # plurals have none
    number = "plur" if a.tokens[head].feats.get("Number") == "Plur" else "sing"
    parts = [
        to_nominative(a.tokens[j].text, case=a.tokens[j].case, gender=gender, number=number).lower()
        for j in range(k, head + 1)
    ]
    if complement:
        j = head + 1
        while j < len(a.tokens) and j <= head + 4 and _genitive_word(a, j, head, body):
            parts.append(a.tokens[j].text)
            j += 1
        if parts and a.tokens[j - 1].pos == "ADJ":  # a genitive adjective without its noun
            parts.pop()
    return " ".join(parts), k


def _gender_of(lemma: str) -> str | None:
    """The gender of a noun's dictionary form ("встреча": feminine), UD-style."""
    found = grammemes(lemma)
    return next((ud for ud, oc in (("Masc", "masc"), ("Fem", "femn"), ("Neut", "neut")) if oc in found), None)


def _genitive_word(a: Analysis, j: int, head: int, body: bool) -> bool:
    t = a.tokens[j]
    if t.sent != a.tokens[head].sent or t.case != "Gen":
        return False
    if body:
        return t.pos in ("NOUN", "ADJ", "PROPN")
    return t.pos in ("NOUN", "ADJ") and not t.ner and not (t.text[:1].isupper() and t.pos == "NOUN")


def _open_kind(a: Analysis, t: Token) -> bool:
    """``t`` is an event by its place in the syntax, though no list names it: an inanimate noun
    that takes place ("состоялся телемост"), is held ("провели Дни культуры") or frames others
    ("в рамках акции")."""
    if t.ner or t.lemma in words("event_nonkinds") or t.head is None or is_post_head(t.lemma):
        return False
    if t.pos != "NOUN" and not (t.pos == "PROPN" and not {"Name", "Surn", "Geox", "Orgn"} & grammemes(t.low)):
        return False  # "Дни культуры" is capitalised, and still a common noun
    if "anim" in grammemes(t.text) and "inan" not in grammemes(t.text):
        return False
    head = a.tokens[t.head]
    if t.rel in ("nsubj", "nsubj:pass"):
        return head.lemma in words("event_verbs") and head.lemma not in words("event_hosting_verbs")
    if t.rel == "obj":
        return head.lemma in words("event_hosting_verbs")
    return (
        t.rel == "nmod"
        and head.lemma in ("рамка", "ход")
        and head.i > 0
        and a.tokens[head.i - 1].low in ("в", "во")
    )


def title_after(a: Analysis, i: int) -> tuple[str, int] | None:
    """The quoted title following token ``i``: right after it, after "на тему"/"под названием"/":",
    or after the kind's genitive complement ("съезд этнокультурных объединений области «…»")."""
    k = i + 1
    end = a.sentences[a.tokens[i].sent][1]
    while k <= end and a.tokens[k].low in ("на", "тему", "под", "названием", ":", "по", "теме"):
        k += 1
    j = k
    while j <= end and j - k < 6 and _modifies_kind(a.tokens[j]):
        j += 1  # "съезд этнокультурных объединений «…»", "конференция с международным участием «…»"
    if j <= end and a.tokens[j].text in _QUOTE_PAIRS:
        k = j
    if k > end or a.tokens[k].text not in _QUOTE_PAIRS:
        return None
    depth, closing = 0, _QUOTE_PAIRS[a.tokens[k].text]
    for j in range(k, end + 1):
        text = a.tokens[j].text
        if text == a.tokens[k].text and text != closing:
            depth += 1
        elif text == closing:
            depth -= 1
            if depth <= 0 and j > k:
                title = a.text[a.tokens[k].stop : a.tokens[j].start].strip()
                return (title, j) if title else None
    return None


def _modifies_kind(t: Token) -> bool:
    """A word of what may stand between an event noun and its quoted title: its genitive
    complement, or a prepositional phrase such as "с международным участием"."""
    if t.case == "Gen" and t.pos in ("ADJ", "NOUN", "PROPN"):
        return True
    return t.low in ("с", "со") or (t.case == "Ins" and t.pos in ("ADJ", "NOUN"))


def _score(a: Analysis, ev: EventMatch, head: Token, listed: bool) -> int:
    sent = a.tokens[ev.first].sent
    tokens = a.sentence_tokens(sent)
    score = 3 * bool(ev.title) + 2 * bool(ev.dates) + bool(ev.place)
    score += 2 * any(t.lemma in words("event_verbs") for t in tokens)
    score += int(sent < 3)  # reports name their event early
    score += int(_open_kind(a, head))  # the syntax makes it an event: "состоялся …", "в рамках …"
    if not listed:
        score -= 1  # an event noun no list names is less sure
    if _topic(a, head):
        score -= 4  # "брифинг, посвящённый конференции …", "по итогам форума": another event, spoken of
    return score - 2 * (head.lemma in words("event_generic"))


def _of_another(a: Analysis, d: DateMatch, ev: EventMatch) -> bool:
    """The date stands in a relative clause on another noun than the event's ("брифинг о форуме,
    который состоялся 15 июля"), not on the event's own ("форум, который проходил 3–5 июня")."""
    return _in_relative_clause(a, next((t for t in a.tokens if t.start >= d.start), None), ev)


def _in_relative_clause(a: Analysis, t: Token | None, ev: EventMatch) -> bool:
    """``t`` belongs to a relative clause ("…, которая состоялась в Ташкенте") on a noun outside
    the event's mention."""
    for _ in range(6):
        if t is None or t.head is None:
            return False
        if t.rel == "acl:relcl":
            noun = _antecedent(a, t) or a.tokens[t.head]
            return not ev.first <= noun.i <= ev.last
        t = a.tokens[t.head]
    return False


def _antecedent(a: Analysis, clause: Token) -> Token | None:
    """The noun "который" refers to: the nearest one before it of its gender and number (the
    parser may attach the clause to a noun further back)."""
    which = next((c for c in a.children(clause.i) if c.lemma == "который"), None)
    if which is None:
        return None
    gender, number = which.feats.get("Gender"), which.feats.get("Number")
    for k in range(which.i - 1, max(a.sentences[which.sent][0], which.i - 15) - 1, -1):
        t = a.tokens[k]
        if (
            t.pos == "NOUN"
            and (not number or t.feats.get("Number") == number)
            and (number == "Plur" or not gender or t.feats.get("Gender") == gender)
        ):
            return t
    return None


def _dated_again(best: EventMatch, found: list[EventMatch]) -> DateMatch | None:
    """The date of another mention of the same event ("открытие фестиваля «…»" in the headline,
    "5 июня в Ялте состоялось открытие фестиваля «…»" below)."""
    same = [
        ev
        for ev in found
        if ev is not best
        and ev.dates is not None
        and (ev.title == best.title if best.title else ev.kind_text == best.kind_text)
    ]
    return same[0].dates if same else None


def _in_paragraph(a: Analysis, best: EventMatch, dates: list[DateMatch]) -> DateMatch | None:
    """The first date written out in the paragraph of the event's mention ("В пятницу, 1 февраля,
    аким прибыл … Встреча прошла в Доме культуры")."""
    start = a.text.rfind("\n\n", 0, a.tokens[best.first].start)
    end = a.text.find("\n\n", a.tokens[best.first].start)
    end = len(a.text) if end < 0 else end
    return next((d for d in dates if start <= d.start < end and not is_iso(a.text, d)), None)


def _topic(a: Analysis, t: Token) -> bool:
    """The event noun ``t`` is what something is about or follows, not what took place."""
    return t.head is not None and a.tokens[t.head].lemma in words("event_topic_cues")


def candidates(a: Analysis, dates: list[DateMatch]) -> list[EventMatch]:
    """Every mention of an event, scored: nouns of the list of kinds, and nouns the syntax makes
    events (:func:`_open_kind`)."""
    table = lemma_table("event_kinds")
    out = []
    for t in a.tokens:
        found = kind_at(a, t.i, table)
        if kind_at(a, t.i, lemma_table("event_parts")) is not None:
            continue
        listed = found is not None
        if found is None:
            if not _open_kind(a, t):
                continue
            found = (EventKind.EVENT.value, t.i)
        out.append(_candidate(a, t, found, dates, listed=listed))
    return out


def _candidate(
    a: Analysis,
    t: Token,
    found: tuple[str, int],
    dates: list[DateMatch],
    *,
    listed: bool,
    body: bool = False,
) -> EventMatch:
    code, kind_first = found
    kind_text, first = kind_phrase(a, kind_first, t.i, complement=not listed or body, body=body)
    title = title_after(a, t.i)
    sent_first, sent_last = a.sentences[t.sent]
    ev = EventMatch(
        kind=EventKind(code),
        kind_text=kind_text,
        first=first,
        last=title[1] if title else t.i,
        title=title[0] if title else None,
    )
    span = (a.tokens[sent_first].start, a.tokens[sent_last].stop)
    here = [d for d in dates if span[0] <= d.start < span[1]]
    # an ISO date is a publication's; a date in a clause on another noun is another event's
    ev.dates = next((d for d in here if not is_iso(a.text, d) and not _of_another(a, d, ev)), None)
    ev.place = next(
        (
            p
            for p in places_of_events(a, sent_first, sent_last)
            if not _in_relative_clause(a, a.tokens[p.first], ev)
        ),
        None,
    )
    ev.score = _score(a, ev, t, listed)
    return ev


def _sessions(a: Analysis, dates: list[DateMatch]) -> list[EventMatch]:
    """Sessions of a body taken for the event itself ("первое пленарное заседание Общественного
    совета"), for reports that name nothing larger."""
    table = lemma_table("event_parts")
    out = []
    for t in a.tokens:
        found = kind_at(a, t.i, table)
        if found is not None and found[0] == EventKind.PLENARY_SESSION.value:
            out.append(_candidate(a, t, (EventKind.SESSION.value, found[1]), dates, listed=True, body=True))
    return out


def main_event(
    a: Analysis, dates: list[DateMatch], header: int = 400, *, published: date | None = None
) -> EventMatch | None:
    """The event the report is about (``inferred`` when no mention is sure), or None when the
    report names no event at all. ``published``: the report's date, for "сегодня"/"вчера" and as
    the last resort for the event's date."""
    found = candidates(a, dates) or _sessions(a, dates)
    if found:
        best = max(found, key=lambda ev: (ev.score, -ev.first))
        best.inferred = best.score < 3 or not (best.title or best.dates or best.place)
    else:
        signal = next((t for t in a.tokens if t.lemma in words("event_signals")), None)
        if signal is None:
            return None
        # "Ведущими стали A и B", "Выступил министр …": an event no noun names
        first, last = a.sentences[signal.sent]
        best = EventMatch(EventKind.EVENT, _GENERIC, first, last, inferred=True)
        best.place = place_after_preposition(a, first, last)
    sent = a.tokens[best.first].sent
    if best.dates is None:
        starts = [d for d in dates if not _until(a, d)]  # "продлится до 30 августа" ends it
        best.dates = (
            relative_date(a, sent, published)
            or _dated_again(best, found)
            or next((d for d in starts if d.start < header and not is_iso(a.text, d)), None)  # the dateline
            or _in_paragraph(a, best, starts)
        )
    if best.dates is None and published is not None:
        best.dates = DateMatch(0, 0, published, published)  # the report's own date, the last resort
    if best.dates is not None:
        best.dates = lasting_until(a, best.dates, dates, {lemma_of(w) for w in best.kind_text.split()})
    options = [p for p in (best.place, dateline_place(a, header), first_settlement(a)) if p is not None]
    best.place = min(options, key=lambda p: rank(a, p)) if options else None  # the first of the best rank
    counts = count_attendance(a)
    best.participants, best.speakers, best.count_text = counts.participants, counts.speakers, counts.text
    best.modes = attendance_modes(a)
    best.countries = countries_from(a)
    return best


def _until(a: Analysis, d: DateMatch) -> bool:
    """``d`` is the day something lasts until ("до 30 августа"), not the day it took place."""
    return a.text[max(0, d.start - 4) : d.start].strip().lower().endswith(("до", "по")) and d.first == d.last
