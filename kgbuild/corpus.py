"""Ingest: find the documents of a corpus and read their text.

A corpus is given as folders, files or glob patterns. Plain-text reports (``*.txt``) are
documents; ``*.facts.jsonl`` files beside them are curated facts. Text is decoded as UTF-8 (with or
without a byte-order mark), else by detection (cp1251, koi8-r, …); character offsets of every
fact refer to the decoded text. A file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from kgbuild.errors import InputError
from kgbuild.facts import Document

TEXT_SUFFIXES = (".txt",)
CURATED_SUFFIX = ".facts.jsonl"


@dataclass(frozen=True)
class Source:
    """A document and its decoded text."""

    document: Document
    text: str
    path: Path


@dataclass
class Corpus:
    """What was found: documents, curated facts files, and what could not be read."""

    sources: list[Source] = field(default_factory=list)
    curated: list[Path] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)

    def text_of(self, doc_id: str) -> str | None:
        return next((s.text for s in self.sources if s.document.id == doc_id), None)


def decode(data: bytes, path: Path) -> str:
    """The text of a file's bytes: UTF-8 first, else the detected encoding."""
    if not data.strip():
        return ""
    if b"\x00" in data[:65536]:  # valid UTF-8, but no text file holds NUL bytes
        raise InputError(f"{path}: looks like a binary file, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{path}: cannot tell the text encoding (not UTF-8, cp1251, koi8-r, …)")
    return str(best)


def _expand(spec: str) -> Iterator[Path]:
    path = Path(spec)
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file())
    elif path.is_file():
        yield path
    else:
        # Path.glob takes no absolute patterns, and a user's pattern may be one.
        matches = sorted(Path(p) for p in glob.glob(spec, recursive=True))  # noqa: PTH207
        if not matches:
            raise InputError(f"{spec}: no such file or folder, and no file matches it as a pattern")
        yield from (m for m in matches if m.is_file())


def read_source(path: Path) -> Source:
    """Read one document file."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from err
    text = decode(data, path)
    doc = Document(
        id=path.stem,
        file_name=path.name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        chars=len(text),
    )
    return Source(doc, text, path)


def read_corpus(specs: Sequence[str | Path]) -> Corpus:
    """Find and read every document and curated facts file under ``specs``."""
    corpus = Corpus()
    seen: dict[str, Path] = {}
    for spec in specs:
        try:
            paths = list(_expand(str(spec)))
        except InputError as err:
            corpus.problems.append(err)
            continue
        for path in paths:
            if path.name.endswith(CURATED_SUFFIX):
                corpus.curated.append(path)
            elif path.suffix.lower() in TEXT_SUFFIXES:
                _add(corpus, seen, path)
    return corpus


def _add(corpus: Corpus, seen: dict[str, Path], path: Path) -> None:
    if path.stem in seen:
        if seen[path.stem].resolve() != path.resolve():
            corpus.problems.append(
                InputError(
                    f"{path}: a document with the id '{path.stem}' was already read "
                    f"from {seen[path.stem]}; skipped (document ids are file names "
                    "without extension and must be unique)"
                )
            )
        return
    try:
        source = read_source(path)
    except InputError as err:
        corpus.problems.append(err)
        return
    seen[path.stem] = path
    corpus.sources.append(source)
