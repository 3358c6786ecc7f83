"""Provenance triples: every node derived from a document, with its evidence span."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kgbuild.converters.registry import Context, Triple
from kgbuild.facts import Evidence
from kgbuild.ontology.namespace import KG


def provenance(subject: URIRef, ev: Evidence, ctx: Context) -> Iterator[Triple]:
    """``subject`` was derived from the document, through the span ``ev``."""
    node = ctx.evidence(ev)
    yield subject, PROV.wasDerivedFrom, ctx.doc_iri
    yield subject, KG.evidence, node
    yield from evidence_node(node, ev, ctx)


def evidence_node(node: URIRef, ev: Evidence, ctx: Context) -> Iterator[Triple]:
    yield node, RDF.type, KG.Evidence
    yield node, KG.inDocument, ctx.doc_iri
    yield node, KG.start, Literal(ev.start, datatype=XSD.integer)
    yield node, KG.end, Literal(ev.end, datatype=XSD.integer)
    yield node, KG.quote, Literal(ev.quote, lang=ctx.doc.language)
