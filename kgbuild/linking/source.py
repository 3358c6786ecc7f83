"""Where linking reads facts from: documents' facts in memory, or spooled to disk by type.

Linking and the entities graph read the facts one type at a time (the people, then the
organizations, …). A build spools each document's facts as they come, one JSON Lines file per
type with the quotes left out, so that only one type's facts are ever in memory, not the
corpus's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol, TypeVar, cast, runtime_checkable

from kgbuild.facts import TYPE_TAGS, DocumentFacts
from kgbuild.factsfile import fact_from_json, fact_to_json

T = TypeVar("T")


@runtime_checkable
class FactSource(Protocol):
    def of_type(self, cls: type[T]) -> list[T]:
        """Every fact of type ``cls``."""
        ...


class InMemory:
    """The facts of documents held in memory."""

    def __init__(self, docs: Sequence[DocumentFacts]) -> None:
        self.docs = docs

    def of_type(self, cls: type[T]) -> list[T]:
        return [f for d in self.docs for f in d.facts if isinstance(f, cls)]


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

    def of_type(self, cls: type[T]) -> list[T]:
        tag = TYPE_TAGS[cast(type, cls)]
        if tag in self._files:
            self._files[tag].flush()
        path = self.folder / f"{tag}.jsonl"
        if not path.is_file():
            return []
        with path.open(encoding="utf-8") as lines:
            return [cast(T, fact_from_json(json.loads(line))) for line in lines]

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()


def source_of(facts: Sequence[DocumentFacts] | FactSource) -> FactSource:
    """``facts`` as a source: documents' facts in memory are read from there."""
    return facts if isinstance(facts, FactSource) else InMemory(facts)
