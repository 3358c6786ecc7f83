"""The SPARQL 1.1 Service Description of ``kgbuild serve``'s endpoint, answered to a ``GET /sparql``
with no query (W3C, https://www.w3.org/TR/sparql11-service-description/, section 2: "SPARQL services
… should return a service description document at the service endpoint when dereferenced using the
HTTP GET operation without any query parameter strings provided").

The service is the same resource as the dataset's ``dcat:DataService`` (``<base>dataset#sparql``):
it takes SPARQL 1.1 Query (no update), answers in the formats below, and its default dataset has the
union of the named graphs as its default graph (``sd:UnionDefaultGraph``), every graph named.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from kgbuild.ontology.vocab import bind_prefixes

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: The formats the endpoint answers in (kgbuild.web.endpoint.RESULTS and GRAPHS).
RESULT_FORMATS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS.RDF_XML,
    FORMATS["JSON-LD"],
)


def service_description(*, service: str, endpoint: str, dataset: str, graphs: Iterable[str]) -> Graph:
    """The description of the endpoint at ``endpoint`` (the resource ``service``) serving the
    dataset described at ``dataset`` (VoID, DCAT), whose named graphs are ``graphs``."""
    graph = bind_prefixes(Graph())
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    node = URIRef(service)
    graph.add((node, RDF.type, SD.Service))
    graph.add((node, SD.endpoint, URIRef(endpoint)))
    graph.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((node, SD.feature, SD.UnionDefaultGraph))
    graph.add((node, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    for fmt in RESULT_FORMATS:
        graph.add((node, SD.resultFormat, fmt))
    default = BNode("dataset")
    graph.add((node, SD.defaultDataset, default))
    graph.add((default, RDF.type, SD.Dataset))
    graph.add((default, RDFS.seeAlso, URIRef(dataset)))
    union = BNode("union")
    graph.add((default, SD.defaultGraph, union))
    graph.add((union, RDF.type, SD.Graph))
    graph.add((union, RDFS.comment, Literal("The union of the named graphs.", lang="en")))
    for i, name in enumerate(sorted(graphs)):
        named = BNode(f"graph{i}")
        graph.add((default, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph
