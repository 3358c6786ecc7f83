"""The build pipeline: documents → facts → linked entities → RDF dataset → OUT/, validated.

    find (corpus) → extract each document (an engine; facts from the cache when its text is
    known) → curate (curated facts win) → write its facts, and spool them by type → link (block
    by block, into a store on disk; with ``jobs``, the people and their posts, and the
    organizations, in processes of their own, see :func:`kgbuild.linking.link_apart`) → write
    the entities graph and each document's graph (with ``jobs``, converted in worker processes, see
    :mod:`kgbuild.building.graphs`) → validate (by units, see :mod:`kgbuild.validation.units`,
    in the same workers) → move OUT/ into place

Memory holds one document's facts at a time, and linking one block's facts (the mentions of one
surname, one name, one key); the entities and which mention each stands for are kept in SQLite
(:class:`kgbuild.linking.store.LinkStore`), the quads go to disk graph by graph, and the store is
loaded from them. Problems with single inputs (an unreadable file, a bad line in a
facts file, a duplicate) are collected and reported, and the rest builds. A build whose inputs
have not changed since the last leaves OUT as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from kgbuild.__about__ import __version__
from kgbuild.building.clock import Clock
from kgbuild.building.curate import Curated, apply_decisions, curated_document, merge_curated, read_curated
from kgbuild.building.engines import Outcome, Task, fingerprint, run
from kgbuild.building.report import BuildReport, Progress, no_progress
from kgbuild.building.writing import Collected, link_and_write, writing
from kgbuild.corpus import MAX_CHARS, Corpus, DocumentRef, read_corpus, sidecar_of
from kgbuild.errors import FactsFileError, InputError, KgbuildError
from kgbuild.extract.base import Extractor
from kgbuild.facts import DocumentFacts
from kgbuild.factsfile import read_facts
from kgbuild.iris import DEFAULT_BASE, check_base
from kgbuild.outdir.cache import BuildCache, digest
from kgbuild.outdir.layout import CACHE, NQUADS, read_manifest
from kgbuild.outdir.output import OutputWriter


def require_documents(found: Corpus, specs: Sequence[str | Path]) -> None:
    """Raise an :class:`InputError` when the corpus found under ``specs`` holds no document."""
    if not found.refs:
        why = "".join(f"; {p}" for p in found.problems)
        raise InputError(
            f"no documents (*.txt, *.md, *.html, *.jsonl) found in {', '.join(map(str, specs))}{why}"
        )


def _inputs_digest(found: Corpus, *settings: str) -> str:
    """A digest of everything a build reads: each document's bytes and place, the curated files,
    the settings. Equal digests mean the output would come out the same."""
    parts: list[str | bytes] = [__version__, *settings]
    for ref in found.refs:
        parts.append(f"{ref.id}\t{ref.path.resolve()}\t{ref.line}")
        try:
            parts.append(_raw_digest(ref))
        except OSError as err:
            parts.append(f"unreadable: {err}")
    for path in found.curated:
        parts.append(str(path.resolve()))
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return digest("inputs", *parts)


def _raw_digest(ref: DocumentRef) -> str:
    """The SHA-256 of a document's bytes (and its sidecar's), a file read in blocks."""
    if ref.line is None:
        with ref.path.open("rb") as handle:
            h = hashlib.file_digest(handle, "sha256")
        sidecar = sidecar_of(ref.path)
        if sidecar:
            h.update(b"\0" + sidecar.read_bytes())
        return h.hexdigest()
    with ref.path.open("rb") as handle:
        handle.seek(ref.offset)
        return hashlib.sha256(handle.readline()).hexdigest()


def _up_to_date(out: Path, inputs: str) -> BuildReport | None:
    """The report of the build already in ``out`` when it was made from the same inputs."""
    try:
        manifest = read_manifest(out)
    except KgbuildError:
        return None
    if manifest.get("inputs") != inputs or not (out / NQUADS).is_file():
        return None
    summary = manifest.get("summary", {})
    violations = manifest.get("validation")
    return BuildReport(
        out=out,
        documents=len(manifest.get("documents", [])),
        facts=int(summary.get("facts", 0)),
        entities=int(summary.get("entities", 0)),
        merges=int(summary.get("merges", 0)),
        quads=int(manifest.get("quads", 0)),
        problems=tuple(manifest.get("problems", ())),
        up_to_date=True,
        known_violations=violations if isinstance(violations, int) else None,
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
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    max_chars: int = MAX_CHARS,
) -> BuildReport:
    """Build the knowledge graph of ``corpus`` (folders, files, globs) into the folder ``out``.

    ``extractor`` reads the facts from each text: an extractor's name ("news", built in), an
    extractor object, or None to build from curated facts alone. Documents whose facts are in the
    build cache (``OUT/cache``) are not read again by the extractor; a build whose inputs are all
    as they were leaves OUT as it is. ``jobs`` and ``engine`` say where extraction runs (see
    :mod:`kgbuild.building.engines`). Each text is read up to ``max_chars`` characters.
    """
    check_base(base)
    if max_chars < 1:
        raise InputError(f"max_chars must be at least 1, not {max_chars}")
    out = Path(out)
    found = read_corpus(corpus, max_chars=max_chars)
    require_documents(found, corpus)
    print_ = fingerprint(extractor)
    settings = (base, print_, f"curated={curated}", f"validate={validate}", f"max_chars={max_chars}")
    inputs = _inputs_digest(found, *settings)
    previous = _up_to_date(out, inputs)
    if previous is not None:
        return previous
    problems: list[str] = [str(p) for p in found.problems]
    extra = (
        read_curated(found.curated, found.text_of, {r.id for r in found.refs}, problems)
        if curated
        else Curated()
    )
    recorded = {  # what kgbuild review needs to build again: the corpus and the settings
        "corpus": [str(Path(spec).absolute()) for spec in corpus],
        "settings": {
            "extractor": extractor if isinstance(extractor, str) or extractor is None else None,
            "curated": curated,
            "validate": validate,
            "max_chars": max_chars,
        },
    }
    cache = BuildCache(out / CACHE)
    task = Task(extractor, cache.root, print_, max_chars)
    clock = Clock()
    with writing(out) as (stage, writer, collected):
        outcomes = run(found.refs, task, engine=engine, jobs=jobs, scheduler=scheduler)
        for outcome in progress(outcomes, "Extracting", len(found.refs)):
            _take(outcome, extra=extra, writer=writer, collected=collected, cache=cache, problems=problems)
        clock.lap("extract")
        report = link_and_write(
            writer,
            collected,
            stage,
            base=base,
            validate=validate,
            cache=cache,
            clock=clock,
            jobs=jobs,
            problems=problems,
        )
        manifest = {
            "kgbuild": __version__,
            "base": base,
            "inputs": inputs,
            "summary": {"facts": report.facts, "entities": report.entities, "merges": report.merges},
            "validation": None if report.validation is None else len(report.validation.violations),
            "violations": report.listed_violations(),
            "problems": problems,
            **recorded,
            "timings": clock.seconds(),
        }
        writer.close(manifest, collected.register.rows())
    cache.prune()
    clock.lap("finish")
    return replace(
        report, out=out, problems=tuple(problems), extracted=collected.extracted, timings=tuple(clock.laps)
    )


def _take(
    outcome: Outcome,
    *,
    extra: Curated,
    writer: OutputWriter,
    collected: Collected,
    cache: BuildCache,
    problems: list[str],
) -> None:
    """One document's outcome: its problems noted, its facts curated, written, and spooled."""
    problems.extend(outcome.problems)
    if outcome.key is not None:
        cache.mark_facts(outcome.key)
    facts = outcome.facts
    if facts is None:
        return
    document = facts.document
    first = collected.register.first_with(document.sha256) if document.sha256 else None
    if first is not None:
        problems.append(f"{outcome.ref}: the same text as document '{first}'; skipped (a duplicate)")
        return
    collected.extracted += not outcome.cached
    facts = replace(facts, document=curated_document(document, extra.documents.get(document.id)))
    if extra.decided(document.id):
        facts = merge_curated(
            facts, extra.facts.get(document.id, []), extra.retracted.get(document.id, ()), problems
        )
    review = extra.review
    if review is not None and review.decided(document.id):
        decided, rejected = review.facts.get(document.id, []), review.retracted.get(document.id, ())
        facts = apply_decisions(facts, decided, rejected, problems)
    collected.keep(facts, writer)
    if outcome.text is not None:
        writer.text(document.id, outcome.text)


def write_build(
    docs: Sequence[DocumentFacts], out: Path, *, base: str, validate: bool, problems: Sequence[str] = ()
) -> BuildReport:
    """Link and convert ``docs`` (facts already in memory), write OUT/ and validate the result."""
    problems = list(problems)
    clock = Clock()
    with writing(Path(out)) as (stage, writer, collected):
        for facts in docs:
            collected.keep(facts, writer)
        clock.lap("read")
        written = link_and_write(
            writer, collected, stage, base=base, validate=validate, cache=None, clock=clock, problems=problems
        )
        manifest = {
            "kgbuild": __version__,
            "base": base,
            "problems": problems,
            "timings": clock.seconds(),
        }
        writer.close(manifest, collected.register.rows())
    clock.lap("finish")
    return replace(written, out=Path(out), problems=tuple(problems), timings=tuple(clock.laps))


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
