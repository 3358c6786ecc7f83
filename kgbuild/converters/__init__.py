"""Converting facts into an RDF dataset: one named graph per source document.

Each document's graph holds what that document states, every node with ``prov:wasDerivedFrom``
the document and ``kg:evidence`` its span. The entities graph (``<base>graph/entities``) holds
what is reconciled across documents: preferred labels, name parts, event dates, and merge records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from rdflib import Dataset, Graph

from kgbuild.converters import documents, entities, events, organizations, outcomes, people  # noqa: F401  (register)
from kgbuild.converters.entities import merge_record
from kgbuild.converters.provenance import provenance
from kgbuild.converters.registry import REGISTRY, Context, Converter, Triple
from kgbuild.facts import Document, DocumentFacts
from kgbuild.iris import DEFAULT_BASE, Minter
from kgbuild.linking import Entity, Linking, link
from kgbuild.ontology import concepts
from kgbuild.vocab import bind_prefixes

__all__ = ["REGISTRY", "Converter", "convert", "document_graph"]


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


def convert(
    docs: Sequence[DocumentFacts], *, base: str = DEFAULT_BASE, linking: Linking | None = None
) -> Dataset:
    """The dataset of ``docs``: linked (unless ``linking`` is given) and converted."""
    minter = Minter(base)
    linking = linking if linking is not None else link(docs)
    dataset = Dataset()
    bind_prefixes(dataset)
    ctx = Context(minter=minter, linking=linking, concepts=concepts())
    for facts in sorted(docs, key=lambda d: d.document.id):
        graph = dataset.graph(minter.graph(facts.document.id))
        document_graph(graph, facts, replace(ctx, document=facts.document))
    graph = dataset.graph(minter.entities_graph())
    evidence_of = {(f.doc, f.id): f.evidence for d in docs for f in d.facts}
    for entity in sorted(linking.entities.values(), key=lambda e: (e.kind, e.key)):
        _, triples = REGISTRY[Entity].run(entity, ctx)
        _add(graph, triples)
        if len({evidence_of[m] for m in entity.mentions}) > 1:  # mentions with spans of their own
            _add(graph, merge_record(entity, ctx, evidence_of))
    return dataset
