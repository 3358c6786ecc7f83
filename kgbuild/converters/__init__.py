"""Converting facts into an RDF dataset: one named graph per source document.

Each document's graph holds what that document states, every node with ``prov:wasDerivedFrom``
the document and ``kg:evidence`` its span. The entities graph (``<base>graph/entities``) holds
what is reconciled across documents: preferred labels, name parts, event dates, and merge records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from rdflib import Dataset, Graph, URIRef

from kgbuild.converters import documents, entities, events, organizations, outcomes, people  # noqa: F401  (register)
from kgbuild.converters.entities import merge_record
from kgbuild.converters.provenance import provenance
from kgbuild.converters.registry import REGISTRY, Context, Converter, Triple
from kgbuild.facts import Document, DocumentFacts, Evidence
from kgbuild.iris import DEFAULT_BASE, Minter
from kgbuild.linking import KIND_TYPES, Entity, FactSource, Linking, MentionRef, link
from kgbuild.linking.source import source_of
from kgbuild.ontology import concepts
from kgbuild.vocab import bind_prefixes

__all__ = ["REGISTRY", "Converter", "convert", "document_graph", "entities_graph", "entities_parts", "graphs"]


def _add(graph: Graph, triples: Iterable[Triple]) -> None:
    for triple in triples:
        graph.add(triple)


def document_graph(graph: Graph, facts: DocumentFacts, ctx: Context) -> None:
    """Add to ``graph`` the triples of one document and of every fact it states."""
    _, triples = REGISTRY[Document].run(facts.document, ctx)
    _add(graph, triples)
    for fact in facts.facts:
        node, triples = REGISTRY[type(fact)].run(fact, ctx)
        _add(graph, triples)
        _add(graph, provenance(node, fact.evidence, ctx))


#: Entities per part of the entities graph (see :func:`entities_parts`).
PART_ENTITIES = 2_000


def entities_graph(graph: Graph, docs: Sequence[DocumentFacts] | FactSource, ctx: Context) -> None:
    """Add to ``graph`` what is reconciled across documents: each entity's labels, name parts and
    dates, and a merge record for every entity taken from several mentions with spans of their own.
    ``docs`` may be slim (their quotes left out): only the spans' offsets are read."""
    for part in entities_parts(docs, ctx):
        _add(graph, part)


def entities_parts(
    docs: Sequence[DocumentFacts] | FactSource, ctx: Context, *, size: int = PART_ENTITIES
) -> Iterator[Graph]:
    """The entities graph in parts of ``size`` entities, one after the other: a large corpus's
    entities are never all in one rdflib graph (about 1 kB a triple) at once. The mentions' spans
    are read from ``docs`` one kind of entity at a time."""
    source = source_of(docs)
    ordered = sorted(ctx.linking.entities.values(), key=lambda e: (e.kind, e.key))
    evidence_of: dict[MentionRef, Evidence] = {}
    kind = None
    for start in range(0, len(ordered), size):
        part = Graph()
        for entity in ordered[start : start + size]:
            if entity.kind != kind:
                kind = entity.kind
                evidence_of = {(f.doc, f.id): f.evidence for f in source.of_type(KIND_TYPES[kind])}
            _, triples = REGISTRY[Entity].run(entity, ctx)
            _add(part, triples)
            if len({evidence_of[m] for m in entity.mentions}) > 1:  # mentions with spans of their own
                _add(part, merge_record(entity, ctx, evidence_of))
        yield part


def context(base: str, linking: Linking) -> Context:
    return Context(minter=Minter(base), linking=linking, concepts=concepts())


def graphs(
    docs: Iterable[DocumentFacts], ctx: Context, *, slim: Sequence[DocumentFacts] | FactSource
) -> Iterator[tuple[URIRef, Graph]]:
    """Each document's graph (in the order of ``docs``), then the entities graph."""
    for facts in docs:
        graph = bind_prefixes(Graph())
        document_graph(graph, facts, replace(ctx, document=facts.document))
        yield ctx.minter.graph(facts.document.id), graph
    graph = bind_prefixes(Graph())
    entities_graph(graph, slim, ctx)
    yield ctx.minter.entities_graph(), graph


def convert(
    docs: Sequence[DocumentFacts], *, base: str = DEFAULT_BASE, linking: Linking | None = None
) -> Dataset:
    """The dataset of ``docs``: linked (unless ``linking`` is given) and converted."""
    linking = linking if linking is not None else link(docs)
    dataset = Dataset()
    bind_prefixes(dataset)
    ordered = sorted(docs, key=lambda d: d.document.id)
    for iri, graph in graphs(ordered, context(base, linking), slim=docs):
        target = dataset.graph(iri)
        for triple in graph:
            target.add(triple)
    return dataset
