"""SHACL validation (W3C SHACL, https://www.w3.org/TR/shacl/) of a built graph with pySHACL.

The shapes in ``shapes/`` are checked against the union of all graphs, with the ontology mixed in
so that ``sh:class`` sees subclasses (a kg:Person is a kg:Agent). Each violation is reported with
the focus node's label, the path, the shape's message and the source document and span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH
from rdflib.term import Identifier, Node

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import PREFIXES, short
from kgbuild.resources import shape_files
from kgbuild.validation.fastpath import (
    PreparedGraph,
    advanced,
    flat_shapes,
    focused,
    judged_otherwise_in_a_store,
    read_ntriples,
    read_store,
    rewritable,
)
from kgbuild.validation.oxgraph import StoreGraph


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str
    path: str
    message: str
    severity: str
    value: str
    shape: str
    sources: tuple[tuple[str, int, int, str], ...]  # (file, start, end, quote)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph | None  # pySHACL's own report (None when put together from several runs)

    def render(self) -> str:
        """A report a person can read: one block per violation, then a summary line."""
        if self.conforms:
            return "Conforms: the graph satisfies every shape.\n"
        blocks = []
        for v in self.violations:
            lines = [f"✗ {v.label} <{v.focus}>"]
            if v.path:
                lines.append(f"    path:    {v.path}")
            lines.append(f"    message: {v.message}")
            if v.value:
                lines.append(f"    value:   {v.value}")
            lines += [f"    source:  {f} [{s}:{e}] «{q}»" for f, s, e, q in v.sources[:3]]
            blocks.append("\n".join(lines))
        n = len(self.violations)
        return "\n\n".join(blocks) + f"\n\n{n} violation{'s' if n != 1 else ''} of the shapes.\n"


@cache
def _shapes() -> Graph:
    graph = Graph()
    for path in shape_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def _flat() -> Graph:
    return flat_shapes(_shapes())


@cache
def _ontology() -> tuple[tuple[Node, Node, Node], ...]:
    return tuple(ontology_graph())


@cache
def _ontology_nt() -> str:
    """The ontology as N-Triples, for an Oxigraph store."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in _ontology())
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


@cache
def _unfit_for_stores() -> bool:
    """Whether the shapes would judge otherwise in an Oxigraph store (see
    :func:`~kgbuild.validation.fastpath.judged_otherwise_in_a_store`): then no batch goes to one."""
    return judged_otherwise_in_a_store(_shapes())


@cache
def _advanced() -> bool:
    return advanced(_shapes())


def ready() -> None:
    """Read the shapes and the ontology now, not with the first graph to validate."""
    _flat()
    _ontology()
    _ontology_nt()
    _unfit_for_stores()


def shapes_graph() -> Graph:
    copy = Graph()
    for triple in _shapes():
        copy.add(triple)
    return copy


def _label(data: Graph, node: Node) -> str:
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = sorted(
            data.objects(node, prop), key=lambda lit: (getattr(lit, "language", "") != "ru", str(lit))
        )
        if labels:
            return str(labels[0])
    return short(node if isinstance(node, URIRef) else None, PREFIXES) or str(node)


def _span(data: Graph, ev: Node) -> tuple[str, int, int, str] | None:
    doc = data.value(ev, KG.inDocument)
    file = data.value(doc, KG.fileName) if doc is not None else None
    if file is None:
        return None
    start, end = _int(data.value(ev, KG.start)), _int(data.value(ev, KG.end))
    return str(file), start, max(start, end), str(data.value(ev, KG.quote) or "")


def _int(node: Node | None) -> int:
    """An integer literal's value; 0 when it is missing or not an integer (a report never crashes)."""
    try:
        return int(str(node)) if node is not None else 0
    except ValueError:
        return 0


def _sources(data: Graph, node: Node) -> tuple[tuple[str, int, int, str], ...]:
    """Where the facts about ``node`` come from: (file, start, end, quote) of its spans."""
    if (node, RDF.type, KG.Document) in data:
        return ((str(data.value(node, KG.fileName) or node), 0, _int(data.value(node, KG.charCount)), ""),)
    if (node, RDF.type, KG.Evidence) in data:
        spans = [node]
    elif (node, RDF.type, KG.Merge) in data:
        spans = list(data.objects(node, KG.mergedMention))
        spans += [
            ev for entity in data.objects(node, KG.mergedEntity) for ev in data.objects(entity, KG.evidence)
        ]
    else:
        spans = list(data.objects(node, KG.evidence))
    out = [span for ev in spans if (span := _span(data, ev))]
    if not out:
        out = [
            (str(data.value(d, KG.fileName) or d), 0, 0, "") for d in data.objects(node, PROV.wasDerivedFrom)
        ]
    return tuple(sorted(out))


def _term(node: Node | None) -> Identifier | None:
    return node if isinstance(node, Identifier) else None


def _violations(report: Graph, data: Graph) -> Iterable[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        yield Violation(
            focus=str(focus),
            label=_label(data, focus) if focus is not None else "",
            path=short(path, PREFIXES) if isinstance(path, URIRef) else str(path or ""),
            message=str(message or ""),
            severity=short(_term(report.value(result, SH.resultSeverity)), PREFIXES),
            value=(value.n3() if isinstance(value, Literal) else short(_term(value), PREFIXES))
            if value is not None
            else "",
            shape=str(report.value(result, SH.sourceShape) or ""),
            sources=_sources(data, focus) if focus is not None else (),
        )


def validate_graph(
    data: Graph, *, focus: Sequence[str] | None = None, inplace: bool = False
) -> ValidationReport:
    """Validate ``data`` (all graphs of a build, as one graph) against the shapes; with ``focus``
    (IRIs), only those nodes are judged (the rest of ``data`` is context they point to).

    pySHACL judges a copy of ``data`` with the ontology added; with ``inplace``, ``data`` itself
    (a :class:`~kgbuild.validation.fastpath.PreparedGraph` is fastest), which then holds the
    ontology too. The shapes are given to pySHACL as :mod:`kgbuild.validation.fastpath` writes
    them, with the same verdicts.
    """
    graph = data if inplace else PreparedGraph()
    graph.addN((s, p, o, graph) for s, p, o in _mixed(data, inplace))
    return _judged(graph, focus, lambda: data)


def validate_file(path: str, focus: Sequence[str] | None = None) -> ValidationReport:
    """Validate the N-Triples file ``path`` (a validation unit batch), as :func:`validate_graph`
    does its graph: pySHACL judges it in an Oxigraph store (its ``oxigraph`` backend) when the
    store keeps the file's terms as written (:func:`~kgbuild.validation.fastpath.read_store`) and
    the shapes judge alike there, else in rdflib's. The report's labels and sources are read with
    rdflib, when it has any."""
    store = None if _unfit_for_stores() else read_store(path, _ontology_nt())
    if store is None:
        return validate_graph(read_ntriples(path, PreparedGraph()), focus=focus, inplace=True)
    return _judged(store, focus, lambda: _graph_of(path))


def _graph_of(path: str) -> Graph:
    """What :func:`validate_graph` judges for the N-Triples file ``path``: its triples and the
    ontology's."""
    graph = read_ntriples(path, PreparedGraph())
    graph.addN((s, p, o, graph) for s, p, o in _mixed(graph, inplace=True))
    return graph


def _judged(
    target: Graph | ox.Store, focus: Sequence[str] | None, data: Callable[[], Graph]
) -> ValidationReport:
    """pySHACL's verdict on ``target`` (the data and the ontology), its results told with the
    labels and sources of ``data()`` (read only when there are results)."""
    shapes, nodes = _shapes(), list(focus) if focus else None
    if rewritable(shapes):
        shapes = _flat() if nodes is None else focused(_flat(), target, nodes)
        nodes = None
    rules = _advanced()  # SHACL-AF: rules may add to the data as it is judged
    conforms, report, _ = shacl_validate(
        StoreGraph(target, unchanging=not rules) if isinstance(target, ox.Store) else target,
        shacl_graph=shapes,
        inference="none",
        advanced=rules,
        allow_warnings=True,
        focus_nodes=nodes,
        inplace=True,
    )
    assert isinstance(report, Graph)
    if isinstance(target, ox.Store):
        report = _plain_strings(report)
    results = any(True for _ in report.subjects(RDF.type, SH.ValidationResult))
    found = _violations(report, data()) if results else ()
    violations = sorted(found, key=lambda v: (v.label, v.path, v.message, v.focus, v.value))
    return ValidationReport(bool(conforms), tuple(violations), report)


def _plain_strings(report: Graph) -> Graph:
    """pySHACL's report on an Oxigraph store, with the data's plain literals as rdflib has them:
    its Oxigraph backend gives ``"a"`` as ``"a"^^xsd:string`` (a store is only read from data
    without an explicit ``xsd:string``, see :func:`~kgbuild.validation.fastpath.read_store`), in
    a result's ``sh:value``. Blank nodes are the store's, which only builds that mint none
    (kgbuild's) can look up."""
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        for value in list(report.objects(result, SH.value)):
            if isinstance(value, Literal) and value.datatype == XSD.string:
                report.remove((result, SH.value, value))
                report.add((result, SH.value, Literal(str(value))))
    return report


def _mixed(data: Graph, inplace: bool) -> Iterator[tuple[Node, Node, Node]]:
    """What pySHACL's ``ont_graph`` adds to the data: the ontology (so that ``sh:class`` sees
    subclasses: a kg:Person is a kg:Agent); and the data itself unless it is judged in place."""
    if not inplace:
        yield from data
    yield from _ontology()
