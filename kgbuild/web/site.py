"""A build's graph as web resources: which IRIs have pages, their descriptions, labels and links.

Every IRI under the base that is the subject of a statement is a resource with a page, at the
path the IRI has under the base (``<base>person/saparbayev-b`` → ``person/saparbayev-b.html``).
Evidence spans (``<base>document/<id>#char=10,42``) are anchors on their document's page.

The description of a resource — what each RDF representation of it holds — is: every statement
about it, every statement pointing to it, the spans cited as its evidence (offsets and quote), and
the labels of every node these mention, so a program needs no second request to show them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import ONTOLOGY_IRI, bind_prefixes
from kgbuild.stores.embedded import to_rdflib

LABELS = (SKOS.prefLabel, RDFS.label)
#: Label languages in order of preference: the reports' language first, English last.
LANGUAGES = ("ru", "kk", "", "en")
ONTOLOGY_PAGE = "ontology.html"


def _ox(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass
class Site:
    """The resources of one graph (an embedded store) under one base IRI."""

    store: ox.Store
    base: str

    def __post_init__(self) -> None:
        self._labels: dict[str, dict[str, str]] = {}
        self._resources: dict[str, bool] = {}
        self._language: str | None = None

    # -- IRIs and paths -------------------------------------------------------------------------
    def rel(self, iri: str) -> str | None:
        """The path of a resource under the base ("person/x"), None for IRIs not ours."""
        if not iri.startswith(self.base) or "#" in iri:
            return None
        rel = iri[len(self.base) :]
        return rel if rel and _safe_path(rel) else None

    def iri(self, rel: str) -> str:
        return self.base + rel

    def exists(self, iri: str) -> bool:
        return next(self.store.quads_for_pattern(_ox(iri), None, None), None) is not None

    def resources(self) -> Iterator[str]:
        """Every resource with a page, sorted."""
        found = {
            quad.subject.value
            for quad in self.store.quads_for_pattern(None, None, None)
            if isinstance(quad.subject, ox.NamedNode) and self.rel(quad.subject.value) is not None
        }
        yield from sorted(found)

    def href(self, page: str, iri: str) -> str:
        """A link from the page at path ``page`` (e.g. "person/x.html") to ``iri``: relative for
        our resources and ontology terms, so the site works from any host and from files."""
        here = posixpath.dirname(page) or "."
        if iri.startswith(str(KG)) or iri == ONTOLOGY_IRI:
            fragment = iri[len(str(KG)) :] if iri.startswith(str(KG)) else ""
            target = ONTOLOGY_PAGE + (f"#{fragment}" if fragment else "")
            return posixpath.relpath(ONTOLOGY_PAGE, here) + target[len(ONTOLOGY_PAGE) :]
        document, _, fragment = iri.partition("#")
        rel = self.rel(document)
        if rel is None:
            return iri
        if not self.is_resource(document):  # a file of the site (index.html, a dump): as it is
            return posixpath.relpath(rel, here) + (f"#{fragment}" if fragment else "")
        return posixpath.relpath(f"{rel}.html", here) + (f"#{fragment}" if fragment else "")

    def is_resource(self, iri: str) -> bool:
        """Whether ``iri`` has a page: it is ours and the subject of a statement (cached)."""
        if iri not in self._resources:
            if len(self._resources) > 100_000:
                self._resources.clear()
            described = iri == f"{self.base}dataset"  # the dataset's own page (VoID, DCAT)
            self._resources[iri] = described or (self.rel(iri) is not None and self.exists(iri))
        return self._resources[iri]

    # -- labels and descriptions ----------------------------------------------------------------
    def label(self, iri: str, lang: str | None = None) -> str:
        """The preferred label of a node, in ``lang`` where it has one (else Russian first), else
        the end of its IRI."""
        found = self._found(iri)
        chosen = self._choose(found, lang)
        if chosen is not None:
            return found[chosen]
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def label_language(self, iri: str, lang: str | None = None) -> str | None:
        """The language of the label :meth:`label` gives (None: untagged, or no label)."""
        return self._choose(self._found(iri), lang) or None

    def has_label(self, iri: str) -> bool:
        return bool(self._found(iri))

    @property
    def data_language(self) -> str:
        """The language most of the documents are in (Russian when none says)."""
        if self._language is None:
            counts: dict[str, int] = {}
            kind, language = _ox(str(RDF.type)), _ox(str(KG.language))
            for quad in self.store.quads_for_pattern(None, kind, _ox(str(KG.Document))):
                for value in self.store.quads_for_pattern(quad.subject, language, None):
                    if isinstance(value.object, ox.Literal):
                        counts[value.object.value] = counts.get(value.object.value, 0) + 1
            self._language = max(sorted(counts), key=lambda k: counts[k]) if counts else "ru"
        return self._language

    @staticmethod
    def _choose(found: dict[str, str], lang: str | None) -> str | None:
        for choice in (lang, *LANGUAGES):
            if choice is not None and choice in found:
                return choice
        return sorted(found)[0] if found else None

    def _found(self, iri: str) -> dict[str, str]:
        """A node's labels by language (skos:prefLabel, else rdfs:label), cached."""
        if iri not in self._labels:
            if len(self._labels) > 100_000:
                self._labels.clear()
            found: dict[str, str] = {}
            for prop in LABELS:
                for quad in self.store.quads_for_pattern(_ox(iri), _ox(str(prop)), None):
                    if isinstance(quad.object, ox.Literal):
                        found.setdefault(quad.object.language or "", quad.object.value)
                if found:
                    break
            self._labels[iri] = found
        return self._labels[iri]

    def label_triples(self, iri: str) -> set[tuple[URIRef, URIRef, object]]:
        """The label statements of a node (skos:prefLabel, rdfs:label), in every language."""
        return {
            _triple(q)
            for prop in LABELS
            for q in self.store.quads_for_pattern(_ox(iri), _ox(str(prop)), None)
        }

    def outgoing(self, iri: str) -> set[tuple[URIRef, URIRef, object]]:
        return {_triple(q) for q in self.store.quads_for_pattern(_ox(iri), None, None)}

    def incoming(self, iri: str) -> set[tuple[URIRef, URIRef, object]]:
        return {_triple(q) for q in self.store.quads_for_pattern(None, None, _ox(iri))}

    def description(self, iri: str) -> Graph:
        """The resource's description (see the module's docstring), as an rdflib graph."""
        graph = bind_prefixes(Graph())
        out, into = self.outgoing(iri), self.incoming(iri)
        for triple in out | into:
            graph.add(triple)  # type: ignore[arg-type]
        for _, prop, evidence in out:
            if prop == KG.evidence and isinstance(evidence, URIRef):
                for triple in self.outgoing(str(evidence)):
                    graph.add(triple)  # type: ignore[arg-type]
        for node in _iris(graph) - {URIRef(iri)}:
            for triple in self.label_triples(str(node)):
                graph.add(triple)  # type: ignore[arg-type]
        return graph


def _triple(quad: ox.Quad) -> tuple[URIRef, URIRef, object]:
    subject, predicate, value = quad.subject, quad.predicate, quad.object
    assert not isinstance(subject, ox.Triple) and not isinstance(value, ox.Triple)  # no RDF-star here
    return (to_rdflib(subject), to_rdflib(predicate), to_rdflib(value))  # type: ignore[return-value]


def _iris(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}


def _safe_path(rel: str) -> bool:
    """A path that stays inside the site: no empty, '.' or '..' segments, no odd characters."""
    segments = rel.split("/")
    return all(s and s not in (".", "..") for s in segments) and all(
        c.isprintable() and c not in '\\?<>"' for c in rel
    )
