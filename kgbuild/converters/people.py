"""Converters for people and the posts they hold (W3C ORG: org:holds, org:postIn)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import Person, Post
from kgbuild.ontology.namespace import KG


@converter(Person, produces=[KG.Person, KG.honorific, KG.academicDegree, KG.origin, KG.originCountry])
def convert_person(fact: Person, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Person
        yield node, RDFS.label, text(fact.name)
        if fact.honorific:
            yield node, KG.honorific, text(fact.honorific)
        for degree in fact.degrees:
            yield node, KG.academicDegree, text(degree)
        if fact.origin:
            yield node, KG.origin, text(fact.origin)
        if fact.origin_country:
            yield node, KG.originCountry, ctx.iri(fact.origin_country)

    return node, triples()


@converter(Post, produces=[KG.Post, KG.holds, KG.heldBy, KG.postIn])
def convert_post(fact: Post, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        person = ctx.iri(fact.person)
        yield node, RDF.type, KG.Post
        yield node, RDFS.label, text(fact.title)
        yield node, KG.heldBy, person
        yield person, KG.holds, node
        if fact.organization:
            yield node, KG.postIn, ctx.iri(fact.organization)

    return node, triples()
