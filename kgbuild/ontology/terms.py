"""The ontology as the code reads it: the graph, and its concepts by scheme and notation."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kgbuild.errors import OntologyError
from kgbuild.facts import CapacityKind, CapacityStatus, EventKind, ResolutionKind, RoleType
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import bind_prefixes
from kgbuild.resources import ontology_file

#: Concept scheme → the facts code enumeration whose values are its notations.
SCHEMES = {
    "RoleTypes": RoleType,
    "EventTypes": EventKind,
    "ResolutionTypes": ResolutionKind,
    "CapacityKinds": CapacityKind,
    "CapacityStatuses": CapacityStatus,
}


@cache
def _graph() -> Graph:
    return bind_prefixes(Graph().parse(ontology_file(), format="turtle"))


def ontology_graph() -> Graph:
    """A fresh copy of the ontology graph (callers may add to it)."""
    copy = bind_prefixes(Graph())
    for triple in _graph():
        copy.add(triple)
    return copy


@cache
def concepts() -> dict[str, dict[str, URIRef]]:
    """scheme local name → {notation → concept IRI}; every facts code must have a concept."""
    graph = _graph()
    found: dict[str, dict[str, URIRef]] = {}
    for scheme, codes in SCHEMES.items():
        members = {
            str(graph.value(c, SKOS.notation)): c
            for c in graph.subjects(SKOS.inScheme, KG[scheme])
            if isinstance(c, URIRef)
        }
        missing = sorted(code.value for code in codes if code.value not in members)
        if missing:
            raise OntologyError(
                f"the ontology's kg:{scheme} has no concept with skos:notation "
                f"{', '.join(missing)}; notations there: {', '.join(sorted(members))}"
            )
        found[scheme] = members
    return found


@cache
def concept_labels(scheme: str, lang: str = "ru") -> dict[str, str]:
    """notation → preferred label in ``lang`` of the concepts of ``scheme`` (e.g. "speaker" → "спикер")."""
    graph = _graph()
    labels = {}
    for code, concept in concepts()[scheme].items():
        found = [o for o in graph.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == lang]
        labels[code] = str(found[0]) if found else code
    return labels
