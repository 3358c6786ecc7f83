"""Where linking reads facts from: documents' facts in memory, or spooled to disk by type.

Linking reads the facts one type at a time, block by block (see :mod:`kgbuild.linking.blocks`).
A build spools each document's facts as they come, one file per type with the quotes left out; a
type's facts are then sorted into blocks in SQLite, so that only one block's facts are ever in
memory, not the corpus's. The spool is the build's own scratch, written by the build and read
by it and the processes that link people and organizations (:func:`kgbuild.linking.link_apart`):
its records are pickles (reading JSON back into facts was a third of linking's time).
"""

from __future__ import annotations

import itertools
import os
import pickle
import sqlite3
import struct
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import IO, Protocol, TypeVar, cast, runtime_checkable

from kgbuild.facts import TYPE_TAGS, DocumentFacts, Evidence, Fact
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


#: A spooled record: its length, then the pickled fact.
_LENGTH = struct.Struct("<I")
_SET = object.__setattr__


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """The fields of a fact's class but its evidence."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls) if f.name != "evidence")
    return names


def _record(fact: Fact) -> bytes:
    """A fact without its quote, pickled as its class and its values (a frozen dataclass pickled
    whole is read back through ``dataclasses.fields()`` for every fact: twice as slow)."""
    ev = fact.evidence
    values = tuple(getattr(fact, name) for name in _names(type(fact)))
    return pickle.dumps((type(fact), ev.doc, ev.start, ev.end, values), pickle.HIGHEST_PROTOCOL)


def _fact(record: bytes) -> Fact:
    cls, doc, start, end, values = pickle.loads(record)
    fact = object.__new__(cls)
    _SET(fact, "evidence", Evidence(doc, start, end, ""))
    for name, value in zip(_names(cls), values, strict=True):
        _SET(fact, name, value)
    return cast(Fact, fact)


class FactSpool:
    """Facts on disk in ``folder``, one file per type, their quotes left out (linking reads names
    and offsets). The caller removes the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[bytes]] = {}

    def add(self, facts: DocumentFacts) -> None:
        for fact in facts.facts:
            tag = TYPE_TAGS[type(fact)]
            if tag not in self._files:
                self._files[tag] = (self.folder / f"{tag}.pickles").open("ab")
            record = _record(fact)
            self._files[tag].write(_LENGTH.pack(len(record)) + record)

    def _records(self, cls: type) -> Iterator[bytes]:
        tag = TYPE_TAGS[cls]
        if tag in self._files:
            self._files[tag].flush()
        path = self.folder / f"{tag}.pickles"
        if path.is_file():
            with path.open("rb") as records:
                while head := records.read(_LENGTH.size):
                    (size,) = _LENGTH.unpack(head)
                    yield records.read(size)

    def each(self, cls: type[T]) -> Iterator[T]:
        return (cast(T, _fact(record)) for record in self._records(cast(type, cls)))

    def blocks(self, cls: type[T], keys: KeysOf[T], *, joined: bool = False) -> Iterator[list[T]]:
        label = labeller(k for f in self.each(cls) if (k := keys(f)) is not None) if joined else first_key
        handle, name = tempfile.mkstemp(prefix="blocks-", suffix=".sqlite", dir=self.folder)
        os.close(handle)
        path = Path(name)  # a file of its own: two sources of blocks may be read at once
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE fact (block TEXT, doc TEXT, start INTEGER, id TEXT, record BLOB)")
            db.execute("BEGIN")
            for record in self._records(cast(type, cls)):
                fact = cast(T, _fact(record))
                if (k := keys(fact)) is not None:
                    row = (label(k), fact.doc, fact.evidence.start, fact.id, record)
                    db.execute("INSERT INTO fact VALUES (?, ?, ?, ?, ?)", row)
            db.execute("COMMIT")
            rows = db.execute("SELECT block, record FROM fact ORDER BY block, doc, start, id")
            for _, group in itertools.groupby(rows, key=lambda row: row[0]):
                yield [cast(T, _fact(record)) for _, record in group]
        finally:
            db.close()
            path.unlink(missing_ok=True)

    def flush(self) -> None:
        """Write out what was added, for another process to read the spool."""
        for handle in self._files.values():
            handle.flush()

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()


def source_of(facts: Sequence[DocumentFacts] | FactSource) -> FactSource:
    """``facts`` as a source: documents' facts in memory are read from there."""
    return facts if isinstance(facts, FactSource) else InMemory(facts)
