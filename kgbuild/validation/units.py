"""Validation by units, so that a rebuild checks only what changed.

A unit is one document's graph together with what the entities graph says about the nodes it
mentions (their reconciled labels and names), and the types of the nodes those statements point to
(an event's place, its parent event), from whichever graphs give them: what the shapes need to
judge those nodes. A document's unit is put together as the document is written (by a worker
process, :func:`document_unit`), with the types its own lines and the entities graph give; since
a node may be typed by a document that comes later, :meth:`Validator.start` makes the units whose
nodes gained types again, with them, and drops their first verdict. The
merge records and anything else only the entities graph holds form more units, of a few hundred
nodes each, with the types of the nodes they point to. Each unit is keyed by a digest of the
shapes, the ontology and its triples; a unit whose key is in the build cache takes its violations
from there, and the units that changed are validated in batches of about ``BATCH_QUADS`` quads,
one pySHACL run each, since pySHACL slows down more than linearly on large graphs. With ``jobs``,
a batch is validated in one of ``jobs`` processes as soon as it is full (with the build's pool,
from :meth:`Validator.start` on: until then its processes convert documents), while the build
goes on putting units together and writing its store.

The shapes judge a node by the statements of its document and the reconciled ones, so this is
what the whole-graph validation of ``kgbuild validate OUT`` says, unless two documents disagree
about a single-valued property of one node, which only the whole-graph validation sees.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kgbuild.outdir.cache import BuildCache, digest
from kgbuild.resources import ontology_file, shape_files
from kgbuild.validation import cut
from kgbuild.validation.cut import iris, subject
from kgbuild.validation.index import UnitIndex
from kgbuild.validation.processes import Workers
from kgbuild.validation.shacl import ValidationReport, Violation, validate_file

#: Quads of unit views per pySHACL run: runs stay small enough to be fast, and run in parallel.
BATCH_QUADS = 40_000


@cache
def _rules() -> str:
    """The digest of what validation depends on besides the data: the shapes and the ontology."""
    return digest("rules", *(p.read_bytes() for p in [*shape_files(), ontology_file()]))


@dataclass
class _Batch:
    """A batch of units: their triples in ``path``; each unit's cache key, first line, number of
    own lines, number of lines and the nodes it holds the types of (JSON, or empty) in
    ``path.units`` (a held batch's units, kept for :meth:`Validator._retyped`, also their cached
    violations, as JSON); with ``focused``, the nodes they answer for in ``path.focus``
    (units of the entities graph: the nodes they point to are there only with their types, which
    pySHACL would judge too). Documents' units are not focused: their every node is theirs."""

    path: Path
    focused: bool
    quads: int = 0

    @property
    def units(self) -> Path:
        return self.path.with_suffix(".units")

    @property
    def focus(self) -> Path | None:
        return self.path.with_suffix(".focus") if self.focused else None


def _validate_file(path: str, focus: str | None) -> list[Violation]:
    if not Path(path).stat().st_size:
        return []
    nodes = Path(focus).read_text(encoding="utf-8").split() if focus is not None else None
    return list(validate_file(path, focus=nodes).violations)


class Validator:
    """Collects units as the build writes them, and validates those the cache does not know, in
    batches of units: in ``jobs`` processes as each batch fills up when there are more than one,
    else all at the end.

    What it needs to cut the units is kept on disk (:class:`~kgbuild.validation.index.UnitIndex`), and
    the units in batch files, with each unit's cache key and the nodes it answers for beside
    them: its memory does not grow with the corpus. :meth:`close` removes them (``finish``
    does)."""

    def __init__(self, cache: BuildCache | None, *, jobs: int = 1, pool: Workers | None = None) -> None:
        self.cache = cache
        self.jobs = jobs
        self.known: list[Violation] = []
        self.batches: list[_Batch] = []
        self._folder = Path(tempfile.mkdtemp(prefix="kgbuild-validate-"))
        self._index = UnitIndex(self._folder / "units.sqlite")
        self._pool: Workers | None = pool
        self._owned = pool is None  # a pool given is the caller's to stop
        self._running: list[Callable[[], list[Violation]]] = []  # of the first batches, in order
        self._held: list[_Batch] = []  # cached units, to check (_retyped)
        self._stale: set[tuple[str, int]] = set()  # (batch file, unit) made again by _retyped
        self._cut = False  # the units put together (start)
        if jobs > 1:
            self._started()  # the processes get ready (imports, shapes) while the build links

    def entities(self, lines: Iterable[str]) -> None:
        """Lines of the entities graph (all in one call or in parts): given before the documents,
        so that only what the units need of the documents is kept."""
        self._index.add_entities(lines)

    @property
    def index(self) -> Path:
        """The SQLite file of the lookups, which workers read (:meth:`UnitIndex.part`) once the
        entities graph is given."""
        return self._index.path

    def document(self, name: str, lines: list[str], unit: DocumentUnit | None = None) -> None:
        """A document's graph: its unit is its lines, the entities graph's lines about the nodes
        it mentions, and the types of the nodes those point to. ``unit`` is what
        :func:`document_unit` gives for ``lines`` (a worker may have made it); the unit goes into
        a batch at once, and a full batch is validated while the build goes on. A node the unit
        points to may be typed by a later document too: :meth:`start` checks, and validates a unit
        whose nodes gained types again, with them."""
        unit = unit if unit is not None else document_unit(self._index, lines)
        self._index.add_document(unit.mentioned, unit.typed)
        self._unit_triples(len(lines), unit.view, pointed=unit.pointed, key=unit.key)

    def start(self) -> None:
        """Every document is in: the units whose nodes gained types are made again, and the
        entities graph's own nodes cut into units; with ``jobs``, each batch is set validating as
        it fills up (the build writes its store meanwhile)."""
        if self._cut:
            return
        self._cut = True
        self._retyped()
        for nodes in cut.chunks(self._index.only_in_entities()):
            found = self._index.lines_of("entity", nodes)
            whole = []
            for node in nodes:
                parts = cut.slices(found[node])
                if parts is None:
                    whole.append(node)
                for part in parts or ():
                    self._entity_unit([node], part)
            for run in cut.bounded(whole, found):
                self._entity_unit(run, [line for node in run for line in found[node]])
        rest = self.batches[len(self._running) :]
        if self._pool is not None or (self.jobs > 1 and len(rest) > 1):
            for batch in rest:
                self._full(batch)

    def finish(self) -> ValidationReport:
        """The report of the whole build: known violations, and those of the units just validated."""
        try:
            return self._finish()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the validating processes and remove the files of the units (the build calls it
        when it stops half-way)."""
        if self._pool is not None and self._owned:
            self._pool.stop()
        self._pool = None
        self._index.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _finish(self) -> ValidationReport:
        self.start()
        violations: list[Violation] = list(self.known)
        for batch, fresh in zip(self.batches, self._run(), strict=True):
            violations.extend(self._answer(batch, fresh))
        unique = {(v.focus, v.path, v.message, v.value): v for v in violations}
        ordered = tuple(sorted(unique.values(), key=lambda v: (v.label, v.path, v.message, v.focus, v.value)))
        return ValidationReport(not ordered, ordered, None)

    def _entity_unit(self, own: Iterable[str], lines: list[str]) -> None:
        """A unit of entities-graph nodes: their lines and the types of the nodes they point to."""
        referred = sorted({iri for line in lines for iri in iris(line)} - set(own))
        if lines:
            self._unit(len(lines), lines + self._index.typed(referred), focus=True)

    def _answer(self, batch: _Batch, fresh: list[Violation]) -> list[Violation]:
        """Each unit of a batch answers for its own nodes (the subjects of its first lines): their
        violations go into the cache under its key."""
        by_node: dict[str, list[Violation]] = defaultdict(list)
        for violation in fresh:
            by_node[f"<{violation.focus}>"].append(violation)
        # Lines end in "\n" alone: a literal may hold U+2028 and the like, which splitlines() splits at.
        lines = batch.path.read_text(encoding="utf-8").split("\n") if fresh else []
        found: list[Violation] = []
        for number, row in enumerate(batch.units.read_text(encoding="utf-8").splitlines()):
            key, first, own, *_ = row.split("\t")
            nodes = sorted({subject(line) for line in lines[int(first) : int(first) + int(own)]})
            mine = [v for node in nodes for v in by_node.get(node, ())]
            if self.cache is not None:  # a stale unit's too: the next build finds it, and remakes it
                self.cache.put_violations(key, mine)
            if (batch.path.name, number) not in self._stale:  # else validated again (_retyped)
                found.extend(mine)
        return found

    def _run(self) -> Iterable[list[Violation]]:
        """The violations of each batch, in order: from the processes they were given to, else
        (a single batch, or ``jobs`` 1) validated here."""
        rest = [_validate_file(*_task(batch)) for batch in self.batches[len(self._running) :]]
        return [*(result() for result in self._running), *rest]

    def _started(self) -> Workers:
        """The validating processes (see :class:`~kgbuild.validation.processes.Workers`): they
        validate each batch as it fills up, while the build goes on writing."""
        if self._pool is None:
            self._pool = Workers(self.jobs)
            self._owned = True
        return self._pool

    def _full(self, batch: _Batch) -> None:
        """``batch`` takes no more units: with ``jobs`` > 1, it and every batch before it not yet
        given to the processes are validated from now on, in order (with a pool of the caller's,
        from :meth:`start` on: until then its processes convert the documents this validator is
        given, and a batch would keep them from it)."""
        if self.jobs > 1 and (self._owned or self._cut):
            upto = self.batches.index(batch) + 1
            for waiting in self.batches[len(self._running) : upto]:
                self._running.append(self._started().submit("validating", _validate_file, *_task(waiting)))

    def _unit(self, own: int, view: list[str], *, focus: bool = False) -> None:
        """A unit: ``view`` (N-Quads lines), whose first ``own`` lines are about the nodes it answers
        for; with ``focus``, only those nodes are judged."""
        self._unit_triples(own, [_triple(line) for line in view], focus=focus)

    def _unit_triples(
        self,
        own: int,
        view: list[str],
        *,
        focus: bool = False,
        pointed: Iterable[str] = (),
        key: str | None = None,
    ) -> None:
        """A unit given as N-Triples lines (see :meth:`_unit`); ``pointed``, the nodes whose types it
        holds as known so far (checked by :meth:`_retyped`); ``key``, its digest if known."""
        key = key or _key(view)
        pointing = json.dumps(list(pointed), ensure_ascii=False) if pointed else ""
        cached = self.cache.violations(key) if self.cache is not None else None
        if cached is not None:
            if not pointing:
                self.known.extend(_violation(row) for row in cached)
                return
            # Its violations count unless later documents type its nodes otherwise (_retyped).
            if not self._held or self._held[-1].quads >= BATCH_QUADS:
                self._held.append(_Batch(self._folder / f"held-{len(self._held):05}.nt", focused=False))
            held = self._held[-1]
            with held.path.open("a", encoding="utf-8") as out:
                out.writelines(view)
            with held.units.open("a", encoding="utf-8") as units:
                known = json.dumps(cached, ensure_ascii=False)
                units.write(f"{key}\t{held.quads}\t{own}\t{len(view)}\t{pointing}\t{known}\n")
            held.quads += len(view)
            return
        last = self.batches[-1] if self.batches else None
        if last is None or last.quads >= BATCH_QUADS or last.focused != focus:
            if last is not None:
                self._full(last)
            path = self._folder / f"batch-{len(self.batches):05}.nt"
            self.batches.append(_Batch(path, focused=focus))
        batch = self.batches[-1]
        if batch.focus is not None:
            nodes = {subject(line) for line in view[:own]}
            if all(node.startswith("<") for node in nodes):
                with batch.focus.open("a", encoding="utf-8") as out:
                    out.writelines(f"{node[1:-1]}\n" for node in sorted(nodes))
            else:
                batch.focused = False  # a blank node cannot be named as a focus: judge every node
        with batch.path.open("a", encoding="utf-8") as spool:  # as triples: the shapes see one graph
            spool.writelines(view)
        with batch.units.open("a", encoding="utf-8") as units:
            units.write(f"{key}\t{batch.quads}\t{own}\t{len(view)}\t{pointing}\n")
        batch.quads += len(view)

    def _retyped(self) -> None:
        """Each document's unit took the types of the nodes it points to (an event's place) from
        its own lines and the entities graph; those that other documents type otherwise (a place
        only another report names) are made again with every type, as a unit put together after
        the last document would be, and the first unit's verdict is dropped."""
        held = {batch.path for batch in self._held}
        for batch in [*self._held, *self.batches]:  # one file at a time: memory stays flat
            if not batch.units.is_file():
                continue
            rows = [row.split("\t") for row in batch.units.read_text(encoding="utf-8").splitlines()]
            pointed = sorted({node for row in rows if row[4] for node in json.loads(row[4])})
            if not pointed:
                continue
            typed = self._index.types_of(pointed)
            lines = batch.path.read_text(encoding="utf-8").split("\n")  # lines end in "\n" alone
            for number, (_, first, own, size, pointing, *cached) in enumerate(rows):
                start = int(first)
                view = [f"{line}\n" for line in lines[start : start + int(size)]]
                nodes = json.loads(pointing or "[]")
                gained = sorted({t for node in nodes for t in typed.get(node, ())} - set(view))
                if gained:
                    self._stale.add((batch.path.name, number))
                    self._unit_triples(int(own), view + gained)
                elif batch.path in held:
                    self.known.extend(_violation(row) for row in json.loads(cached[0]))


@dataclass(frozen=True)
class DocumentUnit:
    """A document's validation unit as :meth:`Validator.document` takes it: its lines, the
    entities graph's about its nodes and the types of those they point to (``view``, N-Triples
    lines, the document's first), its digest (``key``), the nodes it holds the types of as the
    entities graph and the document give them (``pointed``), and what the index notes of it
    (``mentioned``, ``typed``: see :class:`~kgbuild.validation.index.DocumentPart`)."""

    view: list[str]
    key: str
    pointed: tuple[str, ...]
    mentioned: tuple[str, ...]
    typed: tuple[tuple[str, str, str], ...]


def document_unit(index: UnitIndex, lines: list[str]) -> DocumentUnit:
    """The unit of a document with these N-Quads lines: only reads ``index``, so that a worker
    process may make it while the build writes (see :mod:`kgbuild.building.graphs`)."""
    part = index.part(lines)
    view = [_triple(line) for line in (*lines, *part.extra)]
    return DocumentUnit(view, _key(view), part.pointed, part.mentioned, part.typed)


def _triple(line: str) -> str:
    """An N-Quads line as the N-Triples line of its triple."""
    return line.rsplit(" ", 2)[0] + " .\n"


def _key(view: list[str]) -> str:
    """A unit's cache key: its lines (each ends in its only "\\n"), sorted, as one text."""
    return digest("unit", _rules(), "".join(sorted(view)))


def _task(batch: _Batch) -> tuple[str, str | None]:
    return str(batch.path), None if batch.focus is None else str(batch.focus)


def _violation(row: dict[str, Any]) -> Violation:
    sources = tuple(tuple(s) for s in row.get("sources", ()))
    return Violation(**{**row, "sources": sources})
