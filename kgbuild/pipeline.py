"""The build pipeline: documents → facts → linked entities → RDF dataset → OUT/, validated.

    ingest (corpus) → extract (per document) → curate (curated facts win) → link → convert
    → write OUT/ (staged, moved into place at the end) → validate (SHACL)

Each step takes its inputs as arguments and returns a value; problems with single inputs (an
unreadable file, a bad line in a facts file) are collected and reported, and the rest builds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar

from rdflib import Dataset, Graph

from kgbuild.__about__ import __version__
from kgbuild.converters import convert
from kgbuild.corpus import Source, read_corpus
from kgbuild.curate import merge_curated
from kgbuild.errors import FactsFileError, InputError
from kgbuild.extract.base import Extractor
from kgbuild.facts import Document, DocumentFacts
from kgbuild.factsfile import read_facts
from kgbuild.iris import DEFAULT_BASE, check_base
from kgbuild.linking import Linking, link
from kgbuild.output import staged, write_output
from kgbuild.shacl import ValidationReport, validate_graph

T = TypeVar("T")


class Progress(Protocol):
    """Wraps an iterable to show progress: (items, label, count) → the same items."""

    def __call__(self, items: Iterable[T], label: str, count: int) -> Iterable[T]: ...


def no_progress(items: Iterable[T], label: str, count: int) -> Iterable[T]:
    return items


@dataclass(frozen=True)
class BuildReport:
    out: Path
    documents: int
    facts: int
    entities: int
    merges: int
    quads: int
    problems: tuple[str, ...] = ()
    validation: ValidationReport | None = None

    def summary(self) -> str:
        lines = [
            f"Built {self.out}: {self.documents} documents, {self.facts} facts, {self.entities} entities "
            f"({self.merges} merged from several mentions), {self.quads} quads."
        ]
        if self.validation is not None:
            n = len(self.validation.violations)
            lines.append(
                "Validation: conforms."
                if self.validation.conforms
                else f"Validation: {n} violation(s); see: kgbuild validate {self.out}"
            )
        return "\n".join(lines)


def union(dataset: Dataset) -> Graph:
    """All graphs of a dataset as one graph."""
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@dataclass
class _Curated:
    facts: dict[str, list] = field(default_factory=dict)  # type: ignore[type-arg]
    retracted: dict[str, set[str]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)


def _read_curated(
    paths: Sequence[Path], text_of: Callable[[str], str | None], known: set[str], problems: list[str]
) -> _Curated:
    curated = _Curated()
    for path in paths:
        try:
            content = read_facts(path, texts=text_of)
        except FactsFileError as err:
            problems.append(str(err))
            continue
        problems.extend(str(e) for e in content.errors)
        for doc_id in sorted(set(content.facts) | {d for d, _ in content.retracted} | set(content.documents)):
            if doc_id not in known:
                problems.append(f"{path}: facts for document '{doc_id}', which is not in the corpus; skipped")
                continue
            curated.facts.setdefault(doc_id, []).extend(content.facts.get(doc_id, []))
            curated.retracted.setdefault(doc_id, set()).update(i for d, i in content.retracted if d == doc_id)
            if doc_id in content.documents:
                curated.documents[doc_id] = content.documents[doc_id]
    return curated


def _document(source: Document, curated: Document | None) -> Document:
    if curated is None:
        return source
    return replace(
        source,
        title=curated.title or source.title,
        url=curated.url or source.url,
        published=curated.published or source.published,
        language=curated.language,
    )


def _extract(extractor: Extractor | None, source: Source, problems: list[str]) -> DocumentFacts:
    """The facts of one document; a document that yields none, or that the extractor cannot read,
    is reported and the build goes on with the others."""
    empty = DocumentFacts(source.document, ())
    if extractor is None:
        return empty
    if not source.text.strip():
        problems.append(f"{source.path}: the document is empty; no facts")
        return empty
    from kgbuild.extract import MAX_CHARS  # noqa: PLC0415 (the NLP stack loads only when extracting)

    if len(source.text) > MAX_CHARS:
        problems.append(
            f"{source.path}: {len(source.text):,} characters; facts were read from the first "
            f"{MAX_CHARS:,} only"
        )
    try:
        facts = extractor.extract(source)
    except Exception as err:  # one document must not stop the corpus: reported, with its cause
        problems.append(f"{source.path}: extraction failed ({type(err).__name__}: {err}); document skipped")
        return empty
    if not facts.facts:
        problems.append(f"{source.path}: no facts found (is it a news report?)")
    return facts


def gather_facts(
    corpus: Sequence[str | Path],
    *,
    extractor: Extractor | None,
    curated: bool,
    progress: Progress = no_progress,
    problems: list[str],
) -> list[DocumentFacts]:
    """The facts of every document of the corpus: extracted, then corrected by curated files."""
    found = read_corpus(corpus)
    problems.extend(str(p) for p in found.problems)
    if not found.sources:
        why = "".join(f"; {p}" for p in found.problems)
        raise InputError(f"no documents (*.txt) found in {', '.join(map(str, corpus))}{why}")
    texts = {s.document.id: s.text for s in found.sources}
    extra = _read_curated(found.curated, texts.get, set(texts), problems) if curated else _Curated()
    docs = []
    for source in progress(found.sources, "Extracting", len(found.sources)):
        facts = _extract(extractor, source, problems)
        doc_id = source.document.id
        facts = replace(facts, document=_document(source.document, extra.documents.get(doc_id)))
        if doc_id in extra.facts or doc_id in extra.retracted:
            facts = merge_curated(facts, extra.facts.get(doc_id, []), extra.retracted.get(doc_id, ()))
        docs.append(facts)
    return docs


def write_build(
    docs: Sequence[DocumentFacts], out: Path, *, base: str, validate: bool, problems: Sequence[str] = ()
) -> BuildReport:
    """Link and convert ``docs``, write OUT/ and validate the result."""
    linking: Linking = link(docs)
    dataset = convert(docs, base=base, linking=linking)
    manifest = {
        "kgbuild": __version__,
        "base": base,
        "documents": [
            {
                "id": d.document.id,
                "file": d.document.file_name,
                "sha256": d.document.sha256,
                "facts": len(d.facts),
            }
            for d in docs
        ],
    }
    with staged(Path(out)) as stage:
        write_output(stage, dataset, docs, linking, manifest)
    report = validate_graph(union(dataset)) if validate else None
    return BuildReport(
        out=Path(out),
        documents=len(docs),
        facts=sum(len(d.facts) for d in docs),
        entities=len(linking.entities),
        merges=len(linking.merges()),
        quads=len(dataset),
        problems=tuple(problems),
        validation=report,
    )


def build(
    corpus: Sequence[str | Path],
    out: Path | str,
    *,
    base: str = DEFAULT_BASE,
    curated: bool = True,
    validate: bool = True,
    extractor: Extractor | str | None = "news",
    progress: Progress = no_progress,
) -> BuildReport:
    """Build the knowledge graph of ``corpus`` (folders, files, globs) into the folder ``out``.

    ``extractor`` reads the facts from each text: an extractor's name ("news", built in), an
    extractor object, or None to build from curated facts alone.
    """
    check_base(base)
    if isinstance(extractor, str):
        from kgbuild.extract import get_extractor  # noqa: PLC0415 (the NLP stack loads only when used)

        extractor = get_extractor(extractor)
    problems: list[str] = []
    docs = gather_facts(corpus, extractor=extractor, curated=curated, progress=progress, problems=problems)
    return write_build(docs, Path(out), base=base, validate=validate, problems=problems)


def convert_facts(
    paths: Sequence[str | Path], out: Path | str, *, base: str = DEFAULT_BASE, validate: bool = True
) -> BuildReport:
    """Build OUT/ from facts files alone (they must give character offsets); any bad line is an error."""
    check_base(base)
    docs: dict[str, DocumentFacts] = {}
    for path in paths:
        for df in read_facts(path, strict=True).document_facts():
            if df.document.id in docs:
                raise FactsFileError(
                    path,
                    None,
                    "doc",
                    f"document '{df.document.id}' is also given in another "
                    "facts file; give each document's facts in one file",
                )
            docs[df.document.id] = df
    if not docs:
        raise InputError(f"no facts in {', '.join(map(str, paths))}")
    return write_build([docs[k] for k in sorted(docs)], Path(out), base=base, validate=validate)
