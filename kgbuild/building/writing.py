"""After extraction: the staged output folder and what the first pass keeps, then linking, writing
each graph (converted in the build's workers with ``jobs``) and validating (see
:mod:`kgbuild.building.pipeline` for the whole build).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kgbuild.building.clock import Clock
from kgbuild.building.graphs import document_lines, entity_lines
from kgbuild.building.report import BuildReport
from kgbuild.converters import context
from kgbuild.converters.registry import Context
from kgbuild.facts import DocumentFacts
from kgbuild.linking import APART, FactSpool, link, link_apart
from kgbuild.linking.model import merge_log
from kgbuild.linking.store import LinkStore
from kgbuild.outdir.cache import BuildCache
from kgbuild.outdir.output import OutputWriter, staged
from kgbuild.outdir.register import DocumentRegister
from kgbuild.validation.processes import Workers
from kgbuild.validation.units import Validator


@dataclass
class Collected:
    """What the first pass keeps, on disk: the facts spooled by type for linking, and the register
    of the documents taken (the manifest's rows; each text's first document)."""

    spool: FactSpool
    register: DocumentRegister
    extracted: int = 0

    def keep(self, facts: DocumentFacts, writer: OutputWriter) -> None:
        """One document's facts: written in full, spooled for linking, and registered."""
        writer.facts(facts)
        self.spool.add(facts)
        self.register.add(facts.document, len(facts.facts))


#: The staged folder's spool of facts for linking (removed before the folder replaces OUT).
SPOOL = ".spool"


@contextmanager
def writing(out: Path) -> Iterator[tuple[Path, OutputWriter, Collected]]:
    """The staged folder that replaces ``out``, its writer, and what the first pass keeps; when
    the block fails, the writer stops and ``out`` stays as it was."""
    with staged(out) as stage:
        writer = OutputWriter(stage)
        spool = FactSpool(stage / SPOOL)
        collected = Collected(spool, DocumentRegister(spool.folder / "documents.sqlite"))
        try:
            yield stage, writer, collected
        except BaseException:
            writer.abort()
            raise
        finally:
            collected.register.close()
            spool.close()
            shutil.rmtree(stage / SPOOL, ignore_errors=True)


def link_and_write(
    writer: OutputWriter,
    collected: Collected,
    stage: Path,
    *,
    base: str,
    validate: bool,
    cache: BuildCache | None,
    clock: Clock | None = None,
    jobs: int = 1,
    problems: list[str] | None = None,
) -> BuildReport:
    """Link the spooled facts (into a store on disk, beside the spool), then write the merge log,
    the entities graph and each document's graph (its facts read back from the staged folder),
    validating as they are written; what linking warns of goes to ``problems``. With ``jobs``,
    documents are converted and validated in that many processes (they start as we link)."""
    clock = clock or Clock()
    pool = Workers(jobs) if jobs > 1 else None
    try:
        validator = Validator(cache, jobs=jobs, pool=pool) if validate else None
        return _linked_and_written(
            writer,
            collected,
            stage,
            base=base,
            validator=validator,
            pool=pool,
            clock=clock,
            problems=problems,
        )
    finally:
        if pool is not None:
            pool.stop()


def _linked_and_written(
    writer: OutputWriter,
    collected: Collected,
    stage: Path,
    *,
    base: str,
    validator: Validator | None,
    pool: Workers | None,
    clock: Clock,
    problems: list[str] | None,
) -> BuildReport:
    links = LinkStore(collected.spool.folder / "links.sqlite")
    try:
        try:
            _link(collected.spool, links, pool, warn=None if problems is None else problems.append)
            links.share()  # the workers read it to convert documents
            clock.lap("link")
            writer.merges(merge_log(links))
            ctx = context(base, links)
            _write_entities(writer, ctx, validator, pool, links.path)
            converted = document_lines(
                collected.register.ids(),
                stage=stage,
                ctx=ctx,
                pool=pool,
                links=links.path,
                units=None if validator is None else validator.index,
            )
            for doc_id, lines, part in converted:
                writer.lines(lines)
                if validator is not None:
                    validator.document(doc_id, lines, part)
            writer.end_graphs()  # the store takes its last quads while the units are put together
            clock.lap("write")
            entities, merges = links.count(), links.merge_count()
        finally:
            links.close()
        if validator is not None:
            validator.start()
        writer.seal()  # while the validating processes go on
    except BaseException:
        if validator is not None:
            validator.close()
        raise
    clock.lap("store")
    report = validator.finish() if validator is not None else None
    clock.lap("validate")
    return BuildReport(
        out=stage,
        documents=len(collected.register),
        facts=collected.register.facts(),
        entities=entities,
        merges=merges,
        quads=writer.quads,
        validation=report,
    )


def _link(
    spool: FactSpool, links: LinkStore, pool: Workers | None, warn: Callable[[str], None] | None
) -> None:
    """Link the spooled facts into ``links``: with a pool (``jobs`` > 1), the people and their posts,
    and the organizations, in processes of their own, started now (the pool's processes are
    getting ready to validate): see :func:`~kgbuild.linking.link_apart`."""
    if pool is None:
        link(spool, into=links, warn=warn)
        return
    aside = Workers(len(APART), ready=False)
    try:
        link_apart(spool, links, aside=aside, warn=warn)
    finally:
        aside.stop()


def _write_entities(
    writer: OutputWriter, ctx: Context, validator: Validator | None, pool: Workers | None, links: Path
) -> None:
    """The entities graph, in parts, each given to the validator as it is written."""
    for lines in entity_lines(ctx, pool=pool, links=links):  # parts share no subject: one after the other
        writer.lines(lines)
        if validator is not None:
            validator.entities(lines)
