"""Namespaces and prefixes: the one place every prefix kgbuild uses is declared.

Graphs are serialised with these prefixes and saved queries are parsed with them, so no query
file repeats a ``PREFIX`` line. ``KG`` (the project's own closed namespace) is generated from the
ontology into :mod:`kgbuild.ontology.namespace`. :func:`short` writes a term for people with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rdflib import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VANN,
    VOID,
    XSD,
    BNode,
    Graph,
    Namespace,
    URIRef,
)
from rdflib.term import Identifier

from kgbuild.ontology.namespace import KG

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = SDO

#: prefix → namespace IRI, for graphs, queries and JSON-LD contexts.
PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {
        "kg": str(KG),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "prov": str(PROV),
        "schema": str(SCHEMA),
        "org": str(ORG),
        "sem": str(SEM),
        "foaf": str(FOAF),
        "nif": str(NIF),
        "vann": str(VANN),
        "void": str(VOID),
        "dcat": str(DCAT),
    }
)

ONTOLOGY_IRI = "https://w3id.org/kgbuild/ontology"


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kgbuild's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """The ``PREFIX`` lines a saved query runs with, for tools that need them in the text."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def plain(term: Identifier | None) -> str:
    """A term as a plain value: the IRI, the lexical form, ``_:id`` for a blank node."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def short(term: Identifier | None, prefixes: Mapping[str, str]) -> str:
    """A term for people: IRIs as ``prefix:local`` where a prefix fits, literals as their text."""
    if isinstance(term, URIRef):
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns) :]}"
    return plain(term)
