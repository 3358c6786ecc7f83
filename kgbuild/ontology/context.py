"""kgbuild's JSON-LD context: every prefix, and every ontology term under its local name.

It is generated from the ontology (``docs/context.jsonld``, kept current by ``make check-generated``).
Exports embed it; a site ``kgbuild publish`` writes serves a copy at ``<base>context.jsonld``, which
the site's JSON-LD documents refer to. Older exports referred to :data:`CONTEXT_IRI`, an IRI that
was never registered and resolves nowhere: kgbuild still reads them, offline, by putting the bundled
context in that IRI's place.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, URIRef

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import PREFIXES

#: The context's IRI in exports of older kgbuild versions (not registered: it resolves nowhere).
CONTEXT_IRI = "https://w3id.org/kgbuild/context.jsonld"


@cache
def _terms() -> dict[str, Any]:
    graph = ontology_graph()
    terms: dict[str, Any] = dict(PREFIXES)
    ns = str(KG)
    names = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}, key=str)
    for term in names:
        name = str(term)[len(ns) :]
        if (term, RDF.type, OWL.ObjectProperty) in graph:
            terms[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif (term, RDF.type, OWL.DatatypeProperty) in graph:
            datatype = graph.value(term, RDFS.range)
            typed = datatype is not None and datatype != XSD.string
            terms[name] = {"@id": f"kg:{name}", **({"@type": _curie(datatype)} if typed else {})}
        else:
            terms[name] = f"kg:{name}"
    return terms


def context() -> dict[str, Any]:
    """The context document: ``{"@context": {...}}``."""
    return {"@context": dict(_terms())}


def _curie(iri: object) -> str:
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def render_context() -> str:
    return json.dumps(context(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def with_local_context(document: Any) -> Any:
    """``document`` with every reference to :data:`CONTEXT_IRI` replaced by the context itself."""
    if isinstance(document, dict):
        return {
            key: _inline(value) if key == "@context" else with_local_context(value)
            for key, value in document.items()
        }
    if isinstance(document, list):
        return [with_local_context(item) for item in document]
    return document


def _inline(value: Any) -> Any:
    if value == CONTEXT_IRI:
        return dict(_terms())
    if isinstance(value, list):
        return [_inline(item) for item in value]
    return value
