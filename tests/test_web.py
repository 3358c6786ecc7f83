"""Linked-data publishing over HTTP: Cool URIs and content negotiation, representations that parse
and match each resource's description, links that resolve, VoID and DCAT, dumps, the SPARQL
protocol (formats, CORS, cap, timeout, no updates), and escaping of hostile text.

The application is driven through Flask's test client (real requests through the real WSGI app);
tests/test_browser.py drives it from a real browser over a real socket.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import DCAT, DCTERMS, RDF, RDFS, SKOS, VOID, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from kgbuild.building.pipeline import build
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.layout import NQUADS
from kgbuild.outdir.output import load_dataset
from kgbuild.queries.saved import get_query
from kgbuild.stores.embedded import open_store, select
from kgbuild.web.server import create_app
from kgbuild.web.site import Site
from tests.conftest import EXAMPLE, ROOT
from tests.services import listener

BASE = "http://127.0.0.1:8765/"
PERSON = BASE + "person/saparbayev-b"
EVENT = BASE + "event/2021-10-14-mezhetnicheskoye-soglasiye-na-sovremennom-etape-opyt"
ORGANIZATION = BASE + "organization/assambleya-naroda-kazakhstana"
RDF_TYPES = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web") / "out"
    build([EXAMPLE], folder, base=BASE, extractor=None, validate=False)
    return folder


@pytest.fixture(scope="module")
def app(out: Path) -> Iterator[Flask]:
    application = create_app(out, timeout=3, cap=5, workers=1)
    yield application
    application.config["kgbuild.endpoint"].close()


def path(iri: str) -> str:
    return "/" + iri[len(BASE) :]


def expected_description(out: Path, iri: str) -> Graph:
    """A resource's description computed independently, with rdflib, from the build's quads."""
    dataset = load_dataset(out)
    triples = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    node = URIRef(iri)
    graph = Graph()
    for s, p, o in triples:
        if node in (s, o):
            graph.add((s, p, o))
    for evidence in [o for s, p, o in triples if s == node and p == KG.evidence]:
        for s, p, o in triples:
            if s == evidence:
                graph.add((s, p, o))
    ontology = Graph().parse(EXAMPLE.parent.parent / "ontology" / "kgbuild.ttl")
    everything = triples | set(ontology)
    mentioned = {t for s, _, o in list(graph) for t in (s, o) if isinstance(t, URIRef)} - {node}
    for s, p, o in everything:
        if s in mentioned and p in (SKOS.prefLabel, RDFS.label):
            graph.add((s, p, o))
    return graph


# -- Cool URIs and content negotiation ------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("text/turtle;q=0.5, application/n-triples", "nt"),
        ("*/*", "ttl"),
        ("text/turtle;charset=utf-8", "ttl"),  # parameters name the same type
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
        ('application/ld+json;profile="a,b";q=0.9, text/html;q=0.8', "jsonld"),
        ("text/turtle; charset=utf-8; q=0.9, text/html;q=0.8", "ttl"),
        ("text/html;q=0.1, application/rdf+xml", "rdf"),
        ("text/turtle;q=0, application/n-triples;q=0.2", "nt"),  # q=0: not this one
        ("text/html;q=0, */*;q=0.5", "ttl"),
        ("*/*;q=0.8", "ttl"),
    ],
)
def test_a_resource_iri_answers_303_to_the_document_asked_for(
    client: FlaskClient, accept: str, extension: str
) -> None:
    response = client.get(path(PERSON), headers={"Accept": accept})
    assert response.status_code == 303 and response.headers["Vary"] == "Accept"
    assert urljoin(PERSON, response.headers["Location"]) == f"{PERSON}.{extension}"


def test_format_overrides_accept_and_unknown_formats_are_refused(client: FlaskClient) -> None:
    response = client.get(path(PERSON) + "?format=jsonld", headers={"Accept": "text/html"})
    assert urljoin(PERSON, response.headers["Location"]) == f"{PERSON}.jsonld"
    assert client.get(path(PERSON) + "?format=docx").status_code == 406


@pytest.mark.parametrize("iri", [PERSON, EVENT, ORGANIZATION])
@pytest.mark.parametrize("extension", sorted(RDF_TYPES))
def test_each_representation_parses_and_is_the_resource_description(
    client: FlaskClient, out: Path, iri: str, extension: str
) -> None:
    media_type, rdflib_format = RDF_TYPES[extension]
    response = client.get(f"{path(iri)}.{extension}")
    assert response.status_code == 200 and response.mimetype == media_type
    data = response.get_data(as_text=True)
    if extension == "jsonld":  # its @context is the site's own context document, relative to it
        document = json.loads(data)
        reference = document["@context"]
        context = client.get(urlsplit(urljoin(f"{iri}.jsonld", reference)).path)
        assert context.status_code == 200
        document["@context"] = json.loads(context.get_data(as_text=True))["@context"]
        data = json.dumps(document)
    parsed = Graph().parse(data=data, format=rdflib_format, publicID=iri)
    assert isomorphic(parsed, expected_description(out, iri))


def test_unknown_resources_and_paths_outside_the_site_are_404(client: FlaskClient) -> None:
    for url in (
        "/person/nobody",
        "/person/nobody.ttl",
        "/static/../pyproject.toml",
        "/static/%2e%2e/pyproject.toml",
        "/../../etc/passwd",
        "/dumps/../build.json",
        "/static/vendor/../../../pyproject.toml",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"tool.ruff" not in response.data and b"root:" not in response.data


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith(("mailto:", "#")):
                self.found.append(value)


def crawl(client: FlaskClient, *start: str) -> dict[str, str]:
    """Every page reachable from ``start`` on the site: path → HTML. Each link must answer 200;
    links into documents' spans (``#char=…``) must land on an element with that id."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    todo = list(start)
    anchors: list[tuple[str, str]] = []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        # as a browser asks: a resource IRI (a canonical link) answers 303 to its page
        response = client.get(url, follow_redirects=True, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        url = response.request.path  # where the redirects led: relative links start from there
        if response.mimetype != "text/html" or url.startswith("/ontology") or url in pages:
            continue
        pages[url] = response.get_data(as_text=True)
        links = Links()
        links.feed(pages[url])
        for href in links.found:
            target = urlsplit(urljoin("http://127.0.0.1:8765" + url, href))
            if target.netloc != "127.0.0.1:8765":
                continue
            if target.fragment.startswith("char="):
                anchors.append((target.path, target.fragment))
            todo.append(target.path)
    for page, anchor in anchors:
        assert f'id="{anchor}"' in client.get(page).get_data(as_text=True), f"{page}#{anchor}"
    return pages


def test_every_link_on_the_site_resolves_and_every_resource_is_reached(
    client: FlaskClient, out: Path
) -> None:
    pages = crawl(client, "/index.html", "/sparql.html", "/dataset.html")
    resources = {path(iri) + ".html" for iri in Site(open_store([out]), BASE).resources()}
    assert len(resources) > 70 and resources <= set(pages), sorted(resources - set(pages))[:5]


def test_pages_show_roles_capacities_parts_and_sources(client: FlaskClient) -> None:
    person = client.get(path(PERSON) + ".html").get_data(as_text=True)
    assert "Бердибек Сапарбаев" in person and "аким Жамбылской области" in person
    assert "Roles, by date" in person and "Sources: the quoted spans" in person
    assert "../document/001_bf77756acbf7d79d.html#char=" in person  # a quote links to its span
    event = client.get(path(EVENT) + ".html").get_data(as_text=True)
    for section in ("Speakers, by part", "Mentioned, did not speak", "Graph"):
        assert f"<h2>{section}</h2>" in event, section
    for fact in ("Parts", "Organizers", "Outcomes"):
        assert f"<dt>{fact}</dt>" in event, fact
    assert "пленарное заседание" in event and "акимат Жамбылской области" in event
    graph = json.loads(re.search(r'id="kg-graph-data">(.*?)</script>', event, re.S).group(1))  # type: ignore[union-attr]
    kinds = {n["data"]["kind"] for n in graph["nodes"]}
    assert {"event", "part", "person", "organization", "resolution"} <= kinds
    assert any("аким Жамбылской области" in e["data"]["label"] for e in graph["edges"])


def test_an_event_page_embeds_its_description_as_json_ld(client: FlaskClient, out: Path) -> None:
    page = client.get(path(EVENT) + ".html").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json" id="kg-jsonld">(.*?)</script>', page, re.S)
    assert block is not None
    parsed = Graph().parse(data=block.group(1), format="json-ld")
    assert isomorphic(parsed, expected_description(out, EVENT))


# -- the dataset: VoID, DCAT, dumps, ontology -----------------------------------------------


def test_void_and_dcat_describe_the_dataset(client: FlaskClient, out: Path) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    void = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void and (dataset, RDF.type, DCAT.Dataset) in void
    store = open_store([out])
    triples = select(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(?g != <https://w3id.org/kgbuild/ontology>) } }",
    ).rows[0][0]
    assert void.value(dataset, VOID.triples) == Literal(int(str(triples)))
    assert void.value(dataset, VOID.uriSpace) == Literal(BASE)
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert (dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in void
    people = [
        p for p in void.objects(dataset, VOID.classPartition) if void.value(p, VOID["class"]) == KG.Person
    ]
    assert len(people) == 1 and int(void.value(people[0], VOID.entities)) == 11  # type: ignore[arg-type]
    assert len(list(void.objects(dataset, VOID.propertyPartition))) > 20
    for dump in void.objects(dataset, VOID.dataDump):
        download = client.get(path(str(dump)))
        assert download.status_code == 200 and download.mimetype == "application/gzip"
        distribution = next(void.subjects(DCAT.downloadURL, dump))
        assert int(void.value(distribution, DCAT.byteSize)) == len(download.data)  # type: ignore[arg-type]
    nquads = gzip.decompress(client.get("/dumps/graph.nq.gz").data).decode("utf-8")
    assert nquads == (out / NQUADS).read_text(encoding="utf-8")
    assert (
        client.get("/.well-known/void", headers={"Accept": "text/html"})
        .headers["Location"]
        .endswith("/dataset.html")
    )


def test_the_ontology_has_its_documentation_and_its_source(client: FlaskClient) -> None:
    assert (
        client.get("/ontology", headers={"Accept": "text/turtle"})
        .headers["Location"]
        .endswith("ontology.ttl")
    )
    source = client.get("/ontology.ttl").get_data(as_text=True)
    assert len(Graph().parse(data=source, format="turtle")) > 500
    docs = client.get("/ontology.html").get_data(as_text=True)
    assert (
        "kgbuild ontology" in docs
        and 'id="kg-diagram"' in docs
        and "https://w3id.org/kgbuild/ontology#Role" in docs
    )
    diagram = json.loads(re.search(r'id="kg-graph-data">(.*?)</script>', docs, re.S).group(1))  # type: ignore[union-attr]
    labels = {n["data"]["label"] for n in diagram["nodes"]}
    assert {"Event", "Person", "Role", "Organization", "Resolution"} <= labels
    anchors = {n["data"]["href"] for n in diagram["nodes"]}
    assert all(f'id="{a[1:]}"' in docs for a in anchors)  # each class links to its entry


# -- the SPARQL endpoint ------------------------------------------------------------------


def test_sparql_answers_in_each_results_format(client: FlaskClient, out: Path) -> None:
    query = "SELECT ?event ?title WHERE { ?event a kg:Event ; skos:prefLabel ?title } ORDER BY ?title LIMIT 3"
    expected = [tuple(str(t) for t in row) for row in select(open_store([out]), query).rows]
    for accept, fmt in (
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
    ):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200 and response.mimetype == accept
        result = Result.parse(io.BytesIO(response.data), format=fmt)
        assert [tuple(str(t) for t in row) for row in result] == expected  # type: ignore[union-attr]
    for accept, media_type in (
        ("text/csv; charset=utf-8", "text/csv"),
        ("application/sparql-results+xml;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.mimetype == media_type, accept
    posted = client.post("/sparql", data={"query": query, "format": "csv"})
    assert posted.mimetype == "text/csv"
    assert [tuple(r) for r in csv.reader(io.StringIO(posted.get_data(as_text=True)))][1:] == expected
    direct = client.post(
        "/sparql",
        data=query,
        content_type="application/sparql-query",
        headers={"Accept": "text/tab-separated-values"},
    )
    assert direct.mimetype == "text/tab-separated-values" and direct.get_data(as_text=True).startswith(
        "?event\t?title"
    )
    ask = client.get(
        "/sparql",
        query_string={"query": "ASK { ?s a kg:Person }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert ask.get_json() == {"head": {}, "boolean": True}
    construct = client.get(
        "/sparql",
        query_string={"query": f"CONSTRUCT WHERE {{ <{PERSON}> ?p ?o }}"},
        headers={"Accept": "text/turtle"},
    )
    assert len(Graph().parse(data=construct.get_data(as_text=True), format="turtle")) == 5  # the app's cap
    assert construct.headers["X-Kgbuild-Result-Cut"].startswith("5 ")


def test_sparql_has_cors_and_says_when_it_cut_a_result(client: FlaskClient) -> None:
    preflight = client.options(
        "/sparql", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    response = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert len(response.get_json()["results"]["bindings"]) == 5  # the cap in this app
    assert response.headers["X-Kgbuild-Result-Cut"].startswith("5 rows") and "Warning" in response.headers
    small = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a kg:Document }"})
    assert "X-Kgbuild-Result-Cut" not in small.headers


def test_sparql_refuses_updates_and_bad_queries_and_stops_long_ones(client: FlaskClient, out: Path) -> None:
    before = len(open_store([out]))
    for response in (
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", data="DROP ALL", content_type="application/sparql-update"),
    ):
        assert response.status_code == 403 and b"read-only" in response.data
    smuggled = client.get("/sparql", query_string={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert smuggled.status_code == 400
    assert len(open_store([out])) == before
    bad = client.get("/sparql", query_string={"query": "SELEC ?x"})
    assert bad.status_code == 400 and b"not valid SPARQL" in bad.data
    start = time.monotonic()
    slow = client.get(
        "/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
    )
    assert slow.status_code == 503 and b"timeout" in slow.data and time.monotonic() - start < 15
    again = client.get(
        "/sparql",
        query_string={"query": "ASK { ?s a kg:Person }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert again.get_json()["boolean"] is True  # a new worker took the stopped one's place


def test_sparql_refuses_service_and_sends_nothing_anywhere(client: FlaskClient) -> None:
    with listener() as (port, received):
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?s ?p ?o .service silent <http://127.0.0.1:{port}/> {{}} }}",
            f"SELECT * WHERE {{ VALUES ?at {{ <http://127.0.0.1:{port}/> }} SERVICE ?at {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ex:a\\# SERVICE <http://127.0.0.1:{port}/> {{}} }}",
        ):
            for response in (
                client.get("/sparql", query_string={"query": query}),
                client.post("/sparql", data=query, content_type="application/sparql-query"),
            ):
                assert response.status_code == 400, query
                assert b"SERVICE is refused" in response.data and b"never sends requests" in response.data
        time.sleep(0.5)
    assert received == []


def test_every_response_forbids_inline_script(client: FlaskClient) -> None:
    for url in ("/index.html", path(EVENT) + ".html", "/sparql.html", "/ontology.html"):
        headers = client.get(url).headers
        assert (
            "script-src 'self'" in headers["Content-Security-Policy"]
            and headers["X-Content-Type-Options"] == "nosniff"
        )


# -- hostile text -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "hostile" / "report.txt", root / "corpus" / "report.txt")
    build([root / "corpus"], root / "out", base=BASE, curated=False, validate=False)
    application = create_app(root / "out", workers=1)
    yield application.test_client()
    application.config["kgbuild.endpoint"].close()


def test_hostile_text_is_escaped_on_every_page(hostile: FlaskClient) -> None:
    events = select(
        open_store([Path(hostile.application.config["kgbuild.endpoint"].data[0])]), get_query("events").body
    )
    assert HOSTILE in str(events.rows[0][1])  # the title really holds the script
    pages = crawl(hostile, "/index.html", "/dataset.html", "/sparql.html")
    for url, html in pages.items():
        assert "<script>alert" not in html and "<img src=x" not in html, url
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
        assert all("</" not in s and "<script" not in s for s in scripts), url
    assert len(pages) > 10
    html = next(page for url, page in pages.items() if url.startswith("/event/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "\\u003cscript\\u003e" in html
