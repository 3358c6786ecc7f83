"""The build cache in ``OUT/cache``: what a rebuild need not do again.

    OUT/cache/facts/<k[:2]>/<k>.jsonl       the facts extracted from one document
    OUT/cache/validation/<k[:2]>/<k>.json   the SHACL violations of one validation unit
    OUT/cache/CACHEDIR.TAG                  marks the folder as kgbuild's cache (and backups skip it)

Keys are SHA-256 digests of everything the result depends on: for facts, the extractor (its name,
version and word lists), the document's id, metadata and text; for validation, the shapes, the
ontology and the unit's quads. A changed document gets a new key and is extracted again; an
unchanged one is read back. Entries are written when they are made (each file atomically), so a
build that is interrupted keeps what it did, and the next build goes on from there. Entries no
build used are removed at the end of each build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kgbuild.facts import Document, DocumentFacts
from kgbuild.factsfile import document_to_json, dumps, read_written
from kgbuild.outdir.owned import CACHEDIR_TAG, cachedir_tag

FACTS, VALIDATION = "facts", "validation"


def digest(*parts: str | bytes) -> str:
    """The SHA-256 of ``parts``, each preceded by its length (8 bytes), in hex."""
    chunks: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "big"), data)
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def facts_key(fingerprint: str, document: Document, text: str) -> str:
    """The key of a document's facts: the extractor's fingerprint, the document, its text."""
    described = json.dumps(document_to_json(document), sort_keys=True, ensure_ascii=False)
    return digest("facts", fingerprint, described, text)


class BuildCache:
    """The cache of one build output folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        # The entries used, by hash() of their names (a hash and a suffix): a build marks two per
        # document, and ints take a third of the memory; two names with one hash would only keep
        # an unused entry one build longer.
        self.used: set[int] = set()

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = self.root / CACHEDIR_TAG
        if not tag.is_file():  # marks the folder as kgbuild's cache (and backups skip it)
            tag.write_text(cachedir_tag(), encoding="utf-8")
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # atomic: a reader sees the whole entry or none
        self.used.add(hash(path.name))

    def _read(self, path: Path) -> str | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.used.add(hash(path.name))
        return text

    # -- facts -----------------------------------------------------------------------------
    def facts(self, key: str) -> DocumentFacts | None:
        """The cached facts of a document, or None (absent, or unreadable: then extracted again)."""
        text = self._read(self._path(FACTS, key, ".jsonl"))
        if text is None:
            return None
        try:
            return read_written(text)
        except (ValueError, KeyError, IndexError, TypeError):
            return None

    def put_facts(self, key: str, facts: DocumentFacts | str) -> None:
        """A document's facts, or the text of its facts file (:func:`~kgbuild.factsfile.dumps`)."""
        self._write(self._path(FACTS, key, ".jsonl"), facts if isinstance(facts, str) else dumps([facts]))

    def mark_facts(self, key: str) -> None:
        """Record that this build used an entry (one a worker process read or wrote)."""
        self.used.add(hash(self._path(FACTS, key, ".jsonl").name))

    # -- validation ------------------------------------------------------------------------
    def violations(self, key: str) -> list[dict[str, Any]] | None:
        text = self._read(self._path(VALIDATION, key, ".json"))
        if text is None:
            return None
        try:
            found = json.loads(text)
        except ValueError:
            return None
        return found if isinstance(found, list) else None

    def put_violations(self, key: str, violations: Iterable[Any]) -> None:
        rows = [asdict(v) for v in violations]
        self._write(self._path(VALIDATION, key, ".json"), json.dumps(rows, ensure_ascii=False))

    # -- housekeeping ----------------------------------------------------------------------
    def prune(self) -> int:
        """Remove the entries this build did not use; the number removed."""
        removed = 0
        for kind in (FACTS, VALIDATION):
            for path in (self.root / kind).glob("*/*"):
                if hash(path.name) not in self.used:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
