"""The shapes as pySHACL judges them fastest, with the same verdicts (see :mod:`kgbuild.validation.shacl`).

pySHACL validates a property shape reached through a node shape's ``sh:property`` once per focus
node, building its constraints again each time; a property shape with targets of its own is
validated once over all its focus nodes. Both give the same results: a focus node's results
against ``sh:property`` are those of validating it against the property shape (SHACL §4.8.2,
https://www.w3.org/TR/shacl/#PropertyConstraintComponent). :func:`flat_shapes` gives each
property shape its node shape's targets. pySHACL's ``focus_nodes`` option compares every target
with every given node (a list), which grows with the square of a unit batch; :func:`focused`
names the given nodes each shape targets instead (``sh:targetNode``), the same focus nodes.
:class:`PreparedGraph` parses each SPARQL constraint once, not once per focus node, and
:func:`read_ntriples` reads a unit batch with pyoxigraph's parser (twice as fast as rdflib's).
:func:`read_store` reads a unit batch into an Oxigraph store instead, which pySHACL judges through
its own Oxigraph backend (``pyshacl[oxigraph]``): the batch is read six times faster than into
rdflib's memory store, and the SPARQL constraints run in Oxigraph; only batches whose every term
the store keeps as written (see :func:`read_store`). pySHACL is given the store as a
:class:`~kgbuild.validation.oxgraph.StoreGraph`, which converts each term between rdflib and
Oxigraph once for a batch, not at every look-up (a third fewer instructions for a batch).

Both rewrites assume shapes that use no shape-expecting parameter but ``sh:property`` (no
``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``), no
SHACL-AF targets and no implicit class targets; with any of them (:func:`rewritable` says), the
shapes are given to pySHACL as written. ``tests/test_fastpath.py`` checks that the verdicts are
those of pySHACL on the shapes as written, on every shape's conforming and violating cases.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier, Node

#: How a shape names its focus nodes (SHACL §2.1.3).
TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_TARGET_NODE = SH.targetNode

#: Parameters that make pySHACL validate another shape from inside a shape.
_NESTING = (SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape)


#: What pySHACL's advanced mode (SHACL Advanced Features) acts on: rules, custom targets and
#: target types, functions.
_ADVANCED = (SH.rule, SH.target)
_ADVANCED_TYPES = (
    SH.SPARQLFunction,
    SH.SPARQLTargetType,
    SH.JSFunction,
    SH.JSTargetType,
    SH.SPARQLRule,
    SH.TripleRule,
)


def advanced(shapes: Graph) -> bool:
    """Whether ``shapes`` use a SHACL Advanced Feature (pySHACL's ``advanced`` mode): without
    one, that mode changes no verdict and costs a fifth of the time."""
    return any(True for p in _ADVANCED for _ in shapes.triples((None, p, None))) or any(
        True for kind in _ADVANCED_TYPES for _ in shapes.triples((None, RDF.type, kind))
    )


def rewritable(shapes: Graph) -> bool:
    """Whether :func:`flat_shapes` and :func:`focused` keep pySHACL's verdicts on ``shapes``."""
    nested = any(True for p in _NESTING for _ in shapes.triples((None, p, None)))
    advanced = any(True for _ in shapes.triples((None, SH.target, None)))
    implicit = any(
        (shape, RDF.type, kind) in shapes
        for shape in {*shapes.subjects(RDF.type, SH.NodeShape), *shapes.subjects(RDF.type, SH.PropertyShape)}
        for kind in (RDFS.Class, OWL.Class)
    )
    return not (nested or advanced or implicit)


#: Parameters whose literals pySHACL compares with the data's values as terms.
_VALUED = (SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
#: What a SPARQL-based constraint's query is in.
_QUERIES = (SH.select, SH.ask)


def judged_otherwise_in_a_store(shapes: Graph) -> bool:
    """Whether ``shapes`` judge otherwise in pySHACL's Oxigraph backend, which gives the data's
    ``"a"`` as ``"a"^^xsd:string`` (rdflib's ``"a"`` is another term), so that
    :func:`read_store`'s stores are not for them: they compare values with a string literal (in
    ``sh:in``, ``sh:hasValue``, a bound; or ``xsd:string`` in a query), a constraint has no
    ``sh:message`` (pySHACL's own message writes the value, datatype and all), or they declare a
    constraint component of their own (the backend raises on a SPARQL ASK validator)."""
    values = [value for p in _VALUED for value in shapes.objects(None, p)]
    for head in shapes.objects(None, SH["in"]):
        values.extend(Collection(shapes, head))
    strings = any(
        isinstance(v, Literal) and v.datatype in (None, XSD.string) and not v.language for v in values
    )
    typed = any(
        "XMLSchema#string" in q or "xsd:string" in q
        for p in _QUERIES
        for q in map(str, shapes.objects(None, p))
    )
    constraints = {*shapes.subjects(SH.path, None), *shapes.objects(None, SH.sparql)}
    unsaid = any((c, SH.message, None) not in shapes for c in constraints)
    custom = (None, RDF.type, SH.ConstraintComponent) in shapes  # the backend raises on some
    return strings or typed or unsaid or custom


def flat_shapes(shapes: Graph) -> Graph:
    """A copy of ``shapes`` in which each property shape of a node shape with targets (and of no
    other node shape) has those targets itself, and is no longer the node shape's ``sh:property``."""
    flat = Graph()
    for triple in shapes:
        flat.add(triple)
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = [(p, o) for p in TARGETS for o in shapes.objects(node, p)]
        if not targets or (node, SH.deactivated, None) in shapes:
            continue
        for prop in set(shapes.objects(node, SH.property)):
            shared = len(set(shapes.subjects(SH.property, prop))) > 1
            if shared or any((prop, p, None) in shapes for p in TARGETS):
                continue
            flat.remove((node, SH.property, prop))
            for p, o in targets:
                flat.add((prop, p, o))
    return flat


def focused(shapes: Graph, data: Graph | ox.Store, focus: Sequence[str]) -> Graph:
    """A copy of ``shapes`` whose targets are the nodes of ``focus`` (IRIs) that they target in
    ``data`` (a graph, or a store :func:`read_store` filled), each named by ``sh:targetNode``: the
    focus nodes pySHACL's ``focus_nodes`` option leaves them."""
    lookup: _Lookup = _StoreView(data) if isinstance(data, ox.Store) else data
    nodes = [URIRef(node) for node in focus]
    given, of_class = set(nodes), defaultdict[Node, list[URIRef]](list)
    for node in nodes:
        for cls in _classes(lookup, node):
            of_class[cls].append(node)
    out = Graph()
    for s, p, o in shapes:
        if p not in TARGETS:
            out.add((s, p, o))
    for shape in {s for p in TARGETS for s in shapes.subjects(p, None)}:
        named, classes, subjects_of, objects_of = (set(shapes.objects(shape, p)) for p in TARGETS)
        targets = {node for node in named if node in given}
        targets.update(node for cls in classes for node in of_class.get(cls, ()))
        if subjects_of or objects_of:
            targets.update(
                node
                for node in nodes
                if any((node, p, None) in lookup for p in subjects_of)
                or any((None, p, node) in lookup for p in objects_of)
            )
        out.addN((shape, _TARGET_NODE, node, out) for node in targets)
    return out


def _classes(data: _Lookup, node: URIRef) -> set[Node]:
    """The classes of ``node``: its types and their superclasses (``rdfs:subClassOf*``)."""
    found: set[Node] = set()
    todo = list(data.objects(node, RDF.type))
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(data.objects(cls, RDFS.subClassOf))
    return found


class _Lookup(Protocol):
    """What :func:`focused` asks of the data: an rdflib graph, or a :class:`_StoreView`."""

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]: ...

    def __contains__(self, triple: tuple[Node | None, Node | None, Node | None]) -> bool: ...


class _StoreView:
    """An Oxigraph store answering what :func:`focused` asks of a graph, as rdflib's graph
    would (nothing about a literal subject, which a store cannot even be asked about)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        if isinstance(subject, Literal) or not isinstance(predicate, URIRef):
            return
        for quad in self.store.quads_for_pattern(_resource(subject), ox.NamedNode(predicate), None, None):
            yield _named(quad.object)

    def __contains__(self, triple: tuple[Node | None, Node | None, Node | None]) -> bool:
        subject, predicate, obj = triple
        if isinstance(subject, Literal) or not (predicate is None or isinstance(predicate, URIRef)):
            return False
        s = None if subject is None else _resource(subject)
        p = None if predicate is None else ox.NamedNode(predicate)
        o = None if obj is None else _ox(obj)
        return any(True for _ in self.store.quads_for_pattern(s, p, o, None))


def _resource(term: Node) -> ox.NamedNode | ox.BlankNode:
    """A subject as the store takes it: an IRI or a blank node (by its label)."""
    return ox.BlankNode(str(term)) if isinstance(term, BNode) else ox.NamedNode(str(term))


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if not isinstance(term, Literal):
        return _resource(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _named(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """A term of the store as rdflib's (a blank node by its label: the view looks it up again)."""
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    assert not isinstance(node, ox.Triple)
    return _term(node)


@cache
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class PreparedGraph(Graph):
    """A graph whose SPARQL queries are parsed once per text. pySHACL runs a SPARQL constraint's
    query for each focus node with the node bound (``initBindings``), and rdflib parses the text
    each time: 20–30 ms a query, most of a unit batch's validation."""

    def query(  # noqa: PLR0917 (rdflib's Graph.query, parameter for parameter)
        self,
        query_object: str | Query,
        processor: str | Processor = "sparql",
        result: str | type[Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs and processor == "sparql":
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def read_ntriples(path: str, graph: Graph) -> Graph:
    """``graph`` with the triples of the N-Triples file ``path``, the terms rdflib's own parser
    makes (a plain literal has no datatype; a blank node label, a fresh blank node). pyoxigraph
    reads the file's lines, each once (a unit batch repeats the entities graph's lines about the
    nodes its documents share), unless they write ``xsd:string`` or a language tag in capitals,
    which pyoxigraph's terms do not tell (``"a"`` is ``"a"^^xsd:string``, ``@EN`` is ``@en``),
    or hold what pyoxigraph refuses and rdflib takes (``<https://e.org/a%zz>``): then rdflib."""
    data = Path(path).read_bytes()
    if _ambiguous(data):
        return graph.parse(path, format="nt")
    lines = b"\n".join(dict.fromkeys(data.split(b"\n")))  # lines end in "\n" alone: not splitlines()
    try:
        quads = list(ox.parse(input=lines, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        return graph.parse(path, format="nt")
    made: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = made.get(node)
        if found is None:
            found = made[node] = _term(node)
        return found

    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    return graph


def read_store(path: str, *more: str) -> ox.Store | None:
    """An Oxigraph store with the triples of the N-Triples file ``path`` and of the N-Triples texts
    ``more`` (the ontology), in its default graph; None when the store would not keep every term
    as written, so that pySHACL would not judge the terms rdflib's parser makes (or when pyoxigraph
    refuses what rdflib takes). Oxigraph writes an XML Schema literal in its canonical form
    (``"007"^^xsd:integer`` is ``"7"``, the booleans ``"1"`` and ``"true"`` one term) and a
    language tag in small letters, and cannot tell ``"a"`` from ``"a"^^xsd:string``; what kgbuild
    writes is kept: integers, dates, ``true`` and ``false``, ``xsd:anyURI`` (kept as written).
    pySHACL then gives a plain literal of the store as ``"a"^^xsd:string`` (see
    :func:`judged_otherwise_in_a_store`)."""
    data = Path(path).read_bytes()  # as bytes: the store and the checks take them as they are
    if not (_faithful(data) and all(_known_faithful(part) for part in more)):
        return None
    store = ox.Store()
    try:
        for part in (data, *(part.encode("utf-8") for part in more)):
            store.bulk_load(input=part, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError:
        return None
    return store


def _faithful(data: bytes) -> bool:
    """Whether an Oxigraph store keeps every term of the N-Triples ``data`` (UTF-8) as written:
    nothing :func:`_ambiguous`, and every XML Schema literal of a form in :data:`_CANONICAL`
    (counted: anything else that looks like one, even inside a literal, counts against)."""
    typed = data.count(b'"^^<' + _XSD)
    escaped = _ESCAPED_DATATYPE.search(data) is not None  # <…XMLSchema\u0023string> is xsd:string
    return not (escaped or _ambiguous(data)) and typed == len(_CANONICAL.findall(data))


@lru_cache(maxsize=4)
def _known_faithful(text: str) -> bool:
    """:func:`_faithful` of texts given again and again (the ontology, with every batch)."""
    return _faithful(text.encode("utf-8"))


def _term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode()  # one per label: each label is made once (read_ntriples remembers)
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value) if datatype == _STRING else Literal(node.value, datatype=URIRef(datatype))


_STRING = str(XSD.string)
_XSD = str(XSD).encode("ascii")
_EXPLICIT_STRING = f"^^<{_STRING}>".encode("ascii")
#: A language tag with capitals (or what looks like one inside a literal: then it is read by rdflib).
_CAPITALS = re.compile(rb'"@[a-z0-9-]*[A-Z]')
#: A datatype IRI written with an escape, which the look-ups by text below would not see.
_ESCAPED_DATATYPE = re.compile(rb"\^\^<[^>\n]*\\")
#: The XML Schema literals an Oxigraph store keeps as written (in their canonical forms), as an
#: object (after a space; a quote inside a literal is escaped, so never matched here), in one
#: pattern (one pass over a batch): integers, dates, booleans, and xsd:anyURI in any form without
#: escapes (kept as written).
_DAY = rb"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_CANONICAL = re.compile(
    rb' "(?:(?:0|-?[1-9][0-9]*)"\^\^<' + re.escape(_XSD) + rb"integer>"
    rb"|" + _DAY + rb'"\^\^<' + re.escape(_XSD) + rb"date>"
    rb'|(?:true|false)"\^\^<' + re.escape(_XSD) + rb"boolean>"
    rb'|[^"\\\n]*"\^\^<' + re.escape(_XSD) + rb"anyURI>)"
)


def _ambiguous(data: bytes) -> bool:
    """Whether the N-Triples ``data`` (UTF-8) writes what pyoxigraph's terms lose: an explicit
    ``xsd:string``, a language tag's capitals."""
    return _EXPLICIT_STRING in data or _CAPITALS.search(data) is not None
