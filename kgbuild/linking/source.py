"""Where linking reads facts from: documents' facts in memory, or spooled to disk by type.

Linking reads the facts one type at a time, block by block (see :mod:`kgbuild.linking.blocks`).
A build spools each document's facts as they come, one JSON Lines file per type with the quotes
left out; a type's facts are then sorted into blocks in SQLite, so that only one block's facts are
ever in memory, not the corpus's.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Protocol, TypeVar, cast, runtime_checkable

from kgbuild.facts import TYPE_TAGS, DocumentFacts, Fact
from kgbuild.factsfile import fact_from_json, fact_to_json
from kgbuild.linking.blocks import KeysOf, first_key, labeller

T = TypeVar("T", bound=Fact)


@runtime_checkable
class FactSource(Protocol):
    def each(self, cls: type[T]) -> Iterator[T]:
        """Every fact of type ``cls``."""
        ...

    def blocks(self, cls: type[T], keys: KeysOf[T], *, joined: bool = False) -> Iterator[list[T]]:
        """The facts of type ``cls`` in blocks, in order of their labels: facts with the same
        first key (or, when ``joined``, any shared key) are one block. Every key is read before
        the first block is given."""
        ...


class InMemory:
    """The facts of documents held in memory."""

    def __init__(self, docs: Sequence[DocumentFacts]) -> None:
        self.docs = docs

    def each(self, cls: type[T]) -> Iterator[T]:
        return (f for d in self.docs for f in d.facts if isinstance(f, cls))

    def blocks(self, cls: type[T], keys: KeysOf[T], *, joined: bool = False) -> Iterator[list[T]]:
        keyed = [(f, k) for f in self.each(cls) if (k := keys(f)) is not None]
        label = labeller(k for _, k in keyed) if joined else first_key
        groups: dict[str, list[T]] = defaultdict(list)
        for fact, k in keyed:
            groups[label(k)].append(fact)
        return (groups[name] for name in sorted(groups))


class FactSpool:
    """Facts on disk in ``folder``, one file per type, their quotes left out (linking reads names
    and offsets). The caller removes the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[str]] = {}

    def add(self, facts: DocumentFacts) -> None:
        for fact in facts.facts:
            tag = TYPE_TAGS[type(fact)]
            if tag not in self._files:
                self._files[tag] = (self.folder / f"{tag}.jsonl").open("a", encoding="utf-8")
            obj = fact_to_json(fact)
            obj["evidence"]["quote"] = ""
            self._files[tag].write(json.dumps(obj, ensure_ascii=False) + "\n")

    def _lines(self, cls: type) -> Iterator[str]:
        tag = TYPE_TAGS[cls]
        if tag in self._files:
            self._files[tag].flush()
        path = self.folder / f"{tag}.jsonl"
        if path.is_file():
            with path.open(encoding="utf-8") as lines:
                yield from lines

    def each(self, cls: type[T]) -> Iterator[T]:
        return (cast(T, fact_from_json(json.loads(line))) for line in self._lines(cast(type, cls)))

    def blocks(self, cls: type[T], keys: KeysOf[T], *, joined: bool = False) -> Iterator[list[T]]:
        label = labeller(k for f in self.each(cls) if (k := keys(f)) is not None) if joined else first_key
        handle, name = tempfile.mkstemp(prefix="blocks-", suffix=".sqlite", dir=self.folder)
        os.close(handle)
        path = Path(name)  # a file of its own: two sources of blocks may be read at once
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE fact (block TEXT, doc TEXT, start INTEGER, id TEXT, line TEXT)")
            db.execute("BEGIN")
            for line in self._lines(cast(type, cls)):
                fact = cast(T, fact_from_json(json.loads(line)))
                if (k := keys(fact)) is not None:
                    row = (label(k), fact.doc, fact.evidence.start, fact.id, line)
                    db.execute("INSERT INTO fact VALUES (?, ?, ?, ?, ?)", row)
            db.execute("COMMIT")
            rows = db.execute("SELECT block, line FROM fact ORDER BY block, doc, start, id")
            for _, group in itertools.groupby(rows, key=lambda row: row[0]):
                yield [cast(T, fact_from_json(json.loads(line))) for _, line in group]
        finally:
            db.close()
            path.unlink(missing_ok=True)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()


def source_of(facts: Sequence[DocumentFacts] | FactSource) -> FactSource:
    """``facts`` as a source: documents' facts in memory are read from there."""
    return facts if isinstance(facts, FactSource) else InMemory(facts)
