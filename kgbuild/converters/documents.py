"""Converter for source documents: what is known of each report."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef

from kgbuild.converters.registry import Context, Triple, converter
from kgbuild.facts import Document
from kgbuild.ontology.namespace import KG


@converter(
    Document,
    produces=[
        KG.Document,
        KG.fileName,
        KG.sha256,
        KG.charCount,
        KG.headline,
        KG.sourceUrl,
        KG.published,
        KG.language,
    ],
)
def convert_document(doc: Document, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.doc_iri

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Document
        yield node, RDFS.label, Literal(doc.file_name)
        yield (
            node,
            SKOS.prefLabel,
            Literal(doc.title or doc.file_name, lang=doc.language if doc.title else None),
        )
        yield node, KG.fileName, Literal(doc.file_name)
        yield node, KG.language, Literal(doc.language)
        if doc.sha256:
            yield node, KG.sha256, Literal(doc.sha256)
        if doc.chars is not None:
            yield node, KG.charCount, Literal(doc.chars, datatype=XSD.integer)
        if doc.title:
            yield node, KG.headline, Literal(doc.title, lang=doc.language)
        if doc.url:
            yield node, KG.sourceUrl, Literal(doc.url, datatype=XSD.anyURI)
        if doc.published:
            yield node, KG.published, Literal(doc.published, datatype=XSD.date)

    return node, triples()
