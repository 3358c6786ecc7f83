"""The SPARQL 1.1 Protocol, as the W3C test suite checks it (w3c/rdf-tests,
``sparql/sparql11/protocol/manifest.ttl``, commit 0198f45): every one of its 34 entries, run
through the real WSGI application of ``kgbuild serve``.

The suite's data (``data0.rdf`` … ``data3.rdf``) cannot be loaded into a build, so its dataset tests
are rewritten against the Taraz build's own graphs, with the same shape: the graph of one document
(``D1``, holding the document node ``N1``), of the other (``D2``, ``N2``), and the entities graph
(``ENTITIES``, holding merges). The endpoint is read-only, so the update tests, which expect
success, expect 403 here, and the store must be unchanged after them. Then what the suite leaves
out: the dataset a query names with FROM, the union default graph when none is named, the same in
local queries (``kgbuild query --data``), format names as clients send them, relative IRIs.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.query import Result

from kgbuild.building.pipeline import build
from kgbuild.outdir.layout import read_manifest
from kgbuild.stores.embedded import open_store, select
from kgbuild.web.server import create_app
from tests.conftest import EXAMPLE

BASE = "http://127.0.0.1:8765/"
KG = "https://w3id.org/kgbuild/ontology#"
NONE = "http://example.org/none"  # a graph the store does not hold (the suite's data0.rdf)
BOOLEAN_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("protocol") / "out"
    build([EXAMPLE], folder, base=BASE, extractor=None, validate=False)
    return folder


@pytest.fixture(scope="module")
def app(out: Path) -> Iterator[Flask]:
    application = create_app(out, timeout=10, cap=1000, workers=1)
    yield application
    application.config["kgbuild.endpoint"].close()


def documents(out: Path) -> list[str]:
    return [str(d["id"]) for d in read_manifest(out)["documents"]]


@dataclass(frozen=True)
class Names:
    D1: str
    D2: str
    ENTITIES: str
    N1: str
    N2: str


@pytest.fixture(scope="module")
def names(out: Path) -> Names:
    first, second = documents(out)
    return Names(
        f"{BASE}graph/{first}",
        f"{BASE}graph/{second}",
        f"{BASE}graph/entities",
        f"{BASE}document/{first}",
        f"{BASE}document/{second}",
    )


@dataclass(frozen=True)
class Case:
    """One entry of the manifest: its request and what the answer must be."""

    name: str
    method: str
    params: list[tuple[str, str]] = field(default_factory=list)  # the URL's query string
    body: str | bytes | None = None
    content_type: str | None = None
    status: int = 200  # 200: any 2xx; 400: any 4xx; 403 exactly
    boolean: bool | None = None
    kind: str | None = None  # "boolean", "tabular" or "RDF": what the media type must be


def two_documents(n: Names) -> str:
    return f"ASK {{ <{n.N1}> a ?type . <{n.N2}> a ?type . }}"


def in_named_graphs(n: Names) -> str:
    return f"ASK {{ GRAPH ?g1 {{ <{n.N1}> a ?type }} GRAPH ?g2 {{ <{n.N2}> a ?type }} }}"


UPDATE = f"DROP ALL ; INSERT DATA {{ GRAPH <{NONE}> {{ <{NONE}> a <{KG}Document> }} }}"


def cases(n: Names) -> list[Case]:
    d1d2 = [("default-graph-uri", n.D1), ("default-graph-uri", n.D2)]
    named = [("named-graph-uri", n.D1), ("named-graph-uri", n.D2)]
    direct = "application/sparql-query"
    return [
        Case("query_post_form", "POST", [("default-graph-uri", NONE)], "query=ASK%20%7B%7D",
             "application/x-www-form-urlencoded", boolean=True, kind="boolean"),
        Case("query_dataset_default_graphs_get", "GET", [("query", two_documents(n)), *d1d2], boolean=True),
        Case("query_dataset_default_graphs_post", "POST", d1d2, two_documents(n), direct, boolean=True),
        Case("query_dataset_named_graphs_post", "POST", named, in_named_graphs(n), direct, boolean=True),
        Case("query_dataset_named_graphs_get", "GET", [("query", in_named_graphs(n)), *named], boolean=True),
        Case(
            "query_dataset_full",
            "POST",
            [("default-graph-uri", n.D2), ("named-graph-uri", n.D1), ("named-graph-uri", n.ENTITIES)],
            f"ASK {{ <{n.N2}> a ?type GRAPH ?g1 {{ <{n.N1}> a ?type }} GRAPH ?g2 {{ ?m a <{KG}Merge> }} }}",
            direct,
            boolean=True,
        ),
        Case(  # the manifest's URL encodes its second named graph into the first by mistake
            "query_multiple_dataset",
            "POST",
            named,
            f"ASK FROM <{n.ENTITIES}> {{ GRAPH ?g1 {{ <{n.N1}> a ?type }} GRAPH ?g2 {{ <{n.N2}> a ?type }} }}",
            direct,
            boolean=True,
        ),
        Case("query_get", "GET", [("query", "ASK {}"), ("default-graph-uri", NONE)], boolean=True),
        Case("query_content_type_select", "POST", [("default-graph-uri", NONE)], "SELECT (1 AS ?value) {}",
             direct, kind="tabular"),
        Case("query_content_type_ask", "POST", [("default-graph-uri", NONE)], "ASK {}", direct, kind="boolean"),
        Case("query_content_type_describe", "POST", [("default-graph-uri", NONE)],
             "DESCRIBE <http://example.org/>", direct, kind="RDF"),
        Case("query_content_type_construct", "POST", [("default-graph-uri", NONE)],
             "CONSTRUCT { <s> <p> 1 } WHERE {}", direct, kind="RDF"),
        Case("update_dataset_default_graph", "POST", [("using-graph-uri", n.D1)], UPDATE,
             "application/sparql-update", 403),
        Case("update_dataset_default_graphs", "POST", [("using-graph-uri", n.D1), ("using-graph-uri", n.D2)],
             UPDATE, "application/sparql-update", 403),
        Case("update_dataset_named_graphs", "POST", [("using-named-graph-uri", n.D1)], UPDATE,
             "application/sparql-update", 403),
        Case("update_dataset_full", "POST", [("using-graph-uri", n.D1), ("using-named-graph-uri", n.D2)],
             UPDATE, "application/sparql-update", 403),
        Case("update_post_form", "POST", [], "update=CLEAR+ALL", "application/x-www-form-urlencoded", 403),
        Case("update_post_direct", "POST", [], "CLEAR ALL", "application/sparql-update", 403),
        Case("update_base_uri", "POST", [], f"INSERT DATA {{ GRAPH <{NONE}> {{ <{NONE}> <{NONE}> <test> }} }}",
             "application/sparql-update", 403),
        Case("query_post_direct", "POST", [], "ASK {}", direct, boolean=True, kind="boolean"),
        Case("bad_query_method", "PUT", [("query", "ASK {}"), ("default-graph-uri", NONE)], b"",
             "application/x-www-form-urlencoded", 400),
        Case("bad_multiple_queries", "GET", [("query", "ASK {}"), ("query", "SELECT * {}")], status=400),
        Case("bad_query_wrong_media_type", "POST", [], "ASK {}", "text/plain", 400),
        Case("bad_query_missing_form_type", "POST", [], "query=ASK%20%7B%7D", None, 400),
        Case("bad_query_missing_direct_type", "POST", [], "ASK {}", None, 400),
        Case("bad_query_non_utf8", "POST", [], "ASK {}".encode("utf-16"), f"{direct}; charset=UTF-16", 400),
        Case("bad_query_syntax", "GET", [("query", "ASK {")], status=400),
        Case("bad_update_get", "GET", [("update", "CLEAR ALL")], status=403),
        Case("bad_multiple_updates", "POST", [], "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
             "application/x-www-form-urlencoded", 403),
        Case("bad_update_wrong_media_type", "POST", [], "CLEAR NAMED", "text/plain", 400),
        Case("bad_update_missing_form_type", "POST", [], "update=CLEAR%20NAMED", None, 400),
        Case("bad_update_non_utf8", "POST", [], "CLEAR NAMED".encode("utf-16"),
             "application/sparql-update; charset=UTF-16", 403),
        Case("bad_update_syntax", "POST", [], "update=CLEAR%20XYZ", "application/x-www-form-urlencoded", 403),
        Case("bad_update_dataset_conflict", "POST", [("using-named-graph-uri", "http://example/people")],
             "WITH <http://example/addresses> DELETE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' } "
             "WHERE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' }",
             "application/sparql-update", 403),
    ]  # fmt: skip


MANIFEST_ENTRIES = 34
NAMES = [c.name for c in cases(Names("", "", "", "", ""))]


def send(client: FlaskClient, case: Case) -> tuple[int, str, bytes]:
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    response = client.open(
        "/sparql?" + urlencode(case.params) if case.params else "/sparql",
        method=case.method,
        data=case.body,
        headers=headers,
    )
    return response.status_code, response.mimetype or "", response.data


def test_every_entry_of_the_w3c_protocol_manifest_is_here() -> None:
    assert len(NAMES) == len(set(NAMES)) == MANIFEST_ENTRIES


@pytest.mark.parametrize("name", NAMES)
def test_the_w3c_protocol_suite(client: FlaskClient, out: Path, names: Names, name: str) -> None:
    case = next(c for c in cases(names) if c.name == name)
    before = len(open_store([out]))
    status, media, body = send(client, case)
    if case.status == 200:
        assert 200 <= status < 400, (status, body)
    elif case.status == 400:
        assert 400 <= status < 500 and status != 403, (status, body)
    else:
        assert status == case.status and b"read-only" in body, (status, body)
    if case.kind == "boolean" or case.boolean is not None:
        assert media in BOOLEAN_TYPES, media
    if case.kind == "tabular":
        assert media in TABULAR_TYPES, media
    if case.kind == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=body, format={"text/turtle": "turtle"}.get(media, media))
    if case.boolean is not None:
        assert Result.parse(io.BytesIO(body), format=media.rsplit("+", 1)[-1]).askAnswer is case.boolean
    assert len(open_store([out])) == before  # nothing written, whatever was asked


# -- the dataset a request or a query names --------------------------------------------------


def ask(client: FlaskClient, query: str, params: list[tuple[str, str]] | None = None) -> bool:
    response = client.get(
        "/sparql?" + urlencode([("query", query), *(params or [])]),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.data
    return bool(response.get_json()["boolean"])


def count(client: FlaskClient, query: str, params: list[tuple[str, str]] | None = None) -> int:
    response = client.get(
        "/sparql?" + urlencode([("query", query), *(params or [])]),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.data
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


def test_a_request_that_names_its_dataset_gets_that_dataset(client: FlaskClient, names: Names) -> None:
    assert not ask(client, two_documents(names), [("default-graph-uri", names.D1)])
    assert not ask(client, in_named_graphs(names), [("named-graph-uri", names.D1)])
    assert not ask(client, f"ASK {{ <{names.N1}> ?p ?o }}", [("named-graph-uri", names.D1)])  # empty default
    assert ask(
        client, f"ASK {{ GRAPH <{names.D1}> {{ <{names.N1}> ?p ?o }} }}", [("named-graph-uri", names.D1)]
    )
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", [("default-graph-uri", NONE)]) == 0
    bad = client.get("/sparql?" + urlencode([("query", "ASK {}"), ("default-graph-uri", "not an iri")]))
    assert bad.status_code == 400 and b"default-graph-uri" in bad.data


def test_a_query_that_names_its_dataset_gets_that_dataset(client: FlaskClient, names: Names) -> None:
    everything = count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert everything > 1000  # the union of every graph: the default with no dataset named
    assert count(client, f"SELECT (COUNT(*) AS ?n) FROM <{NONE}> {{ ?s ?p ?o }}") == 0
    one = count(client, f"SELECT (COUNT(*) AS ?n) FROM <{names.D1}> {{ ?s ?p ?o }}")
    assert 0 < one < everything
    assert count(client, f"SELECT (COUNT(*) AS ?n) from named <{names.D1}> {{ ?s ?p ?o }}") == 0
    assert not ask(client, f"ASK FROM <{names.D1}> {{ <{names.N2}> ?p ?o }}")
    assert ask(client, f"ASK FROM NAMED <{names.D1}> {{ GRAPH ?g {{ <{names.N1}> ?p ?o }} }}")
    assert not ask(client, f"ASK FROM NAMED <{names.D1}> {{ GRAPH ?g {{ <{names.N2}> ?p ?o }} }}")
    # the word in a string, an IRI or a comment names no dataset
    assert count(client, 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(?o != "FROM <x>") } # FROM <x>') > 0


def test_local_queries_read_the_dataset_the_query_names(out: Path, names: Names) -> None:
    store = open_store([out])  # as kgbuild query --data and kgbuild.query(data=…) open it
    everything = int(str(select(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows[0][0]))
    assert int(str(select(store, f"SELECT (COUNT(*) AS ?n) FROM <{NONE}> {{ ?s ?p ?o }}").rows[0][0])) == 0
    one = int(str(select(store, f"SELECT (COUNT(*) AS ?n) FROM <{names.D1}> {{ ?s ?p ?o }}").rows[0][0]))
    assert 0 < one < everything
    graphs = select(store, f"SELECT DISTINCT ?g FROM NAMED <{names.D2}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [str(r[0]) for r in graphs.rows] == [names.D2]


# -- protocol details -----------------------------------------------------------------------


def test_a_relative_iri_resolves_against_the_sites_base(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data="CONSTRUCT { <person/x> <p> 1 } WHERE {}",
        content_type="application/sparql-query",
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(f"<{BASE}person/x> <{BASE}p> ")


def test_the_query_given_twice_is_refused(client: FlaskClient) -> None:
    both = client.post("/sparql?query=ASK%20%7B%7D", data="ASK {}", content_type="application/sparql-query")
    assert both.status_code == 400 and b"one query" in both.data
    form = client.post("/sparql?query=ASK%20%7B%7D", data={"query": "ASK {}"})
    assert form.status_code == 400


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_get_with_no_query_describes_the_service(
    client: FlaskClient, names: Names, accept: str | None, media_type: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type
    sd = "http://www.w3.org/ns/sparql-service-description#"
    graph = Graph().parse(data=response.data, format=rdflib_format)
    service = URIRef(f"{BASE}dataset#sparql")
    assert (service, URIRef(sd + "endpoint"), URIRef(f"{BASE}sparql")) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (service, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph
    assert {names.D1, names.D2, names.ENTITIES} <= {str(o) for o in graph.objects(None, URIRef(sd + "name"))}
    assert len(list(graph.objects(service, URIRef(sd + "resultFormat")))) == 8


def test_get_with_no_query_sends_a_browser_to_the_query_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/sparql.html")
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json" and json.loads(jsonld.data)["@context"]


SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/kgbuild/ontology#Document> } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://w3id.org/kgbuild/ontology#Document> }"


@pytest.mark.parametrize(
    ("query", "formats", "accept", "media_type"),
    [
        # the values SPARQLWrapper sends in format=, output= and results= (all three, each time)
        (SELECT, ["xml"], None, "application/sparql-results+xml"),
        (SELECT, ["json"], None, "application/sparql-results+json"),
        (SELECT, ["csv"], None, "text/csv"),
        (SELECT, ["tsv", "text/tab-separated-values"], None, "text/tab-separated-values"),
        (CONSTRUCT, ["xml"], None, "application/rdf+xml"),
        (CONSTRUCT, ["rdf+xml", "application/rdf+xml"], None, "application/rdf+xml"),
        (CONSTRUCT, ["rdf"], None, "application/rdf+xml"),
        (CONSTRUCT, ["json-ld", "application/ld+json"], None, "application/ld+json"),
        (CONSTRUCT, ["json"], None, "application/ld+json"),
        (CONSTRUCT, ["n3"], None, "text/turtle"),
        (CONSTRUCT, ["turtle"], None, "text/turtle"),
        (CONSTRUCT, ["text/turtle"], None, "text/turtle"),
        # a name the endpoint does not know is passed over, for Accept (as Fuseki and Virtuoso do)
        (CONSTRUCT, ["csv"], "application/n-triples", "application/n-triples"),
        (SELECT, ["turtle"], "text/csv", "text/csv"),
        (SELECT, ["docx"], None, "application/sparql-results+json"),
    ],
)
def test_format_values_that_clients_send(
    client: FlaskClient, query: str, formats: list[str], accept: str | None, media_type: str
) -> None:
    params = [("query", query)] + [
        (name, value) for name in ("format", "output", "results") for value in formats
    ]
    response = client.get("/sparql?" + urlencode(params), headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type
