"""What a report says of its event besides its name: the day counted from the report's date
("сегодня", "вчера"), the city of its dateline, how many took part and spoke, whether they came in
person or online, and the countries they came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kgbuild.extract.analysis import Analysis
from kgbuild.extract.dates import DateMatch
from kgbuild.extract.morph import grammemes
from kgbuild.extract.places import PlaceMatch, places_in
from kgbuild.facts import AttendanceMode
from kgbuild.lexicon import mapping, words

_RELATIVE_DAYS = {"сегодня": 0, "вчера": 1, "накануне": 1, "позавчера": 2}


def relative_date(a: Analysis, sent: int, published: date | None) -> DateMatch | None:
    """ "Сегодня в Астане состоялся …", "вчера прошёл …" in sentence ``sent``: a day counted from
    the report's date."""
    if published is None:
        return None
    for t in a.sentence_tokens(sent):
        if t.low in _RELATIVE_DAYS:
            day = published - timedelta(days=_RELATIVE_DAYS[t.low])
            return DateMatch(t.start, t.stop, day, day)
    return None


def lasting_until(a: Analysis, when: DateMatch, dates: list[DateMatch], kind_words: set[str]) -> DateMatch:
    """The event's days, ended by a later sentence when it opened on one day ("Форум открылся 28
    августа. Он продлится до 30 августа", "Фестиваль завершится 1 сентября"): a verb of lasting or
    ending whose subject is the event (its noun or a pronoun), and a later day within a month,
    written before or after the opening day."""
    if when.first != when.last:
        return when
    for d in dates:
        if d.first != d.last or not when.first < d.first <= when.first + timedelta(31):
            continue
        tokens = a.token_range(d.start, d.stop)
        if not tokens:
            continue
        for verb in a.sentence_tokens(a.tokens[tokens[0]].sent):
            subjects = [c for c in a.children(verb.i) if c.rel.startswith("nsubj")]
            if verb.lemma in words("ending_verbs") and all(
                c.lemma in ("он", "она", "оно", *kind_words) for c in subjects
            ):
                return DateMatch(when.start, when.stop, when.first, d.first)
    return when


def dateline_place(a: Analysis, header: int) -> PlaceMatch | None:
    """The city of the dateline: "г. Тараз", or "Астана, 5 июня 2019 года" opening the report."""
    for e in a.entities:
        if e.type != "LOC" or a.tokens[e.first].start >= header:
            continue
        marked = e.first > 0 and a.tokens[e.first - 1].low in ("г", "г.", "город")
        gap = a.text[a.tokens[e.first - 1].stop : a.tokens[e.first].start] if e.first > 0 else "\n"
        opens_line = "\n" in gap and e.last + 1 < len(a.tokens) and a.tokens[e.last + 1].text in (",", ".")
        if marked or opens_line:
            return places_in(a, e.first, e.last)[0]
    for t in a.tokens:  # "ДУШАНБЕ, 17.08.2021": a city in capitals, which NER takes for something else
        if t.start >= header:
            break
        line_start = a.text.rfind("\n", 0, t.start) + 1
        if (
            t.text.isupper()
            and len(t.text) > 3
            and not a.text[line_start : t.start].strip()
            and t.i + 1 < len(a.tokens)
            and a.tokens[t.i + 1].text == ","
            and "Geox" in grammemes(t.text.capitalize())
        ):
            return PlaceMatch(t.i, t.i, t.text.capitalize())
    return None


@dataclass
class Counts:
    """How many took part and spoke, and the words that say it ("более 150 человек")."""

    participants: int | None = None
    speakers: int | None = None
    text: str | None = None


def count_attendance(a: Analysis) -> Counts:
    """ "более 150 человек", "около 40 … спикеров": participants and speakers."""
    table = mapping("count_nouns")
    found = Counts()
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
        if what == "participants" and found.participants is None:
            found.participants = int(t.text)
        elif what == "speakers" and found.speakers is None:
            found.speakers = int(t.text)
        else:
            continue
        if found.text is None:
            found.text = a.text[a.tokens[first].start : noun.stop]
    return found


def attendance_modes(a: Analysis) -> list[AttendanceMode]:
    table = mapping("attendance_modes")
    found: list[AttendanceMode] = []
    for t in a.tokens:
        for word in table.get(t.lemma, table.get(t.low, "")).split():
            if AttendanceMode(word) not in found:
                found.append(AttendanceMode(word))
    return sorted(found, key=list(AttendanceMode).index)


def countries_from(a: Analysis) -> list[PlaceMatch]:
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
