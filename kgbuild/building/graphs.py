"""Each document's graph, made from its facts in the build's worker processes when it has them.

A document's N-Quads lines need only its facts (``OUT/facts/<doc>.jsonl`` in the staged folder)
and the linking, an SQLite file that the workers read once linking is done
(:meth:`~kgbuild.linking.store.LinkStore.reading`). With a pool, documents are converted in its
processes (the validating ones, idle while the build writes) a few chunks ahead of the one the
build writes, and come back in order: the lines are those this process would make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from kgbuild import converters
from kgbuild.converters import context, document_triples, entities_parts, entity_triples
from kgbuild.converters.registry import Context
from kgbuild.factsfile import read_written
from kgbuild.linking.store import LinkStore
from kgbuild.outdir.output import graph_quads, nt_line, quad_lines
from kgbuild.validation.index import UnitIndex
from kgbuild.validation.processes import Workers, windowed
from kgbuild.validation.units import DocumentUnit, document_unit

#: Documents converted per task given to a worker.
CHUNK = 8
#: Mentions of the entities converted per task given to a worker (their graphs grow with them: at
#: 10,000 reports, ranges of 500 entities, a person named in thousands of reports among them, held
#: some 150 MB of lines in flight).
ENTITY_CHUNK = 2_000

#: A document's id, its graph's N-Quads lines, and what its validation unit needs (when validated).
Converted = tuple[str, list[str], DocumentUnit | None]


def document_lines(
    ids: Iterable[str],
    *,
    stage: Path,
    ctx: Context,
    pool: Workers | None = None,
    links: Path | None = None,
    units: Path | None = None,
) -> Iterator[Converted]:
    """Each document's graph lines, in the order of ``ids``, with what its validation unit needs
    from the index ``units`` (:class:`~kgbuild.validation.units.Validator`), if given: converted
    here with ``ctx``, or with a ``pool`` in its processes, which read the linking from the SQLite
    file ``links``."""
    if pool is None or links is None:
        index = UnitIndex.reading(units) if units is not None else None
        try:
            for doc_id in ids:
                yield _converted(stage, ctx, index, doc_id)
        finally:
            if index is not None:
                index.close()
        return
    base = ctx.minter.base

    def submit(chunk: tuple[str, ...]) -> Callable[[], list[Converted]]:
        index = None if units is None else str(units)
        return pool.submit(
            f"converting documents {', '.join(chunk)}", _convert, str(stage), str(links), base, index, chunk
        )

    window = 4 * pool.jobs
    for converted in windowed(submit, _chunks(ids, CHUNK), window=window):
        yield from converted


def entity_lines(
    ctx: Context, *, pool: Workers | None = None, links: Path | None = None
) -> Iterator[list[str]]:
    """The entities graph in parts (:func:`~kgbuild.converters.entities_parts`), each as its
    N-Quads lines: made here, or with a ``pool`` by ranges of entities in its processes (which
    read the linking from ``links``), the lines cut into the same parts in the same order."""
    iri = ctx.minter.entities_graph()
    linking = ctx.linking
    if pool is None or links is None or not isinstance(linking, LinkStore):
        for part in entities_parts(ctx):
            yield quad_lines(iri, part)
        return
    starts = linking.starts(ENTITY_CHUNK)
    base = ctx.minter.base

    def submit(bounds: tuple[tuple[str, str], tuple[str, str] | None]) -> Callable[[], list[str]]:
        return pool.submit("converting entities", _entity_lines, str(links), base, *bounds)

    size, pending, given = converters.PART_TRIPLES, list[str](), False
    for lines in windowed(submit, zip(starts, [*starts[1:], None], strict=True), window=2 * pool.jobs):
        pending.extend(lines)
        while len(pending) >= size:
            yield graph_quads(iri, pending[:size])
            del pending[:size]
            given = True
    if pending or not given:
        yield graph_quads(iri, pending)


def _chunks(ids: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    it = iter(ids)
    while chunk := tuple(islice(it, size)):
        yield chunk


def _converted(stage: Path, ctx: Context, index: UnitIndex | None, doc_id: str) -> Converted:
    facts = read_written((stage / "facts" / f"{doc_id}.jsonl").read_text(encoding="utf-8"))
    triples = document_triples(facts, replace(ctx, document=facts.document))
    lines = quad_lines(ctx.minter.graph(doc_id), triples)
    return doc_id, lines, document_unit(index, lines) if index is not None else None


#: A worker's context of conversion, and index of units, for the files they were opened on (one
#: build's: a new build's close them).
_CONTEXT: dict[tuple[str, str], Context] = {}
_INDEX: dict[str, UnitIndex] = {}


def _entity_lines(links: str, base: str, first: tuple[str, str], end: tuple[str, str] | None) -> list[str]:
    ctx, _ = _opened(links, base, None)
    assert isinstance(ctx.linking, LinkStore)
    return [nt_line(triple) for triple in entity_triples(ctx.linking.between(first, end), ctx)]


def _convert(stage: str, links: str, base: str, units: str | None, ids: tuple[str, ...]) -> list[Converted]:
    ctx, index = _opened(links, base, units)
    return [_converted(Path(stage), ctx, index, doc_id) for doc_id in ids]


def _opened(links: str, base: str, units: str | None) -> tuple[Context, UnitIndex | None]:
    """A worker's context of conversion and index of units, each opened once for a build."""
    if (links, base) not in _CONTEXT:
        for ctx in _CONTEXT.values():
            ctx.linking.close()  # type: ignore[attr-defined]
        _CONTEXT.clear()
        _CONTEXT[(links, base)] = context(base, LinkStore.reading(Path(links)))
    if units is not None and units not in _INDEX:
        for index in _INDEX.values():
            index.close()
        _INDEX.clear()
        _INDEX[units] = UnitIndex.reading(Path(units))
    return _CONTEXT[(links, base)], None if units is None else _INDEX[units]
