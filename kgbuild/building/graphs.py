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

from kgbuild.building.engines import windowed
from kgbuild.converters import context, document_triples
from kgbuild.converters.registry import Context
from kgbuild.factsfile import read_written
from kgbuild.linking.store import LinkStore
from kgbuild.outdir.output import quad_lines
from kgbuild.validation.index import UnitIndex
from kgbuild.validation.processes import Workers
from kgbuild.validation.units import DocumentUnit, document_unit

#: Documents converted per task given to a worker.
CHUNK = 8

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


def _chunks(ids: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    it = iter(ids)
    while chunk := tuple(islice(it, size)):
        yield chunk


def _converted(stage: Path, ctx: Context, index: UnitIndex | None, doc_id: str) -> Converted:
    facts = read_written((stage / "facts" / f"{doc_id}.jsonl").read_text(encoding="utf-8"))
    triples = document_triples(facts, replace(ctx, document=facts.document))
    lines = quad_lines(ctx.minter.graph(doc_id), triples)
    return doc_id, lines, document_unit(index, lines) if index is not None else None


#: A worker's context of conversion and index of units, for the files they were opened on.
_OPENED: dict[tuple[str, str, str | None], tuple[Context, UnitIndex | None]] = {}


def _convert(stage: str, links: str, base: str, units: str | None, ids: tuple[str, ...]) -> list[Converted]:
    opened = _OPENED.get((links, base, units))
    if opened is None:
        for ctx, index in _OPENED.values():
            ctx.linking.close()  # type: ignore[attr-defined]
            if index is not None:
                index.close()
        _OPENED.clear()
        opened = _OPENED[(links, base, units)] = (
            context(base, LinkStore.reading(Path(links))),
            UnitIndex.reading(Path(units)) if units is not None else None,
        )
    ctx, index = opened
    return [_converted(Path(stage), ctx, index, doc_id) for doc_id in ids]
