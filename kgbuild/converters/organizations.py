"""Converters for organizations and places."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, SKOS, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import Organization, Place
from kgbuild.ontology.namespace import KG


@converter(Organization, produces=[KG.Organization, KG.abbreviation, KG.subOrganizationOf])
def convert_organization(fact: Organization, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Organization
        yield node, RDFS.label, text(fact.name, fact.lang)
        if fact.short_name:
            yield node, SKOS.altLabel, text(fact.short_name, fact.lang)
        if fact.abbreviation:
            yield node, KG.abbreviation, text(fact.abbreviation, fact.lang)
        if fact.parent:
            yield node, KG.subOrganizationOf, ctx.iri(fact.parent)

    return node, triples()


@converter(Place, produces=[KG.Place, KG.containedIn])
def convert_place(fact: Place, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Place
        yield node, RDFS.label, text(fact.name)
        if fact.parent:
            yield node, KG.containedIn, ctx.iri(fact.parent)

    return node, triples()
