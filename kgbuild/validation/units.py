"""Validation by units, so that a rebuild checks only what changed.

A unit is one document's graph together with what the entities graph says about the nodes it
mentions (their reconciled labels and names), and the types of the nodes those statements point to
(an event's place, its parent event), from whichever graphs give them: what the shapes need to
judge those nodes. Since a node may be typed by a document that comes later, documents' units are
put together when every document has been given (:meth:`Validator.finish`). The
merge records and anything else only the entities graph holds form more units, of a few hundred
nodes each, with the types of the nodes they point to. Each unit is keyed by a digest of the
shapes, the ontology and its quads; a unit whose key is in the build cache takes its violations
from there, and the units that changed are validated in batches of about ``BATCH_QUADS`` quads,
one pySHACL run each (in parallel with ``jobs``), since pySHACL slows down more than linearly
on large graphs.

The shapes judge a node by the statements of its document and the reconciled ones, so this is
what the whole-graph validation of ``kgbuild validate OUT`` says, unless two documents disagree
about a single-valued property of one node, which only the whole-graph validation sees.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from kgbuild.outdir.cache import BuildCache, digest
from kgbuild.resources import ontology_file, shape_files
from kgbuild.validation import cut
from kgbuild.validation.cut import iris, subject
from kgbuild.validation.index import UnitIndex
from kgbuild.validation.shacl import ValidationReport, Violation, validate_graph

#: Quads of unit views per pySHACL run: runs stay small enough to be fast, and run in parallel.
BATCH_QUADS = 40_000


@cache
def _rules() -> str:
    """The digest of what validation depends on besides the data: the shapes and the ontology."""
    return digest("rules", *(p.read_bytes() for p in [*shape_files(), ontology_file()]))


@dataclass
class _Batch:
    """A batch of units: their triples in ``path``; each unit's cache key, first line and number
    of own lines in ``path.units``; with ``focused``, the nodes they answer for in ``path.focus``
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
    data = Graph().parse(path, format="nt")
    nodes = Path(focus).read_text(encoding="utf-8").split() if focus is not None else None
    return list(validate_graph(data, focus=nodes).violations) if len(data) else []


class Validator:
    """Collects units as the build writes them, then validates those the cache does not know, in
    batches of units (in ``jobs`` processes when there are more than one).

    What it needs to cut the units is kept on disk (:class:`~kgbuild.validation.index.UnitIndex`), and
    the units in batch files, with each unit's cache key and the nodes it answers for beside
    them: its memory does not grow with the corpus. :meth:`close` removes them (``finish``
    does)."""

    def __init__(self, cache: BuildCache | None, *, jobs: int = 1) -> None:
        self.cache = cache
        self.jobs = jobs
        self.known: list[Violation] = []
        self.batches: list[_Batch] = []
        self._folder = Path(tempfile.mkdtemp(prefix="kgbuild-validate-"))
        self._index = UnitIndex(self._folder / "units.sqlite")
        self._pending = self._folder / "documents.jsonl"  # documents' units, until finish()

    def entities(self, lines: Iterable[str]) -> None:
        """Lines of the entities graph (all in one call or in parts): given before the documents,
        so that only what the units need of the documents is kept."""
        self._index.add_entities(lines)

    def document(self, name: str, lines: list[str]) -> None:
        """A document's graph: its unit is its lines, the entities graph's lines about the nodes
        it mentions, and the types of the nodes those point to (known once every document is
        given: the unit waits on disk until :meth:`finish`)."""
        nodes = sorted({iri for line in lines for iri in iris(line)})
        entity = self._index.add_document(lines, nodes)
        reconciled = [e for node in nodes for e in entity.get(node, ())]
        pointed = sorted({iri for line in reconciled for iri in iris(line)[1:]})
        with self._pending.open("a", encoding="utf-8") as spool:
            spool.write(json.dumps([len(lines), [*lines, *reconciled], pointed], ensure_ascii=False) + "\n")

    def finish(self) -> ValidationReport:
        """The report of the whole build: known violations, and those of the units just validated."""
        try:
            return self._finish()
        finally:
            self.close()

    def close(self) -> None:
        """Remove the files of the units (the build calls it when it stops half-way)."""
        self._index.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _finish(self) -> ValidationReport:
        if self._pending.is_file():
            with self._pending.open(encoding="utf-8") as spool:
                for row in spool:
                    own, view, pointed = json.loads(row)
                    have = set(view)
                    self._unit(own, view + [t for t in self._index.typed(pointed) if t not in have])
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
        lines = batch.path.read_text(encoding="utf-8").splitlines() if fresh else []
        found: list[Violation] = []
        for row in batch.units.read_text(encoding="utf-8").splitlines():
            key, first, own = row.split("\t")
            nodes = sorted({subject(line) for line in lines[int(first) : int(first) + int(own)]})
            mine = [v for node in nodes for v in by_node.get(node, ())]
            if self.cache is not None:
                self.cache.put_violations(key, mine)
            found.extend(mine)
        return found

    def _run(self) -> Iterable[list[Violation]]:
        tasks = [(str(b.path), None if b.focus is None else str(b.focus)) for b in self.batches]
        if self.jobs <= 1 or len(tasks) < 2:
            return [_validate_file(*task) for task in tasks]
        # Fresh processes, not forks: the build holds open SQLite files and the NLP models, which a
        # fork would carry into workers that need neither.
        context = multiprocessing.get_context("spawn")
        with context.Pool(min(self.jobs, len(tasks))) as pool:
            return pool.starmap(_validate_file, tasks, chunksize=1)

    def _unit(self, own: int, view: list[str], *, focus: bool = False) -> None:
        """A unit: ``view``, whose first ``own`` lines are about the nodes it answers for; with
        ``focus``, only those nodes are judged."""
        key = digest("unit", _rules(), *sorted(view))
        cached = self.cache.violations(key) if self.cache is not None else None
        if cached is not None:
            self.known.extend(_violation(row) for row in cached)
            return
        last = self.batches[-1] if self.batches else None
        if last is None or last.quads >= BATCH_QUADS or last.focused != focus:
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
            spool.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in view)
        with batch.units.open("a", encoding="utf-8") as units:
            units.write(f"{key}\t{batch.quads}\t{own}\n")
        batch.quads += len(view)


def _violation(row: dict[str, Any]) -> Violation:
    sources = tuple(tuple(s) for s in row.get("sources", ()))
    return Violation(**{**row, "sources": sources})
