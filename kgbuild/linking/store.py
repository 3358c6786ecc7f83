"""Linking kept on disk: the entities and the mention each was taken for, in SQLite.

A build links every mention of the corpus; kept in Python objects that is some 10 kB a report.
Here each entity is a row (its attributes as JSON) and each mention a row naming its entity and
span, so what a build holds while it links and converts does not grow with the corpus: a
converter asks for the mentions of the fact it converts, the entities graph reads the entities in
order of kind and key, one at a time.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from kgbuild.linking.model import Entity, MentionRef, Span, Target
from kgbuild.outdir.scratch import number, scratch

_SCHEMA = """
CREATE TABLE entity (
    kind TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, mentions INTEGER NOT NULL,
    attributes TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE mention (
    doc TEXT NOT NULL, fact TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY (doc, fact)) WITHOUT ROWID;
CREATE INDEX mention_of ON mention (kind, key, doc, fact);
"""

#: Entities (or merged ones) with their mentions, ordered by kind and key.
_ENTITIES = """SELECT e.kind, e.key, e.label, e.attributes, m.doc, m.fact, m.start, m."end"
FROM entity e JOIN mention m USING (kind, key) ORDER BY e.kind, e.key, m.doc, m.fact"""
_MERGED = _ENTITIES.replace("ORDER BY", "WHERE e.mentions > 1 ORDER BY")
#: The same, from one entity (kind, key) up to another, that one left out (or to the end).
_BETWEEN = _ENTITIES.replace(
    "ORDER BY", "WHERE (e.kind, e.key) >= (?, ?) AND (e.kind, e.key) < (?, ?) ORDER BY"
)
_FROM = _ENTITIES.replace("ORDER BY", "WHERE (e.kind, e.key) >= (?, ?) ORDER BY")

#: An entity or a mention of the attached store ``other`` that this one has too.
_SHARED = """SELECT 1 FROM other.entity o JOIN main.entity m USING (kind, key)
UNION ALL SELECT 1 FROM other.mention o JOIN main.mention m USING (doc, fact) LIMIT 1"""

_DATES = {"start", "end"}
_SKIPPED = {"kind", "key", "label", "mentions"}


def _attributes(entity: Entity) -> str:
    # Its fields one by one, not asdict(), which would copy every mention to skip them.
    values = {f.name: getattr(entity, f.name) for f in fields(entity) if f.name not in _SKIPPED}
    values = {k: v for k, v in values.items() if v is not None}
    return json.dumps({k: v.isoformat() if k in _DATES else v for k, v in values.items()}, ensure_ascii=False)


def _entity(kind: str, key: str, label: str, attributes: str, mentions: tuple[MentionRef, ...]) -> Entity:
    values: dict[str, Any] = json.loads(attributes)
    for name in _DATES & values.keys():
        values[name] = date.fromisoformat(values[name])
    return Entity(kind=kind, key=key, label=label, mentions=mentions, **values)


class LinkStore:
    """:class:`kgbuild.linking.model.Links` in the SQLite file ``path`` (made anew; the caller
    removes it after :meth:`close`). Once :meth:`share` commits it, the build's worker processes
    read it (:meth:`reading`) to convert documents."""

    def __init__(self, path: Path, *, db: sqlite3.Connection | None = None) -> None:
        self.path = path
        self._db = db if db is not None else scratch(path, _SCHEMA)
        #: Read-only, the targets of the mentions of the document last asked about, read at once
        #: (a document's converters ask for each of its mentions, some of them several times).
        self._document: tuple[str, dict[str, Target]] | None = None
        self._read_only = False

    @classmethod
    def reading(cls, path: Path) -> LinkStore:
        """The store at ``path`` once :meth:`share` was called, opened read-only (in another
        process: the build's converting workers)."""
        store = cls(path, db=sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
        store._read_only = True
        return store

    def share(self) -> None:
        """Commit what was linked, so that other connections (:meth:`reading`) see it."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def take(self, other: Path) -> None:
        """Add the entities and mentions of the store at ``other`` (closed; of kinds this one has
        none of: an entity or a mention this one has too is an error, and nothing is taken)."""
        self.share()  # SQLite attaches a file only outside a transaction
        self._db.execute("ATTACH DATABASE ? AS other", (str(other),))
        try:
            self._db.execute("BEGIN")
            # Checked first: without a journal (scratch), a failed insert cannot be rolled back.
            if self._db.execute(_SHARED).fetchone() is not None:
                raise ValueError(f"the store {other} has entities or mentions this one has too")
            self._db.execute("INSERT INTO entity SELECT * FROM other.entity")
            self._db.execute("INSERT INTO mention SELECT * FROM other.mention")
            self._db.execute("COMMIT")
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")  # nothing written: DETACH needs no transaction open
            self._db.execute("DETACH DATABASE other")
            self._db.execute("BEGIN")  # as scratch() left it: one transaction, committed by share()

    def add(self, entity: Entity, spans: Mapping[MentionRef, Span]) -> None:
        if self.has(entity.kind, entity.key):
            raise ValueError(f"two {entity.kind} entities got the key '{entity.key}'")
        self._db.execute(
            "INSERT INTO entity VALUES (?, ?, ?, ?, ?)",
            (entity.kind, entity.key, entity.label, len(entity.mentions), _attributes(entity)),
        )
        self._db.executemany(
            "INSERT INTO mention VALUES (?, ?, ?, ?, ?, ?)",
            ((d, f, entity.kind, entity.key, spans[(d, f)][1], spans[(d, f)][2]) for d, f in entity.mentions),
        )

    def has(self, kind: str, key: str) -> bool:
        row = self._db.execute("SELECT 1 FROM entity WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return row is not None

    def target(self, doc: str, fact_id: str) -> Target:
        if self._read_only:
            if self._document is None or self._document[0] != doc:
                self._document = (doc, self._targets(doc))
            try:
                return self._document[1][fact_id]
            except KeyError:
                raise KeyError((doc, fact_id)) from None
        row = self._db.execute(
            "SELECT m.kind, m.key, e.label FROM mention m JOIN entity e USING (kind, key) "
            "WHERE m.doc = ? AND m.fact = ?",
            (doc, fact_id),
        ).fetchone()
        if row is None:
            raise KeyError((doc, fact_id))
        return Target(*row)

    def _targets(self, doc: str) -> dict[str, Target]:
        """The target of each mention of the document ``doc``, by its fact."""
        rows = self._db.execute(
            "SELECT m.fact, m.kind, m.key, e.label FROM mention m JOIN entity e USING (kind, key) "
            "WHERE m.doc = ?",
            (doc,),
        )
        return {fact: Target(kind, key, label) for fact, kind, key, label in rows}

    def linked(self, doc: str, fact_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM mention WHERE doc = ? AND fact = ?", (doc, fact_id)).fetchone()
        return row is not None

    def each(self) -> Iterator[tuple[Entity, dict[MentionRef, Span]]]:
        return self._entities(_ENTITIES)

    def starts(self, mentions: int) -> list[tuple[str, str]]:
        """Where ranges of :meth:`between` start, in order (the first entity's first): each range
        holds the fewest entities that reach ``mentions`` mentions between them (an entity's graph
        grows with its mentions: its merge record names each), or one entity that has more."""
        found: list[tuple[str, str]] = []
        held = mentions
        for kind, key, count in self._db.execute("SELECT kind, key, mentions FROM entity ORDER BY kind, key"):
            if held >= mentions:
                found.append((kind, key))
                held = 0
            held += count
        return found

    def between(
        self, first: tuple[str, str], end: tuple[str, str] | None
    ) -> Iterator[tuple[Entity, dict[MentionRef, Span]]]:
        """What :meth:`each` gives, from the entity ``first`` up to ``end`` (not included)."""
        return self._entities(_FROM if end is None else _BETWEEN, (*first, *(end or ())))

    def merges(self) -> Iterator[Entity]:
        return (entity for entity, _ in self._entities(_MERGED))

    def _entities(
        self, query: str, args: tuple[str, ...] = ()
    ) -> Iterator[tuple[Entity, dict[MentionRef, Span]]]:
        rows = self._db.execute(query, args)
        for (kind, key, label, attributes), group in itertools.groupby(rows, key=lambda r: r[:4]):
            spans = {(doc, fact): (doc, start, end) for *_, doc, fact, start, end in group}
            yield _entity(kind, key, label, attributes, tuple(spans)), spans

    def count(self) -> int:
        return number(self._db, "SELECT count(*) FROM entity")

    def merge_count(self) -> int:
        return number(self._db, "SELECT count(*) FROM entity WHERE mentions > 1")

    def close(self) -> None:
        self._db.close()
