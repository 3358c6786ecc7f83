"""Taking event mentions for events.

Two top-level mentions are one event when their titles are the same (after normalisation), their
dates overlap or one lacks dates, and their places agree; untitled mentions join when kind, start
date and place agree. Places agree when they are the same, when one is a country, or when a city
lies in the region named after it ("Костанай" and "Костанайская область"); two cities, or two
regions, that differ do not: the same title on the same day in Омск and Томск is two events (and
a warning says so). Parts of an event (a plenary session, section 2) are keyed under their
parent's key, so the same part reported by two documents is one node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from kgbuild.facts import Event, EventKind
from kgbuild.lexicon import mapping, words
from kgbuild.linking.model import Entity, KeySet, MentionRef, unique_key
from kgbuild.linking.names import norm
from kgbuild.ontology.terms import concept_labels
from kgbuild.slugs import slugify

#: The place key a mention's place ref stands for (None when the mention has no place).
PlaceOf = Callable[[Event], str | None]


@dataclass
class _Group:
    """Mentions taken for one event so far, with what a new mention is compared with, kept as
    members join (not recomputed over every member for each comparison)."""

    members: list[Event] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    starts: set[date] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    kinds: set[EventKind] = field(default_factory=set)
    latest_start: date | None = None  # of the dated members
    earliest_end: date | None = None
    reason: str | None = None

    def add(self, m: Event, place_of: PlaceOf) -> None:
        self.members.append(m)
        if m.title:
            self.titles.add(norm(m.title))
        if (place := place_of(m)) is not None:
            self.places.add(place)
        self.kinds.add(m.kind)
        if m.start:
            self.starts.add(m.start)
            end = m.end or m.start
            self.latest_start = max(self.latest_start or m.start, m.start)
            self.earliest_end = min(self.earliest_end or end, end)

    def overlaps(self, b: Event) -> bool:
        """``b``'s dates overlap those of every dated member (or one of them has none)."""
        if not b.start or self.latest_start is None or self.earliest_end is None:
            return True
        return not (self.latest_start > (b.end or b.start) or b.start > self.earliest_end)

    def agrees(self, place: str | None) -> bool:
        return all(places_agree(place, p) for p in self.places)

    def same(self, m: Event, place_of: PlaceOf) -> tuple[bool, str]:
        place = place_of(m)
        if m.title and self.titles:
            same = norm(m.title) in self.titles and self.overlaps(m) and self.agrees(place)
            return same, "same title, dates and places that agree"
        same = m.start in self.starts and place is not None and bool(self.places) and self.agrees(place)
        return same and m.kind in self.kinds, "same kind, start date and place"


def _key(group: list[Event], place_of: PlaceOf) -> str:
    best = _representative(group)
    start = min((g.start for g in group if g.start), default=None)
    if best.title:
        words = slugify(best.title, max_words=6)
        return f"{start.isoformat()}-{words}" if start else words
    place = next((p for g in group if (p := place_of(g))), None)
    return (
        "-".join(filter(None, [best.kind.value, place, start.isoformat() if start else None]))
        or f"{best.kind.value}-{best.doc}-{best.id}"
    )


def _representative(group: list[Event]) -> Event:
    return max(
        group, key=lambda g: (bool(g.title), bool(g.start), len(g.title or ""), [-ord(c) for c in g.doc])
    )


def _label(group: list[Event]) -> str:
    best = _representative(group)
    if best.title:
        return best.title
    start = min((g.start for g in group if g.start), default=None)
    kind = best.kind_text or concept_labels("EventTypes")[best.kind.value]
    return f"{kind} {start.isoformat()}" if start else kind


def _entity(
    key: str, group: list[Event], reason: str | None, place: str | None, parent: str | None = None
) -> Entity:
    starts = [g.start for g in group if g.start]
    ends: list[date] = [g.end or g.start for g in group if g.end or g.start]  # type: ignore[misc]
    mentions: tuple[MentionRef, ...] = tuple((g.doc, g.id) for g in group)
    return Entity(
        kind="event",
        key=key,
        label=_label(group),
        lang="ru",
        mentions=mentions,
        reason=reason if len(group) > 1 else None,
        start=min(starts, default=None),
        end=max(ends, default=None),
        place=place,
        parent=parent,
        number=next((g.number for g in group if g.number), None),
        kind_text=max((g.kind_text for g in group if g.kind_text), key=lambda t: (len(t), t), default=None),
    )


def blocking_keys(event: Event) -> list[str]:
    """A top-level mention's blocking keys: its title and its start date (mentions that share
    neither are never compared), or a key of its own."""
    keys = [f"t:{norm(event.title)}"] if event.title else []
    if event.start is not None:
        keys.append(f"s:{event.start.isoformat()}")
    return keys or [f"u:{event.doc}/{event.id}"]


_REGION_WORDS = ("oblast", "rayon", "kray", "region", "respublika", "okrug", "oblys", "provintsiya")


@cache
def _country_keys() -> frozenset[str]:
    names = {*mapping("origins").values(), *words("countries")}
    return frozenset(slugify(n) for n in names)


def places_agree(a: str | None, b: str | None) -> bool:
    """Places (by key) that can be where one event was: the same, a country and anything in it
    (kgbuild cannot tell which), or a city and the region named after it ("kostanay",
    "kostanayskaya-oblast"). Two different cities, or two different regions, cannot."""
    if a is None or b is None or a == b or a in _country_keys() or b in _country_keys():
        return True
    region_a, region_b = _is_region(a), _is_region(b)
    if region_a == region_b:
        return False
    city, region = (b, a) if region_a else (a, b)
    stem = city.split("-")[0]
    return region.startswith(stem[: max(4, len(stem) - 2)])


def _is_region(key: str) -> bool:
    return any(word in key.split("-") for word in _REGION_WORDS)


def link_events(
    events: list[Event],
    place_of: PlaceOf,
    used: KeySet | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Entity]:
    """The top-level mentions of ``events`` taken for events (``used`` holds the keys already
    given out); parts are linked by :func:`link_part` once their parents are. ``warn`` hears of
    events kept apart only by their places (the same title and dates in two cities)."""
    place_of = _remembered(place_of)  # a mention is compared with every group of its start date
    ordered = sorted((e for e in events if e.parent is None), key=lambda e: (e.doc, e.evidence.start, e.id))
    groups: list[_Group] = []
    titled: dict[str, set[int]] = defaultdict(set)  # blocking: only groups that could match are tried
    started: dict[date, set[int]] = defaultdict(set)
    untitled_started: dict[date, set[int]] = defaultdict(set)
    for m in ordered:
        candidates = set(titled[norm(m.title)]) if m.title else set()
        if m.start is not None:
            candidates |= untitled_started[m.start] if m.title else started[m.start]
        for i in sorted(candidates):
            same, reason = groups[i].same(m, place_of)
            if same:
                groups[i].reason = reason
                break
            if warn is not None and _apart_by_place(groups[i], m, place_of):
                where = ", ".join(sorted(str(p) for p in groups[i].places))
                warn(
                    f"events titled '{m.title}' on {m.start or 'no date'} in {where} and in "
                    f"{place_of(m)} are taken for different events (documents "
                    f"{groups[i].members[0].doc} and {m.doc})"
                )
        else:
            i = len(groups)
            groups.append(_Group())
        joined = groups[i]
        joined.add(m, place_of)
        if m.title:
            titled[norm(m.title)].add(i)
        if m.start is not None:
            started[m.start].add(i)
        for start in joined.starts:
            if joined.titles:
                untitled_started[start].discard(i)
            else:
                untitled_started[start].add(i)
    used = set() if used is None else used
    entities: list[Entity] = []
    for found in groups:
        group = found.members
        key = unique_key(_key(group, place_of), used)
        place = next((p for g in group if (p := place_of(g))), None)
        entities.append(_entity(key, group, found.reason, place))
    return entities


def _remembered(place_of: PlaceOf) -> PlaceOf:
    """``place_of``, asked once for each mention (the linked store answers it with a query)."""
    known: dict[tuple[str, str], str | None] = {}

    def remembered(m: Event) -> str | None:
        ref = (m.doc, m.id)
        if ref not in known:
            known[ref] = place_of(m)
        return known[ref]

    return remembered


def _apart_by_place(group: _Group, m: Event, place_of: PlaceOf) -> bool:
    """``m`` would join ``group`` by title and dates, and only their places keep them apart."""
    return bool(
        m.title and norm(m.title) in group.titles and group.overlaps(m) and not group.agrees(place_of(m))
    )


def part_key(part: Event, parent: str) -> str:
    """The key of a part of the event keyed ``parent``: the same part of the same event reported
    twice has the same key."""
    if part.kind is EventKind.PLENARY_SESSION:
        return f"{parent}/{part.kind.value}"
    if part.number:
        return f"{parent}/{part.kind.value}-{part.number}"
    return f"{parent}/{slugify(part.title or part.kind.value, max_words=6)}"


def link_part(key: str, group: list[Event], place_of: PlaceOf) -> Entity:
    """The part keyed ``key`` (see :func:`part_key`) that the mentions of ``group`` stand for."""
    group = sorted(group, key=lambda e: (e.doc, e.evidence.start, e.id))
    parent = key.rsplit("/", 1)[0]
    place = next((p for g in group if (p := place_of(g))), None)
    return _entity(key, group, "the same part of the same event", place, parent)
