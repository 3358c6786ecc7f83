"""Validation by units, so that a rebuild checks only what changed.

A unit is one document's graph together with what the entities graph says about the nodes it
mentions (their reconciled labels and names): what the shapes need to judge those nodes. The
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

import multiprocessing
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph

from kgbuild.buildcache import BuildCache, digest
from kgbuild.resources import ontology_file, shape_files
from kgbuild.shacl import ValidationReport, Violation, validate_graph


@cache
def _rules() -> str:
    """The digest of what validation depends on besides the data: the shapes and the ontology."""
    return digest("rules", *(p.read_bytes() for p in [*shape_files(), ontology_file()]))


def _subject(line: str) -> str:
    return line.split(" ", 1)[0]


def _iris(line: str) -> list[str]:
    """The subject, and the object when it is an IRI, of an N-Quads line."""
    parts = line.split(" ", 1)
    rest = parts[1].rsplit(" ", 2)[0] if len(parts) > 1 else ""  # drop the graph name and " ."
    value = rest.split(" ", 1)[1] if " " in rest else ""
    return [parts[0], value] if value.startswith("<") and value.endswith(">") else [parts[0]]


#: Quads of unit views per pySHACL run: runs stay small enough to be fast, and run in parallel.
BATCH_QUADS = 40_000


#: About one node in this many starts a new unit of the entities graph (see :func:`_chunks`).
CHUNK_NODES = 256


def _chunks(nodes: list[str]) -> Iterable[list[str]]:
    """Sorted nodes cut where a node's digest says so, not every so many nodes: a node added or
    removed changes the one unit it falls in, and the units after it keep their cache keys."""
    chunk: list[str] = []
    for node in nodes:
        if chunk and int(digest("chunk", node)[:8], 16) % CHUNK_NODES == 0:
            yield chunk
            chunk = []
        chunk.append(node)
    if chunk:
        yield chunk


@dataclass
class _Batch:
    path: Path
    units: list[tuple[str, set[str]]] = field(default_factory=list)  # (cache key, own subjects)
    quads: int = 0


def _validate_file(path: str) -> list[Violation]:
    data = Graph().parse(path, format="nt")
    return list(validate_graph(data).violations) if len(data) else []


@dataclass
class Validator:
    """Collects units as the build writes them, then validates those the cache does not know, in
    batches of units (in ``jobs`` processes when there are more than one)."""

    cache: BuildCache | None
    jobs: int = 1
    entity_lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    known: list[Violation] = field(default_factory=list)
    mentioned: set[str] = field(default_factory=set)  # entities-graph nodes a document mentions
    referred: set[str] = field(default_factory=set)  # IRIs the entities graph points to
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # node → rdf:type lines
    batches: list[_Batch] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(len(b.units) for b in self.batches)

    def entities(self, lines: Iterable[str]) -> None:
        """The entities graph's lines: given before the documents, so that only what the units
        need of the documents is kept."""
        for line in lines:
            self.entity_lines[_subject(line)].append(line)
            self.referred.update(_iris(line)[1:])

    def document(self, name: str, lines: list[str]) -> None:
        own = {_subject(line) for line in lines}
        nodes = {iri for line in lines for iri in _iris(line)}
        self.mentioned |= nodes & self.entity_lines.keys()
        typed = f" <{RDF.type}> "
        for line in lines:
            if typed in line and _subject(line) in self.referred:
                self.types[_subject(line)].append(line)
        view = [*lines, *(e for node in sorted(nodes) for e in self.entity_lines.get(node, ()))]
        self._unit(own, view)

    def finish(self) -> ValidationReport:
        """The report of the whole build: known violations, and those of the units just validated."""
        rest = [node for node in sorted(self.entity_lines) if node not in self.mentioned]
        for nodes in _chunks(rest):  # the merge records, and what only the entities graph holds
            own = set(nodes)
            lines = [line for node in nodes for line in self.entity_lines[node]]
            referred = sorted({iri for line in lines for iri in _iris(line)} - own)
            self._unit(own, lines + [t for node in referred for t in self._typed(node)])
        found: list[Violation] = list(self.known)
        try:
            for batch, fresh in zip(self.batches, self._run(), strict=True):
                by_node: dict[str, list[Violation]] = defaultdict(list)
                for violation in fresh:
                    by_node[f"<{violation.focus}>"].append(violation)
                for key, mine_nodes in batch.units:  # each unit answers for its own nodes
                    mine = [v for node in sorted(mine_nodes) for v in by_node.get(node, ())]
                    if self.cache is not None:
                        self.cache.put_violations(key, mine)
                    found.extend(mine)
        finally:
            for batch in self.batches:
                batch.path.unlink(missing_ok=True)
        unique = {(v.focus, v.path, v.message, v.value): v for v in found}
        violations = tuple(
            sorted(unique.values(), key=lambda v: (v.label, v.path, v.message, v.focus, v.value))
        )
        return ValidationReport(not violations, violations, None)

    def _run(self) -> Iterable[list[Violation]]:
        paths = [str(b.path) for b in self.batches]
        if self.jobs <= 1 or len(paths) < 2:
            return [_validate_file(p) for p in paths]
        # Fresh processes, not forks: by now the build holds the linking of the whole corpus, and
        # a fork's copy of it (pages copied as Python touches them) would cost each worker as much.
        context = multiprocessing.get_context("spawn")
        with context.Pool(min(self.jobs, len(paths))) as pool:
            return pool.map(_validate_file, paths, chunksize=1)

    def _typed(self, node: str) -> list[str]:
        """The rdf:type statements about a node, from its documents and the entities graph."""
        typed = f" <{RDF.type}> "
        return [*self.types.get(node, ()), *(e for e in self.entity_lines.get(node, ()) if typed in e)]

    def _unit(self, own: set[str], view: list[str]) -> None:
        key = digest("unit", _rules(), *sorted(view))
        cached = self.cache.violations(key) if self.cache is not None else None
        if cached is not None:
            self.known.extend(_violation(row) for row in cached)
            return
        if not self.batches or self.batches[-1].quads >= BATCH_QUADS:
            handle, path = tempfile.mkstemp(prefix="kgbuild-validate-", suffix=".nt")
            os.close(handle)
            self.batches.append(_Batch(Path(path)))
        batch = self.batches[-1]
        with batch.path.open("a", encoding="utf-8") as spool:  # as triples: the shapes see one graph
            spool.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in view)
        batch.units.append((key, own))
        batch.quads += len(view)


def _violation(row: dict[str, Any]) -> Violation:
    sources = tuple(tuple(s) for s in row.get("sources", ()))
    return Violation(**{**row, "sources": sources})
