"""The dataset's description: VoID (sizes, partitions, URI space, endpoint, dumps) and DCAT.

One resource, ``<base>dataset``, is both a ``void:Dataset`` and a ``dcat:Dataset``: its size
(triples, entities, distinct subjects and objects, classes, properties), a partition per class and
per property, the URI space, the vocabularies, the SPARQL endpoint, and each dump as a
``dcat:Distribution`` with its media type, size and licence. It is served at ``/.well-known/void``
and at ``dataset``. The ontology's own graph is not counted: it describes the vocabulary, not data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import DCAT, DCTERMS, RDF, VOID, XSD, Graph, Literal, URIRef

from kgbuild.ontology.vocab import ONTOLOGY_IRI, PREFIXES, bind_prefixes
from kgbuild.stores.embedded import select

# the ontology's graph (kgbuild.ontology.vocab.ONTOLOGY_IRI) is left out of every count
_SIZES = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
       (COUNT(DISTINCT ?p) AS ?properties)
WHERE {
  SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/kgbuild/ontology>) }
}
"""
_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n)
WHERE { GRAPH ?g { ?s a ?class } FILTER(?g != <https://w3id.org/kgbuild/ontology>) }
GROUP BY ?class ORDER BY ?class
"""
_PROPERTIES = """
SELECT ?p (COUNT(*) AS ?n)
WHERE {
  SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/kgbuild/ontology>) }
}
GROUP BY ?p ORDER BY ?p
"""
_ENTITIES = """
SELECT (COUNT(DISTINCT ?s) AS ?n)
WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/kgbuild/ontology>)
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base) && !CONTAINS(STR(?s), "#"))
}
"""


IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Dump:
    path: str  # under the site's root, e.g. "dumps/graph.nq.gz"
    media_type: str
    title: str
    size: int


@dataclass(frozen=True)
class DatasetInfo:
    base: str
    title: str
    description: str
    license: str
    sparql: str | None = None  # the endpoint's absolute URL
    dumps: tuple[Dump, ...] = field(default_factory=tuple)

    @property
    def iri(self) -> str:
        return f"{self.base}dataset"


def _count(value: object) -> Literal:
    return Literal(int(str(value)), datatype=XSD.integer)


def _name(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns) :].replace("_", "").isalnum():
            return f"{prefix}-{iri[len(ns) :]}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def dataset_description(store: ox.Store, info: DatasetInfo) -> Graph:
    """VoID and DCAT for the data in ``store`` under ``info.base``."""
    graph = bind_prefixes(Graph())
    dataset = URIRef(info.iri)
    for kind in (VOID.Dataset, DCAT.Dataset):
        graph.add((dataset, RDF.type, kind))
    graph.add((dataset, DCTERMS.title, Literal(info.title, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(info.description, lang="en")))
    graph.add((dataset, DCTERMS.license, URIRef(info.license)))
    graph.add((dataset, VOID.uriSpace, Literal(info.base)))
    graph.add((dataset, DCAT.landingPage, URIRef(f"{info.base}index.html")))
    graph.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    for ns in ("skos", "prov", "schema", "org", "sem", "foaf"):
        graph.add((dataset, VOID.vocabulary, URIRef(PREFIXES[ns])))
    _sizes(graph, dataset, store, info)
    _partitions(graph, dataset, store, info)
    _access(graph, dataset, info)
    return graph


def _sizes(graph: Graph, dataset: URIRef, store: ox.Store, info: DatasetInfo) -> None:
    sizes = select(store, _SIZES).dicts()[0]
    graph.add((dataset, VOID.triples, _count(sizes["triples"])))
    graph.add((dataset, VOID.distinctSubjects, _count(sizes["subjects"])))
    graph.add((dataset, VOID.distinctObjects, _count(sizes["objects"])))
    graph.add((dataset, VOID.properties, _count(sizes["properties"])))
    entities = select(store, _ENTITIES, {"base": Literal(info.base)}).dicts()[0]["n"]
    graph.add((dataset, VOID.entities, _count(entities)))


def _partitions(graph: Graph, dataset: URIRef, store: ox.Store, info: DatasetInfo) -> None:
    classes = select(store, _CLASSES).dicts()
    graph.add((dataset, VOID.classes, _count(len(classes))))
    for row in classes:
        part = URIRef(f"{info.iri}#class-{_name(str(row['class']))}")
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], row["class"]))  # type: ignore[arg-type]
        graph.add((part, VOID.entities, _count(row["n"])))
    for row in select(store, _PROPERTIES).dicts():
        part = URIRef(f"{info.iri}#property-{_name(str(row['p']))}")
        graph.add((dataset, VOID.propertyPartition, part))
        graph.add((part, VOID.property, row["p"]))  # type: ignore[arg-type]
        graph.add((part, VOID.triples, _count(row["n"])))


def _access(graph: Graph, dataset: URIRef, info: DatasetInfo) -> None:
    """The SPARQL endpoint (a DCAT data service) and the dumps (DCAT distributions)."""
    service = URIRef(f"{info.iri}#sparql")
    if info.sparql:
        endpoint = URIRef(info.sparql)
        graph.add((dataset, VOID.sparqlEndpoint, endpoint))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCAT.endpointURL, endpoint))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    for dump in info.dumps:
        url = URIRef(info.base + dump.path)
        distribution = URIRef(f"{info.iri}#dump-{dump.path.rsplit('/', 1)[-1]}")
        graph.add((dataset, VOID.dataDump, url))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(dump.title, lang="en")))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + dump.media_type)))
        if dump.path.endswith(".gz"):
            graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        graph.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        graph.add((distribution, DCTERMS.license, URIRef(info.license)))
        if info.sparql:
            graph.add((distribution, DCAT.accessService, service))
