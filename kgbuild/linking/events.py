"""Taking event mentions for events.

Two top-level mentions are one event when their titles are the same (after normalisation) and
their dates overlap or one lacks dates; untitled mentions join when kind, start date and place
agree. Parts of an event (a plenary session, section 2) are keyed under their parent's key, so
the same part reported by two documents is one node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from kgbuild.errors import KgbuildError
from kgbuild.facts import Event, EventKind
from kgbuild.linking.model import Entity, MentionRef
from kgbuild.linking.names import norm
from kgbuild.ontology import concept_labels
from kgbuild.slugs import slugify

#: The place key a mention's place ref stands for (None when the mention has no place).
PlaceOf = Callable[[Event], str | None]


def _overlap(a: list[Event], b: Event) -> bool:
    for m in a:
        if m.start and b.start:
            a_end, b_end = m.end or m.start, b.end or b.start
            if m.start > b_end or b.start > a_end:
                return False
    return True


def _same(group: list[Event], m: Event, place_of: PlaceOf) -> tuple[bool, str]:
    titles = {norm(g.title) for g in group if g.title}
    if m.title and titles:
        return norm(m.title) in titles and _overlap(group, m), "same title, dates that agree"
    starts = {g.start for g in group if g.start}
    places = {place_of(g) for g in group} - {None}
    same = m.start in starts and place_of(m) in places and any(g.kind == m.kind for g in group)
    return same, "same kind, start date and place"


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


def link_events(events: list[Event], place_of: PlaceOf) -> list[Entity]:
    """Top-level events first, then their parts, keyed under the parent's key."""
    ordered = sorted(events, key=lambda e: (e.doc, e.evidence.start, e.id))
    groups: list[list[Event]] = []
    reasons: list[str | None] = []
    titled: dict[str, set[int]] = defaultdict(set)  # blocking: only groups that could match are tried
    started: dict[date, set[int]] = defaultdict(set)
    untitled_started: dict[date, set[int]] = defaultdict(set)
    for m in (e for e in ordered if e.parent is None):
        candidates = set(titled[norm(m.title)]) if m.title else set()
        if m.start is not None:
            candidates |= untitled_started[m.start] if m.title else started[m.start]
        for i in sorted(candidates):
            same, reason = _same(groups[i], m, place_of)
            if same:
                groups[i].append(m)
                reasons[i] = reason
                break
        else:
            i = len(groups)
            groups.append([m])
            reasons.append(None)
        if m.title:
            titled[norm(m.title)].add(i)
        if m.start is not None:
            started[m.start].add(i)
        if not any(g.title for g in groups[i]):
            untitled_started.update(
                {s: untitled_started[s] | {i} for s in {g.start for g in groups[i] if g.start}}
            )
        else:
            for s in {g.start for g in groups[i] if g.start}:
                untitled_started[s].discard(i)
    entities: list[Entity] = []
    used: set[str] = set()
    key_of: dict[tuple[str, str], str] = {}
    for group, why in zip(groups, reasons, strict=True):
        key = _unique(_key(group, place_of), used)
        place = next((p for g in group if (p := place_of(g))), None)
        entities.append(_entity(key, group, why, place))
        key_of.update({(g.doc, g.id): key for g in group})
    parts = [e for e in ordered if e.parent is not None]
    while parts:
        ready = [p for p in parts if (p.doc, p.parent or "") in key_of]
        if not ready:
            names = ", ".join(f"{p.doc}/{p.id}" for p in parts)
            raise KgbuildError(
                f"event parts whose parents never resolve to a top-level event (a cycle?): {names}"
            )
        entities.extend(_link_parts(ready, key_of, place_of))
        parts = [p for p in parts if p not in ready]
    return entities


def _part_key(part: Event) -> str:
    if part.kind is EventKind.PLENARY_SESSION:
        return part.kind.value
    if part.number:
        return f"{part.kind.value}-{part.number}"
    return slugify(part.title or part.kind.value, max_words=6)


def _link_parts(parts: list[Event], key_of: dict[tuple[str, str], str], place_of: PlaceOf) -> list[Entity]:
    groups: dict[str, list[Event]] = {}
    for part in parts:
        parent = key_of[(part.doc, part.parent or "")]
        groups.setdefault(f"{parent}/{_part_key(part)}", []).append(part)
    entities = []
    for key, group in sorted(groups.items()):
        parent = key.rsplit("/", 1)[0]
        place = next((p for g in group if (p := place_of(g))), None)
        entities.append(_entity(key, group, "the same part of the same event", place, parent))
        key_of.update({(g.doc, g.id): key for g in group})
    return entities


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}-{n}"
    used.add(candidate)
    return candidate
