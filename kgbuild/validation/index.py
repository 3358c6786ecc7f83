"""What validation units need of a build, kept on disk in SQLite (see :mod:`kgbuild.validation.units`).

The entities graph's lines by subject (and its rdf:type lines apart), the IRIs it points to, the
entity nodes the documents mention, and the documents' rdf:type lines of the nodes the entities
graph points to. Queries are fixed text; a list of nodes is passed as one JSON array
(``json_each``). The file is in WAL mode: once the entities graph is in, the build's workers read
it (:meth:`UnitIndex.reading`, :meth:`UnitIndex.part`) while the build notes documents.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rdflib import RDF

from kgbuild.validation.cut import iris, subject, subjects_and_objects

_TABLES = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
CREATE TABLE entity (node TEXT NOT NULL, line TEXT NOT NULL);  -- the entities graph, by subject
CREATE INDEX entity_node ON entity (node);
CREATE TABLE referred (node TEXT PRIMARY KEY) WITHOUT ROWID;    -- IRIs the entities graph points to
CREATE TABLE mentioned (node TEXT PRIMARY KEY) WITHOUT ROWID;   -- entity nodes a document mentions
-- documents' rdf:type lines of those, one for each triple (a node is typed alike by every document
-- that mentions it: hundreds of lines, one statement to the shapes)
CREATE TABLE typed (node TEXT NOT NULL, triple TEXT NOT NULL UNIQUE, line TEXT NOT NULL);
CREATE INDEX typed_node ON typed (node);
CREATE TABLE entity_typed (node TEXT NOT NULL, line TEXT NOT NULL);  -- the entities graph's rdf:type lines
CREATE INDEX entity_typed_node ON entity_typed (node);
"""

#: The lines about some nodes (given as one JSON array), and which of them are referred to.
_LINES_OF = {
    "entity": "SELECT node, line FROM entity WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
    "typed": "SELECT node, line FROM typed WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
    "entity_typed": (
        "SELECT node, line FROM entity_typed WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid"
    ),
}
_REFERRED = "SELECT node FROM referred WHERE node IN (SELECT value FROM json_each(?))"
_ONLY_ENTITIES = (
    "SELECT DISTINCT node FROM entity WHERE node NOT IN (SELECT node FROM mentioned) ORDER BY node"
)

_TYPED = f" <{RDF.type}> "


@dataclass(frozen=True)
class DocumentPart:
    """What a document's unit needs besides its lines (:meth:`UnitIndex.part`): the entity nodes
    among its IRIs (``mentioned``), its rdf:type rows of nodes the entities graph points to
    (``typed``), the entities graph's lines about its nodes and the entities graph's rdf:type
    lines of the nodes those point to (``extra``), and those nodes (``pointed``)."""

    mentioned: tuple[str, ...]
    typed: tuple[tuple[str, str, str], ...]
    extra: tuple[str, ...]
    pointed: tuple[str, ...]


class UnitIndex:
    """The lookups of one build's validation, in the SQLite file ``path``."""

    def __init__(self, path: Path, *, db: sqlite3.Connection | None = None) -> None:
        self.path = path
        if db is None:
            db = sqlite3.connect(path)
            db.executescript(_TABLES)
        self._db = db

    @classmethod
    def reading(cls, path: Path) -> UnitIndex:
        """The index at ``path`` opened read-only (in a worker process)."""
        return cls(path, db=sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60))

    def close(self) -> None:
        self._db.close()

    def add_entities(self, lines: Iterable[str]) -> None:
        """Lines of the entities graph."""
        rows = [(iris(line), line) for line in lines]
        referred = [(found[1],) for found, _ in rows if len(found) > 1]
        types = [(found[0], ln) for found, ln in rows if _TYPED in ln]
        with self._db:
            self._db.executemany("INSERT INTO entity VALUES (?, ?)", ((found[0], ln) for found, ln in rows))
            self._db.executemany("INSERT OR IGNORE INTO referred VALUES (?)", referred)
            self._db.executemany("INSERT INTO entity_typed VALUES (?, ?)", types)

    def part(self, lines: list[str]) -> DocumentPart:
        """What the unit of a document with these lines needs of the entities graph (which is all
        in: only reads, so a worker may ask), see :class:`DocumentPart`."""
        nodes = sorted(set.union(*subjects_and_objects(lines)))
        entity = self.lines_of("entity", nodes)
        reconciled = [e for node in nodes for e in entity.get(node, ())]
        pointed = sorted(subjects_and_objects(reconciled)[1])
        types = [(subject(line), line) for line in lines if _TYPED in line]
        referred = self._referred(sorted({node for node, _ in types}))
        have = {*lines, *reconciled}
        typing = self.lines_of("entity_typed", pointed)
        return DocumentPart(
            mentioned=tuple(entity),
            typed=tuple((node, line.rsplit(" ", 2)[0], line) for node, line in types if node in referred),
            extra=(*reconciled, *(t for node in pointed for t in typing.get(node, ()) if t not in have)),
            pointed=tuple(pointed),
        )

    def add_document(self, mentioned: Iterable[str], typed: Iterable[tuple[str, str, str]]) -> None:
        """Note what the entities graph's units need of a document (see :class:`DocumentPart`):
        in this connection's transaction, which the workers need not see."""
        self._db.executemany("INSERT OR IGNORE INTO mentioned VALUES (?)", ((n,) for n in mentioned))
        self._db.executemany("INSERT OR IGNORE INTO typed VALUES (?, ?, ?)", typed)

    def only_in_entities(self) -> Iterator[str]:
        """The entities graph's subjects that no document mentions (merge records and the like),
        sorted."""
        for (node,) in self._db.execute(_ONLY_ENTITIES):
            yield node

    def lines_of(
        self, table: Literal["entity", "typed", "entity_typed"], nodes: list[str]
    ) -> dict[str, list[str]]:
        """The lines of ``table`` about each of ``nodes`` that has any, in the order they came."""
        found: dict[str, list[str]] = defaultdict(list)
        for node, line in self._db.execute(_LINES_OF[table], (json.dumps(nodes),)):
            found[node].append(line)
        return found

    def typed(self, nodes: list[str]) -> list[str]:
        """The rdf:type statements about ``nodes``, from their documents and the entities graph
        (kept apart from its other lines: a node many documents mention has thousands)."""
        documents, entity = self.lines_of("typed", nodes), self.lines_of("entity_typed", nodes)
        return [line for node in nodes for line in [*documents.get(node, ()), *entity.get(node, ())]]

    def types_of(self, nodes: list[str]) -> dict[str, set[str]]:
        """The rdf:type statements about each of ``nodes`` (as N-Triples lines), from the
        documents and the entities graph."""
        found: dict[str, set[str]] = defaultdict(set)
        for table in ("typed", "entity_typed"):
            for node, line in self._db.execute(_LINES_OF[table], (json.dumps(nodes),)):
                found[node].add(line.rsplit(" ", 2)[0] + " .\n")
        return found

    def _referred(self, nodes: list[str]) -> set[str]:
        """Those of ``nodes`` that the entities graph points to."""
        return {node for (node,) in self._db.execute(_REFERRED, (json.dumps(nodes),))}
