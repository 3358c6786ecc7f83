"""The entities graph: what holds for an entity as a whole, reconciled from all its mentions.

Single-valued attributes (the preferred label, a person's name parts, an event's dates, place and
parent) are written once here, not once per document, so two reports cannot give an entity two
start dates. Merges are recorded with their reason and the spans of the merged mentions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rdflib import RDF, SKOS, XSD, Literal, URIRef

from kgbuild.converters.registry import Context, Triple, converter, text
from kgbuild.facts import Evidence
from kgbuild.linking import Entity, MentionRef, Span
from kgbuild.ontology.namespace import KG
from kgbuild.slugs import transliterate

_LATIN_LABELS = {"person", "place"}  # names whose transliteration is their English label


@converter(
    Entity,
    produces=[
        KG.familyName,
        KG.givenName,
        KG.patronymic,
        KG.initials,
        KG.startDate,
        KG.endDate,
        KG.place,
        KG.subEventOf,
        KG.partNumber,
        KG.kindText,
    ],
)
def convert_entity(entity: Entity, ctx: Context) -> tuple[URIRef, Iterator[Triple]]:
    node = ctx.minter.entity(entity.kind, entity.key)

    def triples() -> Iterator[Triple]:
        yield node, SKOS.prefLabel, text(entity.label, entity.lang)
        if entity.kind in _LATIN_LABELS:
            yield node, SKOS.prefLabel, text(transliterate(entity.label), "en")
        for prop, value in (
            (KG.familyName, entity.family_name),
            (KG.givenName, entity.given_name),
            (KG.patronymic, entity.patronymic),
            (KG.initials, entity.initials),
        ):
            if value:
                yield node, prop, text(value)
        if entity.start:
            yield node, KG.startDate, Literal(entity.start, datatype=XSD.date)
        if entity.end:
            yield node, KG.endDate, Literal(entity.end, datatype=XSD.date)
        if entity.place:
            yield node, KG.place, ctx.minter.entity("place", entity.place)
        if entity.parent:
            yield node, KG.subEventOf, ctx.minter.entity("event", entity.parent)
        if entity.kind_text:
            yield node, KG.kindText, text(entity.kind_text)
        if entity.number:
            yield node, KG.partNumber, Literal(entity.number, datatype=XSD.integer)

    return node, triples()


def merge_record(entity: Entity, ctx: Context, spans: Mapping[MentionRef, Span]) -> Iterator[Triple]:
    """A kg:Merge saying which mention spans were taken for ``entity``, and why."""
    node = ctx.minter.merge(entity.kind, entity.key)
    yield node, RDF.type, KG.Merge
    yield node, KG.mergedEntity, ctx.minter.entity(entity.kind, entity.key)
    yield node, KG.mergeReason, text(entity.reason or "", "en")
    for doc, start, end in sorted({spans[mention] for mention in entity.mentions}):
        yield node, KG.mergedMention, ctx.minter.evidence(Evidence(doc, start, end, ""))


#: Terms written by merge_record (declared for the ontology/shape coverage tests).
MERGE_TERMS = frozenset({KG.Merge, KG.mergedEntity, KG.mergeReason, KG.mergedMention})
