"""Ingest: find the documents of a corpus, and read each one when it is needed.

A corpus is given as folders, files or glob patterns. Documents are ``*.txt``, ``*.md``, ``*.html``
files and the lines of ``*.jsonl`` files (see :mod:`kgbuild.corpus.formats`); ``*.facts.jsonl``
files are curated facts; ``NAME.meta.json`` (or ``.meta.yaml``) beside ``NAME.txt`` gives that
document's metadata (title, url, published, language). Finding a corpus reads no text (but for
the ids of JSON Lines reports): each document is read, decoded and hashed when the build reaches
it, so memory does not grow with the corpus. Text is decoded as UTF-8 (with or without a
byte-order mark), else by detection (cp1251, koi8-r, …). A file or line that cannot be read is
reported and skipped. A text is read up to ``max_chars`` characters (:data:`MAX_CHARS` unless
chosen): only as many bytes as those can take are read from its file, so a huge document costs
what its first ``max_chars`` characters cost; :attr:`Source.cut` says when it was longer.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from kgbuild.corpus.decoding import decode
from kgbuild.corpus.formats import FORMATS, JSONL, READERS, Read, read_line, sidecar_of, with_sidecar
from kgbuild.errors import InputError
from kgbuild.facts import Document

__all__ = [
    "CURATED_SUFFIX",
    "MAX_CHARS",
    "Corpus",
    "DocumentRef",
    "Source",
    "decode",
    "read_corpus",
    "read_source",
    "sidecar_of",
]

CURATED_SUFFIX = ".facts.jsonl"
#: Files larger than this are refused (a corpus of news reports has none; a stray dump may).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Characters of a text that are read, unless another limit is chosen (``--max-chars``).
MAX_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where a document is: a file, or one line (at a byte offset) of a JSON Lines file.

    A corpus holds one per document for the whole build, so the file is kept as a string (a
    ``Path`` costs some 300 bytes more), and :attr:`path` makes the ``Path`` when it is used."""

    id: str
    file: str
    line: int | None = None
    offset: int = 0

    @property
    def path(self) -> Path:
        return Path(self.file)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class Source:
    """A document and its decoded text."""

    document: Document
    text: str
    path: Path
    ref: DocumentRef | None = None
    #: The size in bytes of a document whose text was cut at the limit (None: read whole).
    cut: int | None = None

    @property
    def where(self) -> str:
        return str(self.ref) if self.ref is not None else str(self.path)


@dataclass
class Corpus:
    """What was found: where each document is, the curated facts files, and what could not be read."""

    refs: list[DocumentRef] = field(default_factory=list)
    curated: list[Path] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    max_chars: int = MAX_CHARS

    def read(self) -> Iterator[Source]:
        """Every readable document, in order; what cannot be read goes to ``problems``."""
        for ref in self.refs:
            try:
                yield read_source(ref, max_chars=self.max_chars)
            except InputError as err:
                self.problems.append(err)

    @property
    def sources(self) -> list[Source]:
        """Every readable document, read now (for small corpora)."""
        return list(self.read())

    def text_of(self, doc_id: str) -> str | None:
        ref = next((r for r in self.refs if r.id == doc_id), None)
        if ref is None:
            return None
        try:
            return read_source(ref, max_chars=self.max_chars).text
        except InputError:
            return None


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


def _jsonl_refs(path: Path, problems: list[InputError]) -> Iterator[DocumentRef]:
    """The reports of a JSON Lines file: one per line, its id given or ``<file>-<line>``."""
    try:
        handle = path.open("rb")
    except OSError as err:
        problems.append(InputError(f"{path}: cannot be read: {err.strerror or err}"))
        return
    with handle:
        offset = 0
        for number, raw in enumerate(handle, 1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                given, _ = read_line(decode(raw, f"{path}:{number}"), path, number)
            except InputError as err:
                problems.append(err)
                continue
            yield DocumentRef(given or f"{path.stem}-{number}", str(path), number, start)


def read_source(ref: DocumentRef | Path, *, max_chars: int = MAX_CHARS) -> Source:
    """Read one document: its text up to ``max_chars`` characters, reading no more of its file than
    those take."""
    if isinstance(ref, Path):
        ref = DocumentRef(ref.stem, str(ref))
    path = ref.path
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and ref.line is None:
            raise InputError(f"{path}: {size:,} bytes; files over {MAX_FILE_BYTES:,} are not read")
        with path.open("rb") as handle:
            if ref.line is not None:
                handle.seek(ref.offset)
                line = handle.readline()
                _, read = read_line(decode(line, str(ref)), path, ref.line)
                name, size = f"{path.name}:{ref.line}", len(line)
            else:
                read = _read_head(handle, path, size, max_chars)
                sidecar = sidecar_of(path)
                if sidecar is not None:
                    read = with_sidecar(read, sidecar)
                name = path.name
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from err
    cut = size if len(read.text) > max_chars or (ref.line is None and read.cut) else None
    if cut is not None:
        read = replace(read, text=read.text[:max_chars])
    return Source(_document(ref.id, name, read), read.text, path, ref, cut)


#: UTF-8's continuation bytes: a text's other bytes each begin a character.
_CONTINUATION = bytes(range(0x80, 0xC0))


def _chars(data: bytes | bytearray) -> int:
    """How many characters ``data`` holds at least: exactly in UTF-8, UTF-16 and UTF-32 (by their
    byte-order marks), at least that in the one-byte encodings."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return (len(data) - 4) // 4
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return (len(data) - 2) // 4  # a character may be a surrogate pair
    return len(data) - len(data.translate(None, _CONTINUATION))


def _read_head(handle: BinaryIO, path: Path, size: int, max_chars: int) -> Read:
    """The document in ``handle`` read from as few of its bytes as give ``max_chars`` characters
    of text (more when markup takes some; the whole file when it is shorter). ``Read.cut``: the
    file was not read to its end."""
    reader = READERS[FORMATS.get(path.suffix.lower(), "text")]
    data = bytearray(handle.read(max_chars))  # no text of max_chars characters takes fewer bytes
    while len(data) < size and (short := max_chars - _chars(data)) > 0:
        more = handle.read(short * -(-len(data) // max(_chars(data), 1)) + 4)  # at the rate so far
        if not more:
            break
        data += more
    while True:
        whole = len(data) >= size
        read = reader(bytes(data), path, whole=whole)
        if whole or len(read.text) > max_chars:
            return read if whole else replace(read, cut=True)
        data += handle.read(max(len(data), 65536))  # markup took its share: read as much again


def _document(doc_id: str, file_name: str, read: Read) -> Document:
    document = Document(
        id=doc_id,
        file_name=file_name,
        sha256=hashlib.sha256(read.text.encode("utf-8")).hexdigest(),
        chars=len(read.text),
        title=read.title,
        url=read.url,
        published=read.published,
    )
    return replace(document, language=read.language) if read.language else document


def read_corpus(specs: Sequence[str | Path], *, max_chars: int = MAX_CHARS) -> Corpus:
    """Find every document and curated facts file under ``specs`` (reading no text yet); their
    texts will be read up to ``max_chars`` characters."""
    corpus = Corpus(max_chars=max_chars)
    seen: dict[str, DocumentRef] = {}
    for spec in specs:
        try:
            paths = list(_expand(str(spec)))
        except InputError as err:
            corpus.problems.append(err)
            continue
        for path in paths:
            if path.name.endswith(CURATED_SUFFIX):
                corpus.curated.append(path)
            elif path.suffix.lower() == JSONL:
                for ref in _jsonl_refs(path, corpus.problems):
                    _add(corpus, seen, ref)
            elif path.suffix.lower() in FORMATS:
                _add(corpus, seen, DocumentRef(path.stem, str(path)))
    return corpus


def _add(corpus: Corpus, seen: dict[str, DocumentRef], ref: DocumentRef) -> None:
    first = seen.get(ref.id)
    if first is not None:
        if (first.path.resolve(), first.line) != (ref.path.resolve(), ref.line):  # not the same file twice
            corpus.problems.append(
                InputError(
                    f"{ref}: a document with the id '{ref.id}' was already found in {first}; skipped "
                    "(ids are file names without extension, or a JSON Lines 'id', and must be unique)"
                )
            )
        return
    seen[ref.id] = ref
    corpus.refs.append(ref)
