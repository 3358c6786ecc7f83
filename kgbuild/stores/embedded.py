"""The embedded store: build outputs and RDF files in pyoxigraph, for fast SPARQL.

A build writes its dataset into an on-disk store (``OUT/store``, by
:func:`kgbuild.outdir.output.write_store`; the ontology in its own named graph, so queries can read the
labels of concepts and classes); queries open it read-only, with nothing to load. ``--data`` may
also name several outputs or RDF files (.ttl, .trig, .nq, .nt, .jsonld, .rdf/.owl): they are
loaded into a store in memory. A query reads the dataset it names (``FROM``, ``FROM NAMED``, or the
protocol's ``default-graph-uri`` and ``named-graph-uri``); one that names none sees the union of all
graphs as its default graph. :func:`rdflib_dataset` gives the same store as an rdflib ``Dataset``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.errors import InputError, QueryError, UnknownNameError
from kgbuild.ontology.context import with_local_context
from kgbuild.ontology.vocab import ONTOLOGY_IRI, PREFIXES
from kgbuild.outdir.layout import NQUADS, STORE, read_manifest
from kgbuild.resources import ontology_file
from kgbuild.stores.sparql import Binding, names_dataset, refuse_service, with_values

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".rdfxml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
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
        source = {"input": _json_ld(path)} if fmt == ox.RdfFormat.JSON_LD else {"path": str(path)}
        if graph is None:
            store.load(format=fmt, **source)
        else:
            store.load(format=fmt, to_graph=graph, **source)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(f"{path}: cannot be loaded as {fmt.name}: {err}") from err


def _json_ld(path: Path) -> bytes:
    """A JSON-LD file with kgbuild's published context read from the bundled copy (no network)."""
    try:
        document = json.loads(path.read_bytes())
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: JSON-LD must be UTF-8 ({err})") from err
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}:{err.colno}: not JSON: {err.msg}") from err
    return json.dumps(with_local_context(document), ensure_ascii=False).encode("utf-8")


def _on_disk(path: Path) -> ox.Store | None:
    if (path / STORE).is_dir():
        try:
            return ox.Store.read_only(str(path / STORE))
        except OSError as err:
            raise InputError(
                f"{path / STORE}: the store cannot be opened ({err}); rebuild the output"
            ) from err
    return None


def open_store(data: Sequence[Path | str], *, ontology: bool = True) -> ox.Store:
    """A store holding every build output folder and RDF file in ``data``: a single build's own
    on-disk store (read-only), else one in memory."""
    if len(data) == 1 and Path(data[0]).is_dir():
        read_manifest(Path(data[0]))
        found = _on_disk(Path(data[0]))
        if found is not None:
            return found
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


def rdflib_dataset(out: Path | str) -> Dataset:
    """The on-disk store of a build output as a read-only rdflib ``Dataset`` (through oxrdflib)."""
    from oxrdflib import OxigraphStore  # noqa: PLC0415

    store = _on_disk(Path(out))
    if store is None:
        raise InputError(f"{out}: no on-disk store in this output (built with an older kgbuild?); rebuild it")
    return Dataset(store=OxigraphStore(store=store))


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
        if term.datatype.value == _XSD_STRING:  # a simple literal: rdflib writes it with no datatype
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in results: {term!r}")


def _graph(iri: str, parameter: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as err:
        raise QueryError(f"{parameter} must be an absolute IRI, not {iri!r}") from err


def run(
    store: ox.Store,
    query: str,
    *,
    base_iri: str | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> Any:
    """Run a query of any form; a query that would reach another server (``SERVICE``) is refused.

    The dataset is the one the request names (``default_graphs``, ``named_graphs``: the SPARQL
    protocol's ``default-graph-uri`` and ``named-graph-uri``, which take precedence, SPARQL 1.1
    Protocol 2.1.4), else the one the query names (``FROM``, ``FROM NAMED``), else the union of
    every graph as the default graph, with every named graph. Relative IRIs resolve against
    ``base_iri``."""
    refuse_service(query)
    dataset: dict[str, Any] = {"use_default_graph_as_union": True}
    if default_graphs is not None or named_graphs is not None:
        dataset = {
            "default_graph": [_graph(g, "default-graph-uri") for g in default_graphs or ()],
            "named_graphs": [_graph(g, "named-graph-uri") for g in named_graphs or ()],
        }
    elif names_dataset(query):
        dataset = {}
    try:
        return store.query(query, prefixes=dict(PREFIXES), base_iri=base_iri, **dataset)
    except SyntaxError as err:
        raise QueryError(f"the query is not valid SPARQL: {err}") from err


def select(store: ox.Store, query: str, bindings: Mapping[str, Binding] | None = None) -> Result:
    """Run a SELECT query (see :func:`run` for the dataset it reads), ``bindings`` given as a
    VALUES block."""
    solutions = run(store, with_values(query, bindings or {}))
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be run here (this one is an ASK, CONSTRUCT or DESCRIBE)")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(to_rdflib(s[c]) for c in columns) for s in solutions)
    return Result(columns, rows)
