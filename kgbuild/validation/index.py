"""What validation units need of a build, kept on disk in SQLite (see :mod:`kgbuild.validation.units`).

The entities graph's lines by subject, the IRIs it points to, the entity nodes the documents
mention, and the documents' rdf:type lines of the nodes the entities graph points to. Queries are
fixed text; a list of nodes is passed as one JSON array (``json_each``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from rdflib import RDF

from kgbuild.validation.cut import iris, subject

_TABLES = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE entity (node TEXT NOT NULL, line TEXT NOT NULL);  -- the entities graph, by subject
CREATE INDEX entity_node ON entity (node);
CREATE TABLE referred (node TEXT PRIMARY KEY) WITHOUT ROWID;    -- IRIs the entities graph points to
CREATE TABLE mentioned (node TEXT PRIMARY KEY) WITHOUT ROWID;   -- entity nodes a document mentions
CREATE TABLE typed (node TEXT NOT NULL, line TEXT NOT NULL);   -- documents' rdf:type lines of those
CREATE INDEX typed_node ON typed (node);
"""

#: The lines about some nodes (given as one JSON array), and which of them are referred to.
_LINES_OF = {
    "entity": "SELECT node, line FROM entity WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
    "typed": "SELECT node, line FROM typed WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
}
_REFERRED = "SELECT node FROM referred WHERE node IN (SELECT value FROM json_each(?))"
_ONLY_ENTITIES = (
    "SELECT DISTINCT node FROM entity WHERE node NOT IN (SELECT node FROM mentioned) ORDER BY node"
)

_TYPED = f" <{RDF.type}> "


class UnitIndex:
    """The lookups of one build's validation, in the SQLite file ``path``."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(_TABLES)

    def close(self) -> None:
        self._db.close()

    def add_entities(self, lines: Iterable[str]) -> None:
        """Lines of the entities graph."""
        with self._db:
            for line in lines:
                found = iris(line)
                self._db.execute("INSERT INTO entity VALUES (?, ?)", (found[0], line))
                if len(found) > 1:
                    self._db.execute("INSERT OR IGNORE INTO referred VALUES (?)", (found[1],))

    def add_document(self, lines: list[str], nodes: list[str]) -> dict[str, list[str]]:
        """Note what the entities graph's units need of a document's lines (the entity nodes among
        the IRIs it names, ``nodes``; its rdf:type lines of nodes the entities graph points to);
        the entities graph's lines about its nodes are returned."""
        entity = self.lines_of("entity", nodes)
        types = [(subject(line), line) for line in lines if _TYPED in line]
        referred = self._referred(sorted({node for node, _ in types}))
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO mentioned VALUES (?)", ((n,) for n in entity))
            self._db.executemany("INSERT INTO typed VALUES (?, ?)", (t for t in types if t[0] in referred))
        return entity

    def only_in_entities(self) -> Iterator[str]:
        """The entities graph's subjects that no document mentions (merge records and the like),
        sorted."""
        for (node,) in self._db.execute(_ONLY_ENTITIES):
            yield node

    def lines_of(self, table: Literal["entity", "typed"], nodes: list[str]) -> dict[str, list[str]]:
        """The lines of ``table`` about each of ``nodes`` that has any, in the order they came."""
        found: dict[str, list[str]] = defaultdict(list)
        for node, line in self._db.execute(_LINES_OF[table], (json.dumps(nodes),)):
            found[node].append(line)
        return found

    def typed(self, nodes: list[str]) -> list[str]:
        """The rdf:type statements about ``nodes``, from their documents and the entities graph."""
        documents, entity = self.lines_of("typed", nodes), self.lines_of("entity", nodes)
        return [
            line
            for node in nodes
            for line in [*documents.get(node, ()), *(e for e in entity.get(node, ()) if _TYPED in e)]
        ]

    def _referred(self, nodes: list[str]) -> set[str]:
        """Those of ``nodes`` that the entities graph points to."""
        return {node for (node,) in self._db.execute(_REFERRED, (json.dumps(nodes),))}
