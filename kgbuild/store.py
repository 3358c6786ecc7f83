"""The embedded store: build outputs and RDF files loaded into pyoxigraph for fast SPARQL.

``--data`` takes build output folders (their ``graph.nq``) and RDF files (.ttl, .trig, .nq, .nt,
.jsonld, .rdf/.owl). The ontology is loaded into its own named graph, so queries can read the
labels of concepts and classes. Queries see the union of all graphs as their default graph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.errors import InputError, QueryError, UnknownNameError
from kgbuild.output import NQUADS, read_manifest
from kgbuild.resources import ontology_file
from kgbuild.vocab import ONTOLOGY_IRI, PREFIXES

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
#: Formats that carry no graph names: loaded into a named graph of their own.
_TRIPLE_FORMATS = {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.N3}


@dataclass(frozen=True)
class Result:
    """The solutions of a SELECT query: column names and rows of RDF terms (None when unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Identifier | None, ...], ...]

    def dicts(self) -> list[dict[str, Identifier | None]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def project(self, columns: Sequence[str]) -> Result:
        """Only ``columns``, in that order (duplicate rows kept)."""
        unknown = [c for c in columns if c not in self.columns]
        if unknown:
            raise UnknownNameError("column", unknown[0], self.columns)
        index = [self.columns.index(c) for c in columns]
        return Result(tuple(columns), tuple(tuple(row[i] for i in index) for row in self.rows))


def _load_file(store: ox.Store, path: Path) -> None:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format '{path.suffix}'; known: {', '.join(sorted(FORMATS))}")
    graph = ox.NamedNode(path.resolve().as_uri()) if fmt in _TRIPLE_FORMATS else None
    try:
        store.load(path=str(path), format=fmt, to_graph=graph) if graph else store.load(
            path=str(path), format=fmt
        )
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"{path}: cannot be loaded as {fmt.name}: {err}") from err


def open_store(data: Sequence[Path | str], *, ontology: bool = True) -> ox.Store:
    """An in-memory store holding every build output folder and RDF file in ``data``."""
    store = ox.Store()
    for item in data:
        path = Path(item)
        if path.is_dir():
            read_manifest(path)
            _load_file(store, path / NQUADS)
        elif path.is_file():
            _load_file(store, path)
        else:
            raise InputError(f"{path}: no such build output folder or RDF file")
    if ontology:
        store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_IRI))
    return store


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in results: {term!r}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def select(store: ox.Store, query: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
    """Run a SELECT query over the union of all graphs, with ``bindings`` substituted as RDF terms."""
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): to_oxigraph(term) for name, term in (bindings or {}).items()
    }
    try:
        solutions = store.query(
            query, prefixes=dict(PREFIXES), use_default_graph_as_union=True, substitutions=substitutions
        )
    except SyntaxError as err:
        raise QueryError(f"the query is not valid SPARQL: {err}") from err
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be run here (this one is an ASK, CONSTRUCT or DESCRIBE)")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(to_rdflib(s[c]) for c in columns) for s in solutions)
    return Result(columns, rows)
