"""Provenance triples: every node derived from a document, with its evidence span."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kgbuild.converters.registry import Context, Triple
from kgbuild.facts import Evidence
from kgbuild.ontology.namespace import KG

# The terms of every fact's provenance, made once (a namespace makes and checks an IRI per look-up).
_DERIVED, _EVIDENCE, _TYPE, _SPAN = PROV.wasDerivedFrom, KG.evidence, RDF.type, KG.Evidence
_IN, _START, _END, _QUOTE, _INTEGER = KG.inDocument, KG.start, KG.end, KG.quote, XSD.integer


@lru_cache(maxsize=1 << 14)
def _offset(value: int) -> Literal:
    """A character offset as an ``xsd:integer`` literal, made once: the offsets of short reports
    repeat across documents (a long one's are mostly new), and a literal costs a tenth of
    converting a fact."""
    return Literal(value, datatype=_INTEGER)


def provenance(subject: URIRef, ev: Evidence, ctx: Context) -> Iterator[Triple]:
    """``subject`` was derived from the document, through the span ``ev``."""
    node = ctx.evidence(ev)
    yield subject, _DERIVED, ctx.doc_iri
    yield subject, _EVIDENCE, node
    yield from evidence_node(node, ev, ctx)


def evidence_node(node: URIRef, ev: Evidence, ctx: Context) -> Iterator[Triple]:
    doc = ctx.doc_iri
    yield node, _TYPE, _SPAN
    yield node, _IN, doc
    yield node, _START, _offset(ev.start)
    yield node, _END, _offset(ev.end)
    yield node, _QUOTE, Literal(ev.quote, lang=ctx.doc.language)
