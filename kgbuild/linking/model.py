"""What linking produces: entities, each standing for one or more fact mentions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

#: (document id, fact id): one mention.
MentionRef = tuple[str, str]


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


@dataclass
class Linking:
    """Every entity, and the entity each mention was taken for."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    of: dict[MentionRef, Entity] = field(default_factory=dict)

    def add(self, entity: Entity) -> Entity:
        entity = replace(entity, mentions=tuple(sorted(entity.mentions)))
        existing = self.entities.get((entity.kind, entity.key))
        if existing is not None:
            raise ValueError(f"two {entity.kind} entities got the key '{entity.key}'")
        self.entities[(entity.kind, entity.key)] = entity
        for mention in entity.mentions:
            self.of[mention] = entity
        return entity

    def key_of(self, doc: str, fact_id: str) -> str:
        return self.of[(doc, fact_id)].key

    def merges(self) -> list[Entity]:
        """Entities that stand for more than one mention, in a stable order."""
        return sorted(
            (e for e in self.entities.values() if len(e.mentions) > 1), key=lambda e: (e.kind, e.key)
        )
