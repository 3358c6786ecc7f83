"""Converting facts into an RDF dataset: one named graph per source document.

Each document's graph holds what that document states, every node with ``prov:wasDerivedFrom``
the document and ``kg:evidence`` its span. The entities graph (``<base>graph/entities``) holds
what is reconciled across documents: preferred labels, name parts, event dates, and merge records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from rdflib import Dataset, Graph, URIRef

from kgbuild.converters import documents, entities, events, organizations, outcomes, people  # noqa: F401  (register)
from kgbuild.converters.entities import merge_record
from kgbuild.converters.provenance import provenance
from kgbuild.converters.registry import REGISTRY, Context, Converter, Triple
from kgbuild.facts import Document, DocumentFacts
from kgbuild.iris import DEFAULT_BASE, Minter
from kgbuild.linking import Entity, Links, MentionRef, Span, link
from kgbuild.ontology.terms import concepts
from kgbuild.ontology.vocab import bind_prefixes

__all__ = [
    "REGISTRY",
    "Converter",
    "convert",
    "document_graph",
    "document_triples",
    "entities_graph",
    "entities_parts",
    "entity_triples",
    "graphs",
]


def _add(graph: Graph, triples: Iterable[Triple]) -> None:
    for triple in triples:
        graph.add(triple)


def document_graph(graph: Graph, facts: DocumentFacts, ctx: Context) -> None:
    """Add to ``graph`` the triples of one document and of every fact it states."""
    _add(graph, document_triples(facts, ctx))


def document_triples(facts: DocumentFacts, ctx: Context) -> Iterator[Triple]:
    """The triples of one document and of every fact it states (a fact's may repeat another's)."""
    _, triples = REGISTRY[Document].run(facts.document, ctx)
    yield from triples
    for fact in facts.facts:
        node, triples = REGISTRY[type(fact)].run(fact, ctx)
        yield from triples
        yield from provenance(node, fact.evidence, ctx)


#: Triples per part of the entities graph (see :func:`entities_parts`). A part, its N-Quads lines
#: and their sorting take some 4 kB a triple at once; at 10,000 reports, parts of 20,000 triples
#: raised the build's peak by 80 MB, parts of 5,000 by 25 MB, in the same time.
PART_TRIPLES = 5_000


def entities_graph(graph: Graph, ctx: Context) -> None:
    """Add to ``graph`` what is reconciled across documents: each entity's labels, name parts and
    dates, and a merge record for every entity taken from several mentions with spans of their own."""
    for part in entities_parts(ctx):
        _add(graph, part)


def entities_parts(ctx: Context, *, size: int | None = None) -> Iterator[Graph]:
    """The entities graph in parts of at most ``size`` (:data:`PART_TRIPLES`) triples, one after
    the other: a large corpus's entities are never all in one rdflib graph (about 1 kB a triple)
    at once, nor all read from the linking at once. A merge record of an entity named in
    thousands of reports (one triple a mention) is cut across parts too."""
    size = size or PART_TRIPLES
    part, count, given = Graph(), 0, False
    for triple in _entity_triples(ctx):
        part.add(triple)
        count += 1
        if count == size:
            yield part
            part, count, given = Graph(), 0, True
    if count or not given:
        yield part


def _entity_triples(ctx: Context) -> Iterator[Triple]:
    return entity_triples(ctx.linking.each(), ctx)


def entity_triples(
    linked: Iterable[tuple[Entity, Mapping[MentionRef, Span]]], ctx: Context
) -> Iterator[Triple]:
    """The entities graph's triples of the ``linked`` entities (as :meth:`Links.each` gives
    them), in order, each as often as it is made: what :func:`entities_parts` cuts into parts."""
    for entity, spans in linked:
        yield from REGISTRY[Entity].run(entity, ctx)[1]
        if len(set(spans.values())) > 1:  # mentions with spans of their own
            yield from merge_record(entity, ctx, spans)


def context(base: str, linking: Links) -> Context:
    return Context(minter=Minter(base), linking=linking, concepts=concepts())


def graphs(docs: Iterable[DocumentFacts], ctx: Context) -> Iterator[tuple[URIRef, Graph]]:
    """Each document's graph (in the order of ``docs``), then the entities graph."""
    for facts in docs:
        graph = bind_prefixes(Graph())
        document_graph(graph, facts, replace(ctx, document=facts.document))
        yield ctx.minter.graph(facts.document.id), graph
    graph = bind_prefixes(Graph())
    entities_graph(graph, ctx)
    yield ctx.minter.entities_graph(), graph


def convert(
    docs: Sequence[DocumentFacts], *, base: str = DEFAULT_BASE, linking: Links | None = None
) -> Dataset:
    """The dataset of ``docs``: linked (unless ``linking`` is given) and converted."""
    linking = linking if linking is not None else link(docs)
    dataset = Dataset()
    bind_prefixes(dataset)
    ordered = sorted(docs, key=lambda d: d.document.id)
    for iri, graph in graphs(ordered, context(base, linking)):
        target = dataset.graph(iri)
        for triple in graph:
            target.add(triple)
    return dataset
