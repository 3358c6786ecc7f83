"""The event a report is about: kind, title, dates, place, counts, attendance, countries, parts.

Every noun of ``lexicon/event_kinds.txt`` is a candidate ("международной научно-практической
конференции"); the one with the most signs of being the reported event wins: a title in quotes
after it, a date or a place ("в Таразе") in its sentence, a verb of taking place ("состоялась",
"проходила"). Its dates are those of its sentence, else of the dateline at the top of the report.
Parts are the plenary session and the sections, numbered ("1. Роль …;") or titled ("секция «…»").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.dates import DateMatch
from kgbuild.extract.morph import lemma_of, to_nominative
from kgbuild.extract.places import PlaceMatch, is_settlement, place_after_preposition, places_in
from kgbuild.facts import AttendanceMode, EventKind
from kgbuild.lexicon import mapping, words

_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_ORDINAL = re.compile(r"^([IVXLC]+|\d+(-?й|-?я|-?е)?)$")  # "III съезд", "2-й форум": not part of the kind
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+(\S.*?)[ \t]*[;.]?[ \t]*$", re.MULTILINE)


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
    count_span: tuple[int, int] | None = None
    modes: list[AttendanceMode] = field(default_factory=list)
    countries: list[PlaceMatch] = field(default_factory=list)
    score: int = 0


@dataclass(frozen=True)
class PartMatch:
    kind: EventKind
    kind_text: str
    start: int  # character offsets of the mention
    stop: int
    title: str | None = None
    number: int | None = None


@cache
def lemma_table(name: str) -> dict[str, str]:
    """A ``key = value`` word list keyed by the dictionary forms of its words ("пленарный заседание")."""
    return {" ".join(lemma_of(w) for w in key.split()): value for key, value in mapping(name).items()}


def _kind_at(a: Analysis, i: int, table: dict[str, str]) -> tuple[str, int] | None:
    """(kind code, first token of the kind words) if token ``i`` ends a kind noun of ``table``."""
    t = a.tokens[i]
    if t.lemma in table:
        return table[t.lemma], i
    if i > 0 and f"{a.tokens[i - 1].lemma} {t.lemma}" in table:
        return table[f"{a.tokens[i - 1].lemma} {t.lemma}"], i - 1
    return None


def _kind_text(a: Analysis, first: int, head: int) -> tuple[str, int]:
    """The kind phrase with its adjectives, in the nominative ("международная конференция")."""
    k = first
    while (
        k > 0
        and a.tokens[k - 1].pos == "ADJ"
        and a.tokens[k - 1].sent == a.tokens[head].sent
        and not _ORDINAL.match(a.tokens[k - 1].text)
    ):
        k -= 1
    gender = a.tokens[head].feats.get("Gender")
    number = "plur" if a.tokens[head].feats.get("Number") == "Plur" else "sing"
    parts = [
        to_nominative(a.tokens[j].text, case=a.tokens[j].case, gender=gender, number=number).lower()
        for j in range(k, head + 1)
    ]
    return " ".join(parts), k


def title_after(a: Analysis, i: int) -> tuple[str, int] | None:
    """The quoted title following token ``i``: right after it, after "на тему"/"под названием"/":",
    or after the kind's genitive complement ("съезд этнокультурных объединений области «…»")."""
    k = i + 1
    end = a.sentences[a.tokens[i].sent][1]
    while k <= end and a.tokens[k].low in ("на", "тему", "под", "названием", ":", "по", "теме"):
        k += 1
    j = k
    while (
        j <= end and j - k < 6 and a.tokens[j].case == "Gen" and a.tokens[j].pos in ("ADJ", "NOUN", "PROPN")
    ):
        j += 1
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


def _score(a: Analysis, ev: EventMatch) -> int:
    sent = a.tokens[ev.first].sent
    tokens = a.sentence_tokens(sent)
    score = 3 * bool(ev.title) + 2 * bool(ev.dates) + bool(ev.place)
    score += 2 * any(t.lemma in words("event_verbs") for t in tokens)
    score += int(sent < 3)  # reports name their event early
    return score - 2 * (ev.kind is EventKind.EVENT)


def candidates(a: Analysis, dates: list[DateMatch]) -> list[EventMatch]:
    """Every mention of an event kind, scored."""
    table = lemma_table("event_kinds")
    out = []
    for t in a.tokens:
        found = _kind_at(a, t.i, table)
        if found is None or _kind_at(a, t.i, lemma_table("event_parts")) is not None:
            continue
        code, kind_first = found
        kind_text, first = _kind_text(a, kind_first, t.i)
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
        ev.dates = next((d for d in dates if span[0] <= d.start < span[1]), None)
        ev.place = place_after_preposition(a, sent_first, sent_last)
        ev.score = _score(a, ev)
        out.append(ev)
    return out


def main_event(a: Analysis, dates: list[DateMatch], header: int = 400) -> EventMatch | None:
    """The event the report is about, or None when no mention looks like one (score < 3)."""
    found = candidates(a, dates)
    if not found:
        return None
    best = max(found, key=lambda ev: (ev.score, -ev.first))
    if best.score < 3 or not (best.title or best.dates or best.place):
        return None  # "прошло заседание" alone: no title, date or place says which event
    if best.dates is None:  # the dateline at the top: "14-15 октября 2021 года   г. Тараз"
        best.dates = next((d for d in dates if d.start < header), None)
    dateline = _dateline_place(a, header)
    if dateline is not None and (
        best.place is None or not is_settlement(a, best.place.first, best.place.last)
    ):
        best.place = dateline
    _counts(a, best)
    best.modes = _modes(a)
    best.countries = _countries(a)
    return best


def _dateline_place(a: Analysis, header: int) -> PlaceMatch | None:
    """The city of the dateline: "г. Тараз", or "Астана, 5 июня 2019 года" opening the report."""
    for e in a.entities:
        if e.type != "LOC" or a.tokens[e.first].start >= header:
            continue
        marked = e.first > 0 and a.tokens[e.first - 1].low in ("г", "г.", "город")
        gap = a.text[a.tokens[e.first - 1].stop : a.tokens[e.first].start] if e.first > 0 else "\n"
        opens_line = "\n" in gap and e.last + 1 < len(a.tokens) and a.tokens[e.last + 1].text in (",", ".")
        if marked or opens_line:
            return places_in(a, e.first, e.last)[0]
    return None


def _counts(a: Analysis, ev: EventMatch) -> None:
    """ "более 150 человек", "около 40 … спикеров": participants and speakers."""
    table = mapping("count_nouns")
    for t in a.tokens:
        if not t.text.isdigit():
            continue
        noun = next(
            (a.tokens[k] for k in range(t.i + 1, min(t.i + 5, len(a.tokens))) if a.tokens[k].pos == "NOUN"),
            None,
        )
        if noun is None or noun.lemma not in table:
            continue
        first = t.i - 1 if t.i > 0 and a.tokens[t.i - 1].lemma in words("count_qualifiers") else t.i
        what = table[noun.lemma]
        if what == "participants" and ev.participants is None:
            ev.participants = int(t.text)
        elif what == "speakers" and ev.speakers is None:
            ev.speakers = int(t.text)
        else:
            continue
        if ev.count_text is None:
            ev.count_text = a.text[a.tokens[first].start : noun.stop]
            ev.count_span = (first, noun.i)


def _modes(a: Analysis) -> list[AttendanceMode]:
    table = mapping("attendance_modes")
    found: list[AttendanceMode] = []
    for t in a.tokens:
        for word in table.get(t.lemma, table.get(t.low, "")).split():
            if AttendanceMode(word) not in found:
                found.append(AttendanceMode(word))
    return sorted(found, key=list(AttendanceMode).index)


def _countries(a: Analysis) -> list[PlaceMatch]:
    """ "эксперты из России, Украины … и Болгарии": the places listed after "из"."""
    for t in a.tokens:
        if t.low != "из" or t.i + 1 >= len(a.tokens) or a.tokens[t.i + 1].ner != "LOC":
            continue
        k, listed = t.i + 1, []
        while k < len(a.tokens) and a.tokens[k].ner == "LOC":
            entity = a.entity_at(k)
            if entity is None:
                break
            listed.extend(places_in(a, entity.first, entity.last))
            k = entity.last + 1
            if k < len(a.tokens) and a.tokens[k].text in (",", "и"):
                k += 1
        if len(listed) >= 2:
            return listed
    return []


def parts(a: Analysis) -> list[PartMatch]:
    """The plenary session and the sections the report names."""
    table = lemma_table("event_parts")
    out: list[PartMatch] = []
    for t in a.tokens:
        found = _kind_at(a, t.i, table)
        if found is None or (found[0] == "plenary-session" and any(p.kind.value == found[0] for p in out)):
            continue
        code, first = found
        kind_text, _ = _kind_text(a, first, t.i)
        title = title_after(a, t.i)
        if code == "plenary-session" or title:
            out.append(
                PartMatch(
                    EventKind(code),
                    kind_text,
                    a.tokens[first].start,
                    a.tokens[title[1] if title else t.i].stop,
                    title[0] if title else None,
                )
            )
    if any(t.lemma == "секция" for t in a.tokens):
        out.extend(_numbered_sections(a))
    return out


def _numbered_sections(a: Analysis) -> list[PartMatch]:
    """ "1. Роль местных исполнительных органов …;" lines after the sections are announced."""
    announced = next(t.start for t in a.tokens if t.lemma == "секция")
    out = []
    for m in _NUMBERED.finditer(a.text, announced):
        out.append(PartMatch(EventKind.SECTION, "секция", m.start(1), m.end(2), m.group(2), int(m.group(1))))
    numbers = [p.number for p in out]
    return out if numbers and numbers == list(range(1, len(numbers) + 1)) else []
