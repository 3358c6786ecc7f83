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

import json
import multiprocessing
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kgbuild.buildcache import BuildCache, digest
from kgbuild.resources import ontology_file, shape_files
from kgbuild.shacl import ValidationReport, Violation, shapes_graph, validate_graph


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


#: Constraint components that judge each value of a property alone (sh:minCount aside).
_PER_VALUE = {
    SH.path, SH["class"], SH.datatype, SH.nodeKind, SH.minLength, SH.maxLength, SH.pattern,
    SH.flags, SH["in"], SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.minCount, SH.message, SH.severity, SH.name, SH.description, SH.order,
}  # fmt: skip


@cache
def _splittable() -> dict[str, int]:
    """The predicates (as N-Triples IRIs) whose values a unit may hold a part of, each with the
    most values a shape asks for (sh:minCount): every property shape on them judges each value
    alone, and the shapes use them nowhere else (no other path, no SPARQL query)."""
    shapes = shapes_graph()
    texts = " ".join(str(o) for p in (SH.select, SH.ask) for o in shapes.objects(None, p))
    found: dict[str, int] = {}
    for path in set(shapes.objects(None, SH.path)):
        if not isinstance(path, URIRef):
            continue
        owners = set(shapes.subjects(SH.path, path))
        uses = sum(1 for _ in shapes.subject_predicates(path))
        judged_alone = all(p in _PER_VALUE for shape in owners for p in shapes.predicates(shape))
        if judged_alone and uses == len(owners) and path.fragment not in texts and str(path) not in texts:
            counts = [int(str(c)) for shape in owners for c in shapes.objects(shape, SH.minCount)]
            found[f"<{path}>"] = max(counts, default=0)
    return found


#: Lines of one predicate of one node above which its values are validated in slices of this many
#: (when the shapes allow, see :func:`_splittable`): a merge record of a mention in every report
#: is not one pySHACL run over the whole corpus's mentions.
SLICE_LINES = 2_000


#: Quads of unit views per pySHACL run: runs stay small enough to be fast, and run in parallel.
BATCH_QUADS = 40_000


#: About one node in this many starts a new unit of the entities graph (see :func:`_chunks`).
CHUNK_NODES = 256


def _chunks(nodes: Iterable[str]) -> Iterable[list[str]]:
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
    units: list[tuple[str, int, int]] = field(default_factory=list)  # (cache key, first line, own lines)
    quads: int = 0
    #: The nodes its units answer for, when only those are judged (units of the entities graph:
    #: the nodes they point to are there only with their types, which pySHACL would judge too);
    #: None for documents' units, whose every node is theirs.
    focus: list[str] | None = None


def _validate_file(path: str, focus: list[str] | None) -> list[Violation]:
    data = Graph().parse(path, format="nt")
    return list(validate_graph(data, focus=focus).violations) if len(data) else []


_TABLES = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE entity (node TEXT NOT NULL, line TEXT NOT NULL);  -- the entities graph, by subject
CREATE INDEX entity_node ON entity (node);
CREATE TABLE referred (node TEXT PRIMARY KEY) WITHOUT ROWID;    -- IRIs the entities graph points to
CREATE TABLE mentioned (node TEXT PRIMARY KEY) WITHOUT ROWID;   -- entity nodes a document mentions
CREATE TABLE typed (node TEXT NOT NULL, line TEXT NOT NULL);   -- documents' rdf:type lines of those
CREATE INDEX typed_node ON typed (node);
"""

#: The lines about some nodes (given as one JSON array), and which of them are referred to.
_LINES_OF = {
    "entity": "SELECT node, line FROM entity WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
    "typed": "SELECT node, line FROM typed WHERE node IN (SELECT value FROM json_each(?)) ORDER BY rowid",
}
_REFERRED = "SELECT node FROM referred WHERE node IN (SELECT value FROM json_each(?))"


class Validator:
    """Collects units as the build writes them, then validates those the cache does not know, in
    batches of units (in ``jobs`` processes when there are more than one).

    What it needs to cut the units (the entities graph's lines, the rdf:type lines of the nodes
    that graph points to) is kept on disk in SQLite, and the units in batch files: its memory does
    not grow with the corpus but by a cache key per unit. :meth:`close` removes them (``finish``
    does)."""

    def __init__(self, cache: BuildCache | None, *, jobs: int = 1) -> None:
        self.cache = cache
        self.jobs = jobs
        self.known: list[Violation] = []
        self.batches: list[_Batch] = []
        self._folder = Path(tempfile.mkdtemp(prefix="kgbuild-validate-"))
        self._db = sqlite3.connect(self._folder / "units.sqlite")
        self._db.executescript(_TABLES)

    @property
    def pending(self) -> int:
        return sum(len(b.units) for b in self.batches)

    def entities(self, lines: Iterable[str]) -> None:
        """Lines of the entities graph (all in one call or in parts): given before the documents,
        so that only what the units need of the documents is kept."""
        with self._db:
            for line in lines:
                iris = _iris(line)
                self._db.execute("INSERT INTO entity VALUES (?, ?)", (iris[0], line))
                if len(iris) > 1:
                    self._db.execute("INSERT OR IGNORE INTO referred VALUES (?)", (iris[1],))

    def document(self, name: str, lines: list[str]) -> None:
        nodes = sorted({iri for line in lines for iri in _iris(line)})
        entity = self._lines_of("entity", nodes)
        typed = f" <{RDF.type}> "
        types = [(_subject(line), line) for line in lines if typed in line]
        referred = self._referred(sorted({node for node, _ in types}))
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO mentioned VALUES (?)", ((n,) for n in entity))
            self._db.executemany("INSERT INTO typed VALUES (?, ?)", (t for t in types if t[0] in referred))
        self._unit(len(lines), [*lines, *(e for node in nodes for e in entity.get(node, ()))])

    def finish(self) -> ValidationReport:
        """The report of the whole build: known violations, and those of the units just validated."""
        try:
            return self._finish()
        finally:
            self.close()

    def close(self) -> None:
        """Remove the files of the units (the build calls it when it stops half-way)."""
        self._db.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _finish(self) -> ValidationReport:
        rest = self._db.execute(  # the merge records, and what only the entities graph holds
            "SELECT DISTINCT node FROM entity WHERE node NOT IN (SELECT node FROM mentioned) ORDER BY node"
        )
        for nodes in _chunks(node for (node,) in rest):
            found = self._lines_of("entity", nodes)
            whole = [node for node in nodes if not self._sliced(node, found[node])]
            for part in _bounded(whole, found):
                self._entity_unit(part, [line for node in part for line in found[node]])
        violations: list[Violation] = list(self.known)
        for batch, fresh in zip(self.batches, self._run(), strict=True):
            violations.extend(self._answer(batch, fresh))
        unique = {(v.focus, v.path, v.message, v.value): v for v in violations}
        ordered = tuple(sorted(unique.values(), key=lambda v: (v.label, v.path, v.message, v.focus, v.value)))
        return ValidationReport(not ordered, ordered, None)

    def _entity_unit(self, own: Iterable[str], lines: list[str]) -> None:
        """A unit of entities-graph nodes: their lines and the types of the nodes they point to."""
        referred = sorted({iri for line in lines for iri in _iris(line)} - set(own))
        if lines:
            self._unit(len(lines), lines + self._typed(referred), focus=True)

    def _sliced(self, node: str, lines: list[str]) -> bool:
        """Cut a node with very many values of a predicate into units that each hold a slice of
        them and all its other lines (when the shapes allow: :func:`_splittable`)."""
        splittable = _splittable()
        by_predicate: dict[str, list[str]] = defaultdict(list)
        for line in lines:
            by_predicate[line.split(" ", 2)[1]].append(line)
        predicate, values = max(by_predicate.items(), key=lambda item: len(item[1]))
        if len(values) <= SLICE_LINES or predicate not in splittable:
            return False
        size = max(SLICE_LINES, splittable[predicate])  # each slice meets the shapes' sh:minCount
        slices = [values[start : start + size] for start in range(0, len(values), size)]
        if len(slices) > 1 and len(slices[-1]) < size:
            slices[-2:] = [slices[-2] + slices[-1]]
        rest = [line for line in lines if line.split(" ", 2)[1] != predicate]
        for part in slices:
            self._entity_unit([node], rest + part)
        return True

    def _answer(self, batch: _Batch, fresh: list[Violation]) -> list[Violation]:
        """Each unit of a batch answers for its own nodes (the subjects of its first lines): their
        violations go into the cache under its key."""
        by_node: dict[str, list[Violation]] = defaultdict(list)
        for violation in fresh:
            by_node[f"<{violation.focus}>"].append(violation)
        lines = batch.path.read_text(encoding="utf-8").splitlines() if fresh else []
        found: list[Violation] = []
        for key, first, own in batch.units:
            nodes = sorted({_subject(line) for line in lines[first : first + own]})
            mine = [v for node in nodes for v in by_node.get(node, ())]
            if self.cache is not None:
                self.cache.put_violations(key, mine)
            found.extend(mine)
        return found

    def _run(self) -> Iterable[list[Violation]]:
        tasks = [(str(b.path), b.focus) for b in self.batches]
        if self.jobs <= 1 or len(tasks) < 2:
            return [_validate_file(*task) for task in tasks]
        # Fresh processes, not forks: by now the build holds the linking of the whole corpus, and
        # a fork's copy of it (pages copied as Python touches them) would cost each worker as much.
        context = multiprocessing.get_context("spawn")
        with context.Pool(min(self.jobs, len(tasks))) as pool:
            return pool.starmap(_validate_file, tasks, chunksize=1)

    def _lines_of(self, table: Literal["entity", "typed"], nodes: list[str]) -> dict[str, list[str]]:
        """The lines of ``table`` about each of ``nodes`` that has any, in the order they came."""
        found: dict[str, list[str]] = defaultdict(list)
        for node, line in self._db.execute(_LINES_OF[table], (json.dumps(nodes),)):
            found[node].append(line)
        return found

    def _referred(self, nodes: list[str]) -> set[str]:
        """Those of ``nodes`` that the entities graph points to."""
        return {node for (node,) in self._db.execute(_REFERRED, (json.dumps(nodes),))}

    def _typed(self, nodes: list[str]) -> list[str]:
        """The rdf:type statements about ``nodes``, from their documents and the entities graph."""
        typed = f" <{RDF.type}> "
        documents, entity = self._lines_of("typed", nodes), self._lines_of("entity", nodes)
        return [
            line
            for node in nodes
            for line in [*documents.get(node, ()), *(e for e in entity.get(node, ()) if typed in e)]
        ]

    def _unit(self, own: int, view: list[str], *, focus: bool = False) -> None:
        """A unit: ``view``, whose first ``own`` lines are about the nodes it answers for; with
        ``focus``, only those nodes are judged."""
        key = digest("unit", _rules(), *sorted(view))
        cached = self.cache.violations(key) if self.cache is not None else None
        if cached is not None:
            self.known.extend(_violation(row) for row in cached)
            return
        last = self.batches[-1] if self.batches else None
        if last is None or last.quads >= BATCH_QUADS or (last.focus is not None) != focus:
            path = self._folder / f"batch-{len(self.batches):05}.nt"
            self.batches.append(_Batch(path, focus=[] if focus else None))
        batch = self.batches[-1]
        if batch.focus is not None:
            nodes = {_subject(line) for line in view[:own]}
            if all(node.startswith("<") for node in nodes):
                batch.focus.extend(sorted(node[1:-1] for node in nodes))
            else:
                batch.focus = None  # a blank node cannot be named as a focus: judge every node
        with batch.path.open("a", encoding="utf-8") as spool:  # as triples: the shapes see one graph
            spool.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in view)
        batch.units.append((key, batch.quads, own))
        batch.quads += len(view)


def _bounded(nodes: list[str], lines: dict[str, list[str]]) -> Iterable[list[str]]:
    """``nodes`` in runs of at most about ``SLICE_LINES`` lines (a node with more, alone)."""
    run: list[str] = []
    size = 0
    for node in nodes:
        if run and size + len(lines[node]) > SLICE_LINES:
            yield run
            run, size = [], 0
        run.append(node)
        size += len(lines[node])
    if run:
        yield run


def _violation(row: dict[str, Any]) -> Violation:
    sources = tuple(tuple(s) for s in row.get("sources", ()))
    return Violation(**{**row, "sources": sources})
