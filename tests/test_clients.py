"""Real clients against ``kgbuild serve`` on a loopback port (waitress, in a thread; the build's
base is that address, so every IRI dereferences): SPARQLWrapper's four query forms in every result
format it offers, by GET, POST form and POST body; rdflib's SPARQLStore in every result format it
reads, named graphs included; pyld, which dereferences a resource IRI (303), loads the site's own
context, and must read the same graph as the Turtle document. The answers are checked against
the build's graph read by rdflib, not only for a status.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from pyld import jsonld
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from tests.conftest import EXAMPLE
from tests.test_browser import built, serve

pytestmark = pytest.mark.slow
DOCUMENTS = f"SELECT ?s WHERE {{ ?s a <{KG.Document}> }}"
FORMS = {
    "SELECT": DOCUMENTS,
    "ASK": f"ASK {{ ?s a <{KG.Document}> }}",
    "CONSTRUCT": f"CONSTRUCT WHERE {{ ?s a <{KG.Document}> }}",
    "DESCRIBE": "DESCRIBE <$document>",
}
#: The formats SPARQLWrapper offers for each query form (SPARQLWrapper.Wrapper._allowedFormats
#: less those it has no reader for in that form: JSON-LD, Turtle, N3 and RDF/XML are graphs,
#: CSV and TSV tables)
OFFERED = {
    "SELECT": ["json", "xml", "csv", "tsv"],
    "ASK": ["json", "xml", "csv", "tsv"],
    "CONSTRUCT": ["json", "xml", "turtle", "n3", "rdf", "rdf+xml", "json-ld"],
    "DESCRIBE": ["json", "xml", "turtle", "n3", "rdf", "rdf+xml", "json-ld"],
}
METHODS = {"GET": (GET, URLENCODED), "POST form": (POST, URLENCODED), "POST body": (POST, POSTDIRECTLY)}
CASES = [(form, fmt, method) for form, formats in OFFERED.items() for fmt in formats for method in METHODS]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Dataset]]:
    """The served site's URL, and the build's graph as rdflib reads it (default graph: the union)."""
    out, port = built(tmp_path_factory, EXAMPLE, extractor=None)
    data = Dataset(default_union=True)
    data.parse(out / "graph.trig", format="trig")
    with serve(out, port) as url:
        yield url, data


def documents(data: Dataset) -> set[str]:
    return {str(s) for s in data.subjects(RDF.type, KG.Document)}


def triples_of(data: Dataset, subject: URIRef) -> set[tuple[Any, Any, Any]]:
    return {(s, p, o) for s, p, o, _ in data.quads((subject, None, None, None))}


def as_graph(result: Any) -> Graph:
    """SPARQLWrapper's converted CONSTRUCT or DESCRIBE result: bytes for Turtle and N3, a graph
    for the rest."""
    graph = Graph()
    if isinstance(result, bytes):
        return graph.parse(data=result, format="turtle")
    for triple in result.triples((None, None, None)):
        graph.add(triple)
    return graph


def as_rows(result: Any, fmt: str) -> set[str]:
    if fmt == "json":
        return {b["s"]["value"] for b in result["results"]["bindings"]}
    if fmt == "xml":
        return {node.firstChild.data for node in result.getElementsByTagName("uri")}
    header, *rows = result.decode("utf-8").splitlines()
    assert header == ("s" if fmt == "csv" else "?s")
    return {row.removeprefix("<").removesuffix(">") for row in rows}  # TSV writes IRIs in <>


def as_boolean(result: Any, fmt: str) -> bool:
    if fmt == "json":
        return bool(result["boolean"])
    if fmt == "xml":
        return str(result.getElementsByTagName("boolean")[0].firstChild.data) == "true"
    return str(result.decode("utf-8").split()[-1]) == "true"


@pytest.mark.parametrize(("form", "fmt", "method"), CASES)
def test_sparqlwrapper_reads_every_form_in_every_format_it_offers(
    site: tuple[str, Dataset], form: str, fmt: str, method: str
) -> None:
    url, data = site
    document = min(documents(data))
    wrapper = SPARQLWrapper(url + "sparql")
    wrapper.setQuery(FORMS[form].replace("$document", document))
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(METHODS[method][0])
    wrapper.setRequestMethod(METHODS[method][1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = wrapper.query().convert()
    # SPARQLWrapper warns when the endpoint answers another format than the one asked for
    assert not [str(w.message) for w in caught if "has been returned" in str(w.message)]
    if form == "SELECT":
        assert as_rows(result, fmt) == documents(data)
    elif form == "ASK":
        assert as_boolean(result, fmt) is True
    elif form == "CONSTRUCT":
        expected = Graph()
        for s in documents(data):
            expected.add((URIRef(s), RDF.type, KG.Document))
        assert isomorphic(as_graph(result), expected)
    else:
        described = as_graph(result)
        assert {t for t in described if t[0] == URIRef(document)} == triples_of(data, URIRef(document))


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_reads_the_endpoint(site: tuple[str, Dataset], fmt: str, method: str) -> None:
    url, data = site
    store = SPARQLStore(url + "sparql", returnFormat=fmt, method=method)
    graph = Graph(store=store)
    assert {str(row[0]) for row in graph.query(DOCUMENTS)} == documents(data)  # type: ignore[index]
    assert {str(s) for s in graph.subjects(RDF.type, KG.Document)} == documents(data)
    document = URIRef(min(documents(data)))
    triples = set(graph.triples((document, None, None)))
    if fmt == "csv":  # SPARQL's CSV drops datatypes and languages (by design): compare the text
        assert {(s, p, str(o)) for s, p, o in triples} == {
            (s, p, str(o)) for s, p, o in triples_of(data, document)
        }
    else:
        assert triples == triples_of(data, document)
    if fmt in ("xml", "json"):  # SPARQL's CSV and TSV formats have no boolean (rdflib reads none)
        assert graph.query(f"ASK {{ <{document}> a <{KG.Document}> }}").askAnswer is True
        assert graph.query(f"ASK {{ <{document}> a <{KG.Person}> }}").askAnswer is False


def test_rdflib_sparqlstore_reads_graphs_and_constructs(site: tuple[str, Dataset]) -> None:
    """Its named graphs are the build's and the ontology's, and a graph read by name
    (``default-graph-uri``) has that graph's triples only."""
    url, data = site
    store = SPARQLStore(url + "sparql")
    names = {c.identifier for c in data.graphs() if len(c)}
    assert set(store.contexts()) == names | {URIRef(ONTOLOGY_IRI)}
    assert len(Graph(store=store, identifier=URIRef(ONTOLOGY_IRI))) > 100
    for name in names:
        named = Graph(store=store, identifier=name)
        assert set(named.triples((None, None, None))) == set(data.graph(name))
    constructed = Graph(store=store).query(f"CONSTRUCT WHERE {{ ?s a <{KG.Document}> }}").graph
    assert constructed is not None and {str(s) for s in constructed.subjects()} == documents(data)


@pytest.mark.parametrize("path", ["person/saparbayev-b", "person/saparbayev-b.jsonld", "dataset.jsonld"])
def test_pyld_reads_the_served_json_ld_as_the_turtle_says(site: tuple[str, Dataset], path: str) -> None:
    """pyld with its own loader (requests): a resource IRI is followed through its 303 by the
    Accept pyld sends, the site's context is loaded from the site, and the triples are those of
    the Turtle document."""
    url, _ = site
    loader = jsonld.requests_document_loader(timeout=10)
    quads = jsonld.to_rdf(url + path, {"format": "application/n-quads", "documentLoader": loader})
    read = Graph().parse(data=quads, format="nt")
    turtle = Graph().parse(url + path.removesuffix(".jsonld") + ".ttl", format="turtle")
    assert len(read) > 0 and isomorphic(read, turtle)
    expanded = jsonld.expand(url + path, {"documentLoader": loader})
    assert {node["@id"] for node in expanded} >= {str(s) for s in turtle.subjects() if isinstance(s, URIRef)}
