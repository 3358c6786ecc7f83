"""Converters for events and the roles agents play in them (SEM roles, schema.org events)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import AttendanceMode, Event, Role
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import SCHEMA

_MODES = {
    AttendanceMode.OFFLINE: SCHEMA.OfflineEventAttendanceMode,
    AttendanceMode.ONLINE: SCHEMA.OnlineEventAttendanceMode,
}


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@converter(
    Event,
    produces=[
        KG.Event,
        KG.eventType,
        KG.participantCount,
        KG.speakerCount,
        KG.countText,
        KG.attendanceMode,
        KG.participantCountry,
        KG.inferred,
    ],
)
def convert_event(fact: Event, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Event
        yield node, KG.eventType, ctx.concept("EventTypes", fact.kind.value)
        if fact.title:
            yield node, RDFS.label, text(fact.title)
        if fact.participants is not None:
            yield node, KG.participantCount, _count(fact.participants)
        if fact.speakers is not None:
            yield node, KG.speakerCount, _count(fact.speakers)
        if fact.count_text:
            yield node, KG.countText, text(fact.count_text)
        for mode in fact.modes:
            yield node, KG.attendanceMode, _MODES[mode]
        for country in fact.countries:
            yield node, KG.participantCountry, ctx.iri(country)
        if fact.inferred:
            yield node, KG.inferred, Literal(True)

    return node, triples()


@converter(Role, produces=[KG.Role, KG.agent, KG.event, KG.roleType, KG.capacity])
def convert_role(fact: Role, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.iri(fact.id)

    def triples() -> Iterator[Triple]:
        yield node, RDF.type, KG.Role
        yield node, KG.agent, ctx.iri(fact.agent)
        yield node, KG.event, ctx.iri(fact.event)
        yield node, KG.roleType, ctx.concept("RoleTypes", fact.role.value)
        for post in fact.capacity:
            yield node, KG.capacity, ctx.iri(post)

    return node, triples()
