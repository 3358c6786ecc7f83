"""The published graph held to standards written by others: the dataset's description validated
with the EU's DCAT-AP 3.0.1 SHACL shapes (SEMICeu/DCAT-AP, shipped in tests/data/dcat-ap/ with
their licence), CORS and caching headers the same from ``kgbuild serve`` and from the nginx and
Apache configurations ``publish`` writes, and a crawl of the site in which every link and every
fragment resolves.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pyshacl
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from rdflib import DCAT, DCTERMS, FOAF, RDF, Graph, Namespace, URIRef
from rdflib.namespace import SH

from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.web.html import CACHE_CONTROL, CACHED_STATUSES, CORS_HEADERS
from kgbuild.web.media import REPRESENTATIONS, alternate_links
from kgbuild.web.publish import publish
from kgbuild.web.publisher import SiteOptions
from tests.conftest import EXAMPLE, ROOT
from tests.services import apache, nginx
from tests.test_publish import NoRedirect

BASE = "http://127.0.0.1:8765/"
DATASET = URIRef(BASE + "dataset")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SHAPES = ROOT / "tests" / "data" / "dcat-ap" / "dcat-ap-3.0.1-SHACL.ttl"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("standards") / "out"
    build([EXAMPLE], folder, base=BASE, extractor=None, validate=False)
    return folder


# -- DCAT-AP 3.0 ----------------------------------------------------------------------------


def dcat_ap_shapes() -> Graph:
    """The shapes as SEMIC publishes them, but for the two property shapes that
    ``dcat:DataServiceShape`` names and the file never defines (SEMICeu/DCAT-AP issue 448), which
    every SHACL processor refuses to load: those references are left out."""
    shapes = Graph().parse(SHAPES, format="turtle")
    dangling = [(s, o) for s, o in shapes.subject_objects(SH.property) if shapes.value(o, SH.path) is None]
    assert len(dangling) == 2, dangling  # the upstream defect, no more: the file is as published
    for s, o in dangling:
        shapes.remove((s, SH.property, o))
    return shapes


def violations(data: Graph) -> list[str]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=dcat_ap_shapes())
    results = [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    assert conforms == (not results)
    return results


def test_the_shipped_shapes_find_what_dcat_ap_requires() -> None:
    """The shapes really test: a bare dataset in a catalogue without its mandatory properties fails."""
    bare = Graph()
    bare.add((URIRef("http://x/d"), RDF.type, DCAT.Dataset))
    bare.add((URIRef("http://x/c"), RDF.type, DCAT.Catalog))
    bare.add((URIRef("http://x/s"), RDF.type, DCAT.DataService))
    bare.add((URIRef("http://x/e"), RDF.type, DCAT.Distribution))
    found = " ".join(violations(bare))
    for missing in (
        "dcat#accessURL",
        "terms/title",
        "terms/description",
        "terms/publisher",
        "dcat#endpointURL",
    ):
        assert missing in found, missing


def test_the_served_dataset_description_conforms_to_dcat_ap(client: FlaskClient) -> None:
    response = client.get("/dataset.ttl")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert violations(graph) == []
    catalog = URIRef(BASE + "dataset#catalog")
    service = URIRef(BASE + "dataset#sparql")
    assert (catalog, RDF.type, DCAT.Catalog) in graph and (catalog, DCAT.dataset, DATASET) in graph
    assert (catalog, DCAT.service, service) in graph and graph.value(service, DCTERMS.title)
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph and str(
        graph.value(publisher, FOAF.name)
    ) == "127.0.0.1:8765"
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.hasURL) == URIRef(BASE + "index.html")
    distributions = set(graph.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 3 and all(graph.value(d, DCAT.accessURL) for d in distributions)
    with_service = {d for d in distributions if graph.value(d, DCAT.accessService)}
    assert with_service == {URIRef(BASE + "dataset#sparql-endpoint")}  # not the dumps
    assert graph.value(URIRef(BASE + "dataset#sparql-endpoint"), DCAT.accessURL) == URIRef(BASE + "sparql")
    for node, kind in (
        (graph.value(DATASET, DCTERMS.license), DCTERMS.LicenseDocument),
        (graph.value(DATASET, DCAT.landingPage), FOAF.Document),
        (graph.value(service, DCTERMS.conformsTo), DCTERMS.Standard),
        *((graph.value(d, DCAT.mediaType), DCTERMS.MediaType) for d in distributions - with_service),
    ):
        assert (node, RDF.type, kind) in graph, node


def test_a_published_description_conforms_with_the_publisher_and_contact_given(
    out: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        [
            *("publish", str(out), "--site", str(site), "--base", "https://data.example.gov/kg/"),
            *("--publisher", "Akimat of Zhambyl region", "--contact", "opendata@example.gov"),
        ],
    )
    assert result.exit_code == 0, result.output
    graph = Graph().parse(site / "dataset.ttl")
    assert violations(graph) == []
    dataset = URIRef("https://data.example.gov/kg/dataset")
    assert str(graph.value(graph.value(dataset, DCTERMS.publisher), FOAF.name)) == "Akimat of Zhambyl region"
    contact = graph.value(dataset, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@example.gov")
    assert not list(graph.subjects(RDF.type, DCAT.DataService))  # no endpoint given: no service
    assert violations(Graph().parse(site / ".well-known" / "void", format="turtle")) == []


@pytest.mark.parametrize("contact", ["nobody", "ftp://example.org/", "a@b"])
def test_a_contact_that_is_neither_an_address_nor_a_url_is_refused(
    out: Path, tmp_path: Path, contact: str
) -> None:
    result = CliRunner().invoke(
        main, ["publish", str(out), "--site", str(tmp_path / "site"), "--contact", contact]
    )
    assert result.exit_code == 2 and "--contact" in result.output
    assert not (tmp_path / "site").exists()


# -- links and fragments ----------------------------------------------------------------------


class Anchors(HTMLParser):
    """The links (``href``, ``src``) of a page and the ids it has (``id``, ``<a name>``)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith(("mailto:", "data:")):
                self.links.append(value)
            if (name == "id" or (tag == "a" and name == "name")) and value:
                self.ids.add(value)


#: fetch(url) → (the URL it ended at, answered or not, the page's HTML when it is one)
Fetch = Callable[[str], tuple[str, bool, str | None]]


def crawl(fetch: Fetch, start: list[str]) -> tuple[dict[str, Anchors], list[str]]:
    """Every page reachable from ``start`` on the same site, and what is broken: links that do not
    answer, and fragments (``#…``) with no element of that id on the page they land on."""
    site = urlsplit(start[0]).netloc
    pages: dict[str, Anchors] = {}
    landed: dict[str, str] = {}  # a link's URL → where it ended (a resource IRI → its page)
    fragments: list[tuple[str, str, str]] = []
    broken: list[str] = []
    todo = [(url, "start") for url in start]
    while todo:
        url, source = todo.pop()
        if url in landed:
            continue
        final, ok, html = fetch(url)
        landed[url] = final
        if not ok:
            broken.append(f"{source} → {url}")
            continue
        if html is None or final in pages:
            continue
        pages[final] = Anchors()
        pages[final].feed(html)
        for link in pages[final].links:
            target = urlsplit(urljoin(final, link))
            if target.netloc != site or target.scheme not in ("http", "file"):
                continue
            document = target._replace(fragment="").geturl()
            if target.fragment:
                fragments.append((final, document, unquote(target.fragment)))
            todo.append((document, final))
    for source, document, fragment in fragments:
        page = pages.get(landed.get(document, document))
        if page is not None and fragment not in page.ids:
            broken.append(f"{source} → {document}#{fragment}")
    return pages, broken


def test_every_link_and_fragment_of_the_served_site_resolves(client: FlaskClient, out: Path) -> None:
    def fetch(url: str) -> tuple[str, bool, str | None]:
        response = client.get(urlsplit(url).path, follow_redirects=True, headers={"Accept": "text/html"})
        final = "http://127.0.0.1:8765" + response.request.path
        for answer in (*response.history, response):  # CORS and caching on every hop of the crawl
            assert answer.headers.get("Access-Control-Allow-Origin") == "*", url
            endpoint = answer.request.path == "/sparql"  # its answers depend on the query: not cached
            assert answer.headers.get("Cache-Control") == (None if endpoint else CACHE_CONTROL), url
        assert response.headers.get("ETag") and response.headers.get("Last-Modified"), url
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        return final, response.status_code == 200, html

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap.mimetype == "application/xml"
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap.get_data(as_text=True))
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and f"Sitemap: {BASE}sitemap.xml" in robots.get_data(as_text=True)
    start = [BASE + page for page in ("index.html", "dataset.html", "sparql.html", "ontology.html")]
    pages, broken = crawl(fetch, start + listed)
    assert broken == []
    assert len(pages) > 80 and set(listed) <= set(pages)
    ontology = pages[BASE + "ontology.html"].ids
    assert {"roleSpeaker", "eventSection", "outcomeResolution", "RoleTypes"} <= ontology
    dataset = pages[BASE + "dataset.html"].ids
    assert {"dump-graph.nq.gz", "dump-graph.trig.gz", "catalog", "publisher", "contact", "sparql"} <= dataset


def test_every_link_and_fragment_of_the_published_files_resolves(out: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(
        out, site, base="https://data.example.gov/kg/", options=SiteOptions(sparql="https://q.example/sparql")
    )

    def fetch(url: str) -> tuple[str, bool, str | None]:
        path = Path(unquote(urlsplit(url).path))
        if path.is_dir():
            path = path / "index.html"
        html = path.read_text(encoding="utf-8") if path.suffix == ".html" and path.is_file() else None
        return path.as_uri(), path.is_file(), html

    start = [
        (site / page).as_uri() for page in ("index.html", "dataset.html", "sparql.html", "ontology.html")
    ]
    pages, broken = crawl(fetch, start)
    assert broken == []
    assert len(pages) > 80
    assert (site / "sitemap.xml").is_file() and (site / "robots.txt").is_file()


# -- the JSON-LD context ----------------------------------------------------------------------


def test_json_ld_documents_refer_to_the_sites_own_context_absolutely(
    client: FlaskClient, out: Path, tmp_path: Path
) -> None:
    for path in ("/person/saparbayev-b.jsonld", "/dataset.jsonld", "/ontology.jsonld"):
        document = json.loads(client.get(path).data)
        assert document["@context"] == BASE + "context.jsonld", path
    assert client.get("/context.jsonld").status_code == 200
    base = "https://data.example.gov/kg/"
    site = tmp_path / "site"
    publish(out, site, base=base)
    documents = [p for p in site.rglob("*.jsonld") if p.name != "context.jsonld"]
    assert len(documents) > 70
    for path in documents:
        assert json.loads(path.read_text(encoding="utf-8"))["@context"] == base + "context.jsonld", path
    assert (site / "context.jsonld").is_file()
    unregistered = "w3id.org/kgbuild/context.jsonld"
    assert not [p for p in site.rglob("*") if p.is_file() and unregistered.encode() in p.read_bytes()]


# -- CORS and caching, the same from serve, nginx and Apache ------------------------------------

PUBLISHED = "http://127.0.0.1/kg/"  # the base the site is published for (the servers' port varies)
#: (path under the site, Accept, status): a redirect, resource documents, the dataset's, pages that
#: have no other formats, a file, and a miss
PROBES = [
    ("person/saparbayev-b", "text/turtle", 303),
    ("person/saparbayev-b.ttl", None, 200),
    ("person/saparbayev-b.html", None, 200),
    ("person/saparbayev-b.jsonld", None, 200),
    ("dataset.rdf", None, 200),
    ("index.html", None, 200),
    ("context.jsonld", None, 200),
    ("dumps/graph.nq.gz", None, 200),
    ("person/nobody.ttl", None, 404),
]
#: Get(path under the site, request headers) → (status, response headers)
Get = Callable[[str, dict[str, str]], tuple[int, dict[str, str]]]


def check_cors_and_caching(get: Get, prefix: str) -> None:
    """Every probe's headers as kgbuild.web.html says: CORS on every response, the redirect
    included; Cache-Control on documents and redirects, never on errors; ETag, Last-Modified and
    Content-Location on documents; Link to the other formats on a resource's documents; 304 when
    the client's copy is current. ``prefix`` is the site's path on its server."""
    for path, accept, status in PROBES:
        answered, headers = get(path, {"Accept": accept} if accept else {})
        where = f"{path}: {headers}"
        assert answered == status, where
        for name, value in CORS_HEADERS:
            assert headers.get(name) == value, where
        assert headers.get("Cache-Control") == (CACHE_CONTROL if status in CACHED_STATUSES else None), where
        stem, _, extension = path.rpartition(".")
        if status == 200:
            assert headers.get("ETag") and headers.get("Last-Modified"), where
            assert headers.get("Content-Location") == prefix + path, where
            documents = stem.startswith(("person/", "dataset")) and extension in {
                r.extension for r in REPRESENTATIONS
            }
            assert headers.get("Link") == (
                alternate_links(prefix + stem, extension) if documents else None
            ), where
        else:
            assert "Content-Location" not in headers and "Link" not in headers, where
        if status == 303:
            assert "Accept" in headers.get("Vary", ""), where
    etag = get("person/saparbayev-b.ttl", {})[1]["ETag"]
    status, headers = get("person/saparbayev-b.ttl", {"If-None-Match": etag})
    assert status == 304 and headers.get("ETag") == etag and headers.get("Cache-Control") == CACHE_CONTROL
    assert get("person/saparbayev-b.ttl", {"If-None-Match": '"another"'})[0] == 200
    modified = get("index.html", {})[1]["Last-Modified"]
    assert get("index.html", {"If-Modified-Since": modified})[0] == 304


def test_serve_sends_cors_and_caching_headers(client: FlaskClient) -> None:
    def get(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
        response = client.get("/" + path, headers=headers)
        return response.status_code, dict(response.headers)

    check_cors_and_caching(get, "/")


@pytest.mark.slow
@pytest.mark.service
@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_the_shipped_configurations_send_the_same_cors_and_caching_headers(
    server: str, out: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(out, site, base=PUBLISHED)
    path = urlsplit(PUBLISHED).path
    running = nginx(site, tmp_path) if server == "nginx" else apache(site, tmp_path, path)
    with running as url:
        opener = urllib.request.build_opener(NoRedirect)

        def get(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
            request = urllib.request.Request(url + path, headers=headers)
            try:
                with opener.open(request, timeout=10) as response:
                    return response.status, dict(response.headers)
            except urllib.error.HTTPError as err:
                return err.code, dict(err.headers)

        check_cors_and_caching(get, path)
