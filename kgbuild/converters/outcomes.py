"""Converters for what events produce and what people start: resolutions and projects."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import Project, Resolution
from kgbuild.ontology.namespace import KG


@converter(
    Resolution,
    produces=[
        KG.Resolution,
        KG.adoptedAt,
        KG.resolutionType,
        KG.kindText,
        KG.contentItem,
        KG.adoptedBy,
        KG.addressee,
        KG.party,
    ],
)
def convert_resolution(fact: Resolution, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Resolution
        yield node, KG.adoptedAt, ctx.iri(fact.event)
        yield node, KG.resolutionType, ctx.concept("ResolutionTypes", fact.kind.value)
        if fact.kind_text:
            yield node, KG.kindText, text(fact.kind_text)
        for item in fact.content:
            yield node, KG.contentItem, text(item)
        if fact.adopted_by:
            yield node, KG.adoptedBy, text(fact.adopted_by)
        if fact.addressee:
            yield node, KG.addressee, text(fact.addressee)
        for party in fact.parties:
            yield node, KG.party, ctx.iri(party)

    return node, triples()


@converter(Project, produces=[KG.Project, KG.kindText, KG.initiatedBy, KG.region])
def convert_project(fact: Project, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Project
        yield node, RDFS.label, text(fact.name, fact.lang)
        if fact.kind_text:
            yield node, KG.kindText, text(fact.kind_text)
        if fact.initiator:
            yield node, KG.initiatedBy, ctx.iri(fact.initiator)
        if fact.region:
            yield node, KG.region, ctx.iri(fact.region)

    return node, triples()
