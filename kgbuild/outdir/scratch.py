"""Scratch SQLite files of a build (its link store, its register of documents): made anew, written
without a journal and read back by the connection that wrote them (committed only when other
processes are to read them too: the link store, once linking is done); the caller removes the
file after closing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def scratch(path: Path, schema: str) -> sqlite3.Connection:
    """A new SQLite file at ``path`` with the tables of ``schema``, in an open transaction."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(schema)
    db.execute("BEGIN")  # never committed: the file is scratch, read by this connection
    return db


def number(db: sqlite3.Connection, query: str) -> int:
    """The one number a query (a count, a sum) gives."""
    return int(db.execute(query).fetchone()[0])
