"""The register of the documents a build takes, kept in SQLite (a scratch file of the build).

A row per document for the manifest (its id, file, the sha256 of its text and how many facts it
gave), in the order taken; by the sha256, the first document with a text, to tell duplicates.
On disk, so that what a build holds does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kgbuild.facts import Document
from kgbuild.outdir.scratch import number, scratch

_SCHEMA = """
CREATE TABLE document (id TEXT NOT NULL UNIQUE, file TEXT NOT NULL, sha256 TEXT, facts INTEGER NOT NULL);
CREATE INDEX document_text ON document (sha256);
"""


class DocumentRegister:
    """The documents taken, in the SQLite file ``path`` (made anew; the caller removes it after
    :meth:`close`)."""

    def __init__(self, path: Path) -> None:
        self._db = scratch(path, _SCHEMA)

    def add(self, document: Document, facts: int) -> None:
        """Take ``document``, which gave ``facts`` facts (its id must be new)."""
        row = (document.id, document.file_name, document.sha256, facts)
        self._db.execute("INSERT INTO document VALUES (?, ?, ?, ?)", row)

    def first_with(self, sha256: str) -> str | None:
        """The id of the first document taken whose text has this sha256."""
        found = self._db.execute(
            "SELECT id FROM document WHERE sha256 = ? ORDER BY rowid LIMIT 1", (sha256,)
        ).fetchone()
        return None if found is None else str(found[0])

    def ids(self) -> Iterator[str]:
        """The ids of the documents, sorted."""
        return (str(id_) for (id_,) in self._db.execute("SELECT id FROM document ORDER BY id"))

    def rows(self) -> Iterator[dict[str, object]]:
        """The manifest's row of each document, in the order they were taken."""
        query = "SELECT id, file, sha256, facts FROM document ORDER BY rowid"
        for id_, file, sha256, facts in self._db.execute(query):
            yield {"id": id_, "file": file, "sha256": sha256, "facts": facts}

    def __len__(self) -> int:
        return number(self._db, "SELECT count(*) FROM document")

    def facts(self) -> int:
        """The facts of all documents."""
        return number(self._db, "SELECT coalesce(sum(facts), 0) FROM document")

    def close(self) -> None:
        self._db.close()
