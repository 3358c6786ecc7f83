"""What linking produces: entities, each standing for one or more fact mentions, and where they
are kept (:class:`Linking` in memory; :class:`kgbuild.linking.store.LinkStore` on disk)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple, Protocol

#: (document id, fact id): one mention.
MentionRef = tuple[str, str]
#: (document id, start, end): the span of one mention.
Span = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing in the world, as the mentions taken for it describe it.

    ``key`` is the readable path of its IRI under ``<base><kind>/``; ``label`` its preferred label
    in ``lang``; ``reason`` why several mentions were taken for it (None for a single mention).
    The remaining fields are the reconciled single-valued attributes of some kinds.
    """

    kind: str
    key: str
    label: str
    lang: str
    mentions: tuple[MentionRef, ...]
    reason: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    initials: str | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = None  # key of a place entity
    parent: str | None = None  # key of the parent event
    number: int | None = None
    kind_text: str | None = None


class Target(NamedTuple):
    """What one mention was taken for: the entity's kind, key and label."""

    kind: str
    key: str
    label: str


class Links(Protocol):
    """Where linking puts its entities and the converters read them."""

    def add(self, entity: Entity, spans: Mapping[MentionRef, Span]) -> None:
        """Keep ``entity``; ``spans`` gives the span of each of its mentions."""
        ...

    def has(self, kind: str, key: str) -> bool:
        """Whether an entity of ``kind`` already has ``key``."""
        ...

    def target(self, doc: str, fact_id: str) -> Target:
        """The entity the mention was taken for (KeyError when it was not linked)."""
        ...

    def linked(self, doc: str, fact_id: str) -> bool:
        """Whether the mention was taken for an entity yet."""
        ...

    def each(self) -> Iterator[tuple[Entity, dict[MentionRef, Span]]]:
        """Every entity with its mentions' spans, ordered by kind and key."""
        ...

    def merges(self) -> Iterator[Entity]:
        """Entities that stand for more than one mention, ordered by kind and key."""
        ...

    def count(self) -> int:
        """How many entities."""
        ...

    def merge_count(self) -> int:
        """How many entities stand for more than one mention."""
        ...


def merge_log(linking: Links) -> Iterator[str]:
    """The lines of OUT/merges.jsonl: every entity taken from several mentions, and why."""
    for e in linking.merges():
        row = {
            "kind": e.kind,
            "key": e.key,
            "label": e.label,
            "reason": e.reason,
            "mentions": [{"doc": d, "id": i} for d, i in e.mentions],
        }
        yield json.dumps(row, ensure_ascii=False) + "\n"


class KeySet(Protocol):
    """The keys given out so far (a set, or :class:`KeysTaken`)."""

    def __contains__(self, key: object) -> bool: ...

    def add(self, key: str) -> None: ...


def unique_key(key: str, used: KeySet) -> str:
    """``key``, or ``key-2``, ``key-3``, … when it is taken; the one given is added to ``used``."""
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}-{n}"
    used.add(candidate)
    return candidate


class KeysTaken:
    """The keys of ``kind`` taken: by the entities kept in ``links``, or given out since (by the
    block being linked, whose entities are kept when it is done)."""

    def __init__(self, links: Links, kind: str) -> None:
        self.links, self.kind = links, kind
        self.given: set[str] = set()

    def __contains__(self, key: object) -> bool:
        return key in self.given or (isinstance(key, str) and self.links.has(self.kind, key))

    def add(self, key: str) -> None:
        self.given.add(key)


@dataclass
class Linking:
    """Every entity, and the entity each mention was taken for, in memory."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    of: dict[MentionRef, Entity] = field(default_factory=dict)
    spans: dict[MentionRef, Span] = field(default_factory=dict)

    def add(self, entity: Entity, spans: Mapping[MentionRef, Span]) -> None:
        entity = replace(entity, mentions=tuple(sorted(entity.mentions)))
        if (entity.kind, entity.key) in self.entities:
            raise ValueError(f"two {entity.kind} entities got the key '{entity.key}'")
        self.entities[(entity.kind, entity.key)] = entity
        for mention in entity.mentions:
            self.of[mention] = entity
            self.spans[mention] = spans[mention]

    def has(self, kind: str, key: str) -> bool:
        return (kind, key) in self.entities

    def target(self, doc: str, fact_id: str) -> Target:
        entity = self.of[(doc, fact_id)]
        return Target(entity.kind, entity.key, entity.label)

    def linked(self, doc: str, fact_id: str) -> bool:
        return (doc, fact_id) in self.of

    def each(self) -> Iterator[tuple[Entity, dict[MentionRef, Span]]]:
        for _, entity in sorted(self.entities.items()):
            yield entity, {m: self.spans[m] for m in entity.mentions}

    def merges(self) -> Iterator[Entity]:
        return (e for e, _ in self.each() if len(e.mentions) > 1)

    def count(self) -> int:
        return len(self.entities)

    def merge_count(self) -> int:
        return sum(len(e.mentions) > 1 for e in self.entities.values())
