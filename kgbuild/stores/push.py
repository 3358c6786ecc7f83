"""Pushing a build into a triple store, one named graph per document, safely.

Each graph is loaded into a staging graph (by a Graph Store PUT, or SPARQL Update ``INSERT DATA``
in batches small enough for the store) and then put in place by one ``MOVE``: a reader of the
graph sees the old version until the new one is complete, whatever happens to the push. The
SHA-256 of every pushed graph is kept in the store, in the graph ``<base>graph/kgbuild-push-state``:
graphs whose digest has not changed are skipped, graphs of documents no longer in the build are
dropped, and a push that was interrupted continues where it stopped when run again. The ontology
goes in its own graph, ``<https://w3id.org/kgbuild/ontology>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.compare import to_canonical_graph

from kgbuild.building.report import Progress, counted, no_progress
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.outdir.layout import NQUADS, read_manifest
from kgbuild.stores import sparql
from kgbuild.stores.remote import STAGING, STATE_GRAPH, Endpoint, remote_select

BATCH = 1000  # triples per INSERT DATA: Virtuoso refuses one of more than ~1,400


@dataclass(frozen=True)
class LocalGraph:
    iri: str
    ntriples: list[str]  # sorted N-Triples lines

    @property
    def digest(self) -> str:
        return hashlib.sha256("".join(self.ntriples).encode("utf-8")).hexdigest()


@dataclass
class PushReport:
    pushed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    triples: int = 0

    def summary(self, endpoint: str) -> str:
        return (
            f"Pushed to {endpoint}: {counted(len(self.pushed), 'graph')} replaced "
            f"({counted(self.triples, 'triple')}), {len(self.skipped)} unchanged, "
            f"{len(self.dropped)} dropped."
        )


def _lines(triples: Iterable[ox.Triple]) -> list[str]:
    return sorted({f"{t} .\n" for t in triples})  # N-Triples lines, as pyoxigraph writes terms


def local_graphs(out: Path) -> dict[str, LocalGraph]:
    """The named graphs of a build output, and the ontology's, as sorted N-Triples."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=str(out / NQUADS), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    graphs = {iri: LocalGraph(iri, _lines(triples)) for iri, triples in by_graph.items()}
    graphs[ONTOLOGY_IRI] = LocalGraph(ONTOLOGY_IRI, _skolemized_ontology())
    return graphs


def _skolemized_ontology() -> list[str]:
    """The ontology with its blank nodes (lists, class axioms) named by skolem IRIs made from their
    canonical labels: the same on every run (so its digest is stable), and acceptable to stores that
    refuse blank nodes in INSERT DATA (Virtuoso)."""
    canonical = to_canonical_graph(ontology_graph())
    skolem = canonical.skolemize(authority="https://w3id.org", basepath="/kgbuild/.well-known/genid/")
    return sorted({line + "\n" for line in skolem.serialize(format="nt").splitlines() if line.strip()})


def state_graph(base: str) -> str:
    return f"{base}{STATE_GRAPH}"


def remote_state(endpoint: Endpoint, state: str) -> dict[str, str]:
    """graph → digest of what was last pushed, as the store records it."""
    body = "SELECT ?graph ?digest WHERE { GRAPH ?state { ?graph kg:graphDigest ?digest } }"
    result = remote_select(endpoint, body, {"state": URIRef(state)})
    return {str(g): str(d) for g, d in result.rows if g is not None and d is not None}


def replace_graph(endpoint: Endpoint, graph: LocalGraph, *, batch: int = BATCH) -> None:
    """Load ``graph`` into a staging graph, then MOVE it over the old version in one request."""
    staging = f"{graph.iri}{STAGING}"
    endpoint.update(sparql.drop(staging))
    if endpoint.graph_store_url:
        endpoint.put_graph(staging, "".join(graph.ntriples).encode("utf-8"))
    else:
        for first in range(0, len(graph.ntriples), batch):
            endpoint.update(sparql.insert_data(staging, graph.ntriples[first : first + batch]))
    endpoint.update(sparql.move(staging, graph.iri))


def push(
    out: Path, endpoint: Endpoint, *, batch: int = BATCH, progress: Progress = no_progress
) -> PushReport:
    """Push the build in ``out`` to ``endpoint``: changed graphs replaced, removed ones dropped."""
    base = str(read_manifest(out)["base"])
    state = state_graph(base)
    graphs = local_graphs(out)
    recorded = remote_state(endpoint, state)
    report = PushReport()
    for iri in progress(sorted(graphs), "Pushing", len(graphs)):
        graph = graphs[iri]
        if recorded.get(iri) == graph.digest:
            report.skipped.append(iri)
            continue
        replace_graph(endpoint, graph, batch=batch)
        endpoint.update(sparql.set_digest(state, iri, graph.digest))
        report.pushed.append(iri)
        report.triples += len(graph.ntriples)
    for iri in sorted(set(recorded) - set(graphs)):
        endpoint.update(sparql.drop(iri))
        endpoint.update(sparql.set_digest(state, iri, None))
        report.dropped.append(iri)
    return report
