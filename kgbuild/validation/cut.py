"""Cutting N-Quads lines into validation units (see :mod:`kgbuild.validation.units`).

The entities graph's own nodes are cut into chunks by their digests, chunks into runs of a
bounded number of lines, and a node with very many values of one predicate into slices of
them, where the shapes judge each value alone (:func:`splittable`, read from ``shapes/``).
Lines are handled as text: ``<s> <p> o <g> .``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from rdflib import URIRef
from rdflib.namespace import SH

from kgbuild.outdir.cache import digest
from kgbuild.validation.shacl import shapes_graph

#: About one node in this many starts a new chunk (see :func:`chunks`).
CHUNK_NODES = 256

#: Lines of one predicate of one node above which its values are validated in slices of this many
#: (when the shapes allow, see :func:`splittable`): a merge record of a mention in every report
#: is not one pySHACL run over the whole corpus's mentions. Also the most lines of a run of
#: nodes (:func:`bounded`).
SLICE_LINES = 2_000

#: Constraint components that judge each value of a property alone (sh:minCount aside).
_PER_VALUE = {
    SH.path, SH["class"], SH.datatype, SH.nodeKind, SH.minLength, SH.maxLength, SH.pattern,
    SH.flags, SH["in"], SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.minCount, SH.message, SH.severity, SH.name, SH.description, SH.order,
}  # fmt: skip


def subject(line: str) -> str:
    return line.split(" ", 1)[0]


def predicate(line: str) -> str:
    return line.split(" ", 2)[1]


def iris(line: str) -> list[str]:
    """The subject, and the object when it is an IRI, of an N-Quads line."""
    parts = line.split(" ", 2)
    if len(parts) < 3 or parts[2][:1] != "<":  # a literal (or a blank node) object
        return parts[:1]
    value, *end = parts[2].rsplit(" ", 2)  # the graph name and " ." dropped
    return [parts[0], value] if len(end) == 2 and value.endswith(">") else parts[:1]


def subjects_and_objects(lines: Iterable[str]) -> tuple[set[str], set[str]]:
    """The subjects of N-Quads ``lines`` and their objects that are IRIs (:func:`iris` of each line)."""
    subjects, objects = set(), set()
    for line in lines:
        found = iris(line)
        subjects.add(found[0])
        if len(found) > 1:
            objects.add(found[1])
    return subjects, objects


@cache
def splittable() -> dict[str, int]:
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


def chunks(nodes: Iterable[str]) -> Iterator[list[str]]:
    """Sorted nodes cut where a node's digest says so, not every so many nodes: a node added or
    removed changes the one chunk it falls in, and the chunks after it stay as they were."""
    chunk: list[str] = []
    for node in nodes:
        if chunk and int(digest("chunk", node)[:8], 16) % CHUNK_NODES == 0:
            yield chunk
            chunk = []
        chunk.append(node)
    if chunk:
        yield chunk


def bounded(nodes: list[str], lines: dict[str, list[str]]) -> Iterator[list[str]]:
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


def slices(lines: list[str]) -> list[list[str]] | None:
    """One node's lines cut into parts that each hold a slice of the values of its most frequent
    predicate and all its other lines, when that predicate has more than ``SLICE_LINES`` values
    and the shapes judge them one by one (:func:`splittable`); None when the node stays whole."""
    allowed = splittable()
    by_predicate: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        by_predicate[predicate(line)].append(line)
    cut, values = max(by_predicate.items(), key=lambda item: len(item[1]))
    if len(values) <= SLICE_LINES or cut not in allowed:
        return None
    size = max(SLICE_LINES, allowed[cut])  # each slice meets the shapes' sh:minCount
    parts = [values[start : start + size] for start in range(0, len(values), size)]
    if len(parts) > 1 and len(parts[-1]) < size:
        parts[-2:] = [parts[-2] + parts[-1]]
    rest = [line for line in lines if predicate(line) != cut]
    return [rest + part for part in parts]
