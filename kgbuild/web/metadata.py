"""The dataset's description: VoID (sizes, partitions, URI space, endpoint, dumps) and DCAT, as
the DCAT-AP 3.0 application profile asks (https://semiceu.github.io/DCAT-AP/releases/3.0.1/).

One resource, ``<base>dataset``, is both a ``void:Dataset`` and a ``dcat:Dataset``: its size
(triples, entities, distinct subjects and objects, classes, properties), a partition per class and
per property, the URI space, the vocabularies, the SPARQL endpoint, and each dump as a
``dcat:Distribution`` with its media type, size and licence. It is served at ``/.well-known/void``
and at ``dataset``. The ontology's own graph is not counted: it describes the vocabulary, not data.

For DCAT-AP the dataset sits in a ``dcat:Catalog``; the catalogue, the dataset and the SPARQL
``dcat:DataService`` name a publisher (a ``foaf:Agent``) and a contact point (a ``vcard:Kind``);
every distribution has an access URL, and only the endpoint's own distribution names the service.
Licences, media types, standards and pages are typed as the profile's range shapes expect
(``dct:LicenseDocument``, ``dct:MediaType``, ``dct:Standard``, ``foaf:Document``). Every node but
the dataset is a fragment of ``<base>dataset`` (``#catalog``, ``#publisher``, ``#contact``,
``#sparql``, ``#sparql-endpoint``, ``#dump-…``): an anchor on the dataset's page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import DCAT, DCTERMS, FOAF, RDF, VOID, XSD, Graph, Literal, Namespace, URIRef

from kgbuild.errors import InputError
from kgbuild.iris import check_http_url
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
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"


@dataclass(frozen=True)
class Dump:
    path: str  # under the site's root, e.g. "dumps/graph.nq.gz"
    media_type: str
    title: str
    size: int
    standard: str | None = None  # the specification of its format


@dataclass(frozen=True)
class DatasetInfo:
    base: str
    title: str
    description: str
    license: str
    sparql: str | None = None  # the endpoint's absolute URL
    dumps: tuple[Dump, ...] = field(default_factory=tuple)
    publisher: str | None = None  # its name; None: the host of the base
    contact: str | None = None  # a mailto: or http(s) IRI; None: the site's index page

    @property
    def iri(self) -> str:
        return f"{self.base}dataset"

    @property
    def publisher_name(self) -> str:
        return self.publisher or urlsplit(self.base).netloc or self.base

    @property
    def contact_iri(self) -> str:
        return self.contact or f"{self.base}index.html"


def contact_iri(text: str) -> str:
    """The IRI of a contact point given as an e-mail address (``mailto:`` added when missing) or
    an http(s) URL; an :class:`InputError` for anything else."""
    value = text.strip()
    address = value.removeprefix("mailto:")
    if "@" in address and "://" not in address:
        local, _, domain = address.partition("@")
        if local and "." in domain and not any(c in address for c in ' <>"'):
            return f"mailto:{address}"
        raise InputError(f"--contact: {text!r} is not an e-mail address")
    return check_http_url(value, "--contact")


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
    graph.add((dataset, DCAT.landingPage, _typed(graph, f"{info.base}index.html", FOAF.Document)))
    graph.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    for ns in ("skos", "prov", "schema", "org", "sem", "foaf"):
        graph.add((dataset, VOID.vocabulary, URIRef(PREFIXES[ns])))
    _sizes(graph, dataset, store, info)
    _partitions(graph, dataset, store, info)
    _agents(graph, dataset, info)
    _access(graph, dataset, info)
    _catalog(graph, dataset, info)
    return graph


def _typed(graph: Graph, iri: str, kind: URIRef) -> URIRef:
    """``iri``, stated to be a ``kind`` (the class DCAT-AP expects of the property's values)."""
    node = URIRef(iri)
    graph.add((node, RDF.type, kind))
    return node


def _responsible(graph: Graph, node: URIRef, info: DatasetInfo) -> None:
    """The publisher, contact point and licence of a catalogued resource."""
    graph.add((node, DCTERMS.publisher, URIRef(f"{info.iri}#publisher")))
    graph.add((node, DCAT.contactPoint, URIRef(f"{info.iri}#contact")))
    graph.add((node, DCTERMS.license, _typed(graph, info.license, DCTERMS.LicenseDocument)))


def _agents(graph: Graph, dataset: URIRef, info: DatasetInfo) -> None:
    """Who publishes the dataset and whom to write to about it."""
    publisher = URIRef(f"{info.iri}#publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(info.publisher_name)))
    contact = URIRef(f"{info.iri}#contact")
    graph.bind("vcard", VCARD)
    for kind in (VCARD.Kind, VCARD.Organization):
        graph.add((contact, RDF.type, kind))
    graph.add((contact, VCARD.fn, Literal(info.publisher_name)))
    link = VCARD.hasEmail if info.contact_iri.startswith("mailto:") else VCARD.hasURL
    graph.add((contact, link, URIRef(info.contact_iri)))
    _responsible(graph, dataset, info)


def _catalog(graph: Graph, dataset: URIRef, info: DatasetInfo) -> None:
    """The catalogue DCAT-AP puts every dataset and data service in."""
    catalog = URIRef(f"{info.iri}#catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"Catalogue: {info.title}", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(info.description, lang="en")))
    graph.add((catalog, DCTERMS.publisher, URIRef(f"{info.iri}#publisher")))
    graph.add((catalog, DCTERMS.license, _typed(graph, info.license, DCTERMS.LicenseDocument)))
    graph.add((catalog, FOAF.homepage, _typed(graph, f"{info.base}index.html", FOAF.Document)))
    graph.add((catalog, DCAT.dataset, dataset))
    if info.sparql:
        graph.add((catalog, DCAT.service, URIRef(f"{info.iri}#sparql")))


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
    """The SPARQL endpoint (a DCAT data service, with a distribution of its own) and the dumps
    (DCAT distributions, downloaded)."""
    if info.sparql:
        endpoint = URIRef(info.sparql)
        service = URIRef(f"{info.iri}#sparql")
        graph.add((dataset, VOID.sparqlEndpoint, endpoint))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCTERMS.title, Literal(f"SPARQL endpoint: {info.title}", lang="en")))
        graph.add((service, DCTERMS.description, Literal(_SERVICE, lang="en")))
        graph.add((service, DCAT.endpointURL, endpoint))
        graph.add((service, DCAT.endpointDescription, endpoint))  # the service description, by GET
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((service, DCTERMS.conformsTo, _typed(graph, SPARQL_PROTOCOL, DCTERMS.Standard)))
        _responsible(graph, service, info)
        distribution = URIRef(f"{info.iri}#sparql-endpoint")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        graph.add((distribution, DCAT.accessURL, endpoint))
        graph.add((distribution, DCAT.accessService, service))
        graph.add((distribution, DCTERMS.license, _typed(graph, info.license, DCTERMS.LicenseDocument)))
    for dump in info.dumps:
        url = URIRef(info.base + dump.path)
        distribution = URIRef(f"{info.iri}#dump-{dump.path.rsplit('/', 1)[-1]}")
        graph.add((dataset, VOID.dataDump, url))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(dump.title, lang="en")))
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, _typed(graph, IANA + dump.media_type, DCTERMS.MediaType)))
        if dump.path.endswith(".gz"):
            gzip = _typed(graph, IANA + "application/gzip", DCTERMS.MediaType)
            graph.add((distribution, DCAT.compressFormat, gzip))
        if dump.standard:
            graph.add((distribution, DCTERMS.conformsTo, _typed(graph, dump.standard, DCTERMS.Standard)))
        graph.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        graph.add((distribution, DCTERMS.license, _typed(graph, info.license, DCTERMS.LicenseDocument)))


_SERVICE = (
    "A read-only SPARQL 1.1 Protocol endpoint over the dataset; GET it with no query for its "
    "SPARQL 1.1 Service Description."
)
