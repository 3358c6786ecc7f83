"""Converters for people and the capacities they hold (W3C ORG: org:holds, org:postIn).

Every capacity is a node the person ``kg:holds``, with its kind and status; the kinds that other
vocabularies name get their triple too: an occupation ``kg:hasOccupation`` (schema:hasOccupation),
a membership ``kg:memberOf`` its organization (org:memberOf), a founding ``kg:founderOf`` it
(the inverse of schema:founder).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import CapacityKind, Person, Post
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


@converter(
    Post,
    produces=[
        KG.Post,
        KG.holds,
        KG.heldBy,
        KG.postIn,
        KG.capacityKind,
        KG.capacityStatus,
        KG.hasOccupation,
        KG.memberOf,
        KG.founderOf,
    ],
)
def convert_post(fact: Post, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        person = ctx.iri(fact.person)
        yield node, RDF.type, KG.Post
        yield node, RDFS.label, text(fact.title)
        yield node, KG.heldBy, person
        yield person, KG.holds, node
        yield node, KG.capacityKind, ctx.concept("CapacityKinds", fact.kind.value)
        yield node, KG.capacityStatus, ctx.concept("CapacityStatuses", fact.status.value)
        if fact.kind == CapacityKind.OCCUPATION:
            yield person, KG.hasOccupation, node
        if fact.organization:
            org = ctx.iri(fact.organization)
            yield node, KG.postIn, org
            if fact.kind == CapacityKind.MEMBERSHIP:
                yield person, KG.memberOf, org
            elif fact.kind == CapacityKind.FOUNDER:
                yield person, KG.founderOf, org

    return node, triples()
