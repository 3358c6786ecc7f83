"""kgbuild publish: the static site on disk, moved under a new base, and served for real by nginx and
Apache with the configuration it ships (content negotiation by 303, as ``kgbuild serve`` does)."""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.errors import KgbuildError, OutputError
from kgbuild.outdir.layout import NQUADS
from kgbuild.web.html import SECURITY_HEADERS
from kgbuild.web.media import RDF_REPRESENTATIONS
from kgbuild.web.publish import publish
from kgbuild.web.publisher import SiteOptions
from tests.conftest import EXAMPLE
from tests.services import apache, nginx

NEW = "http://127.0.0.1/kg/"  # the base the site is published for (the servers' port varies)
OLD = "https://example.org/kg/"
PERSON = "person/saparbayev-b"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish") / "out"
    build([EXAMPLE], folder, extractor=None, validate=False)
    return folder


@pytest.fixture(scope="module")
def site(out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("published") / "site"
    result = CliRunner().invoke(
        main, ["publish", str(out), "--site", str(target), "--base", NEW, "--title", "Taraz"]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"Published \d+ resources \(\d+ files\)", result.output)
    return target


def test_every_resource_has_a_page_and_four_rdf_documents(site: Path) -> None:
    pages = sorted(site.glob("person/*.html"))
    assert len(pages) == 11
    for page in pages:
        for representation in RDF_REPRESENTATIONS:
            assert page.with_suffix(f".{representation.extension}").is_file()
    for name in (
        "index.html",
        "404.html",
        "dataset.html",
        "dataset.ttl",
        ".well-known/void",
        "ontology.html",
        "ontology.ttl",
        "context.jsonld",
        "dumps/graph.nq.gz",
        "dumps/graph.trig.gz",
        "sitemap.xml",
        "robots.txt",
        ".htaccess",
        "server/nginx.conf",
        "static/vendor/cytoscape.min.js",
        "static/graph.js",
    ):
        assert (site / name).is_file(), name


def test_the_site_is_moved_under_its_new_base(site: Path, out: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ttl", ".nt", ".jsonld", ".rdf", ".xml", ""):
            assert OLD not in path.read_text(encoding="utf-8", errors="replace"), path
    graph = Graph().parse(site / f"{PERSON}.ttl")
    assert (URIRef(NEW + PERSON), None, None) in graph
    dump = gzip.decompress((site / "dumps/graph.nq.gz").read_bytes()).decode("utf-8")
    assert dump == (out / NQUADS).read_text(encoding="utf-8").replace(f"<{OLD}", f"<{NEW}")
    assert f"<loc>{NEW}{PERSON}.html</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_every_link_in_the_files_resolves(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if p.name != "ontology.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            if link.startswith(("http://", "https://", "#", "mailto:")):
                continue
            target = urlsplit(urljoin(page.as_uri(), link))
            assert Path(target.path).is_file(), f"{page.relative_to(site)} → {link}"
            if target.fragment.startswith("char="):
                assert f'id="{target.fragment}"' in Path(target.path).read_text(encoding="utf-8"), link
    assert len(pages) > 70


def test_publishing_twice_writes_the_same_files(out: Path, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    publish(out, again, base=NEW, options=SiteOptions(title="Taraz"))
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        if name != Path("server/nginx.conf"):  # it names the folder
            assert (site / name).read_bytes() == (again / name).read_bytes(), name


def test_a_failed_publish_leaves_the_old_site(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    publish(out, target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    with pytest.raises(KgbuildError, match="ftp://nowhere/"):
        publish(out, target, base="ftp://nowhere/")
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a site kgbuild published"):
        publish(out, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_server_configurations_set_the_headers_serve_sets(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    nginx_conf = (site / "server" / "nginx.conf").read_text(encoding="utf-8")
    for name, value in SECURITY_HEADERS:
        assert f'Header always set {name} "{value}"' in htaccess
        assert f'add_header {name} "{value}" always;' in nginx_conf
    assert any(name == "Content-Security-Policy" and "script-src 'self'" in v for name, v in SECURITY_HEADERS)


@pytest.mark.parametrize("endpoint", ["javascript:alert(1)", "ftp://example.org/sparql", "sparql", "http://"])
def test_the_sparql_endpoint_of_a_site_must_be_an_http_url(out: Path, tmp_path: Path, endpoint: str) -> None:
    result = CliRunner().invoke(
        main, ["publish", str(out), "--site", str(tmp_path / "site"), "--sparql-endpoint", endpoint]
    )
    assert result.exit_code == 2 and "must be an http:// or https:// URL" in result.output
    assert not (tmp_path / "site").exists()
    ok = CliRunner().invoke(
        main,
        [
            "publish",
            str(out),
            "--site",
            str(tmp_path / "ok"),
            "--sparql-endpoint",
            "https://q.example/sparql",
        ],
    )
    page = (tmp_path / "ok" / "sparql.html").read_text(encoding="utf-8")
    assert ok.exit_code == 0 and 'data-endpoint="https://q.example/sparql"' in page


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.slow
@pytest.mark.service
@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_a_web_server_with_the_shipped_configuration_negotiates_content(
    server: str, site: Path, tmp_path: Path
) -> None:
    running = nginx(site, tmp_path) if server == "nginx" else apache(site, tmp_path, urlsplit(NEW).path)
    with running as url:
        for accept, extension in (
            ("text/turtle", "ttl"),
            ("text/html,application/xhtml+xml;q=0.9", "html"),
            ("application/ld+json", "jsonld"),
            ("application/n-triples", "nt"),
            ("application/rdf+xml", "rdf"),
            ("*/*", "ttl"),
            ("text/turtle;charset=utf-8", "ttl"),
            ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
            ("text/turtle;q=0, application/n-triples", "nt"),
            ("*/*;q=0.8", "ttl"),
        ):
            status, headers, _ = fetch(url + PERSON, accept)
            assert status == 303 and urljoin(url, headers["Location"]).endswith(
                f"/kg/{PERSON}.{extension}"
            ), accept
        status, headers, _ = fetch(url + PERSON + "?format=nt", "text/html")
        assert status == 303 and headers["Location"].endswith(f"{PERSON}.nt")
        for extension, media_type in (
            ("ttl", "text/turtle"),
            ("jsonld", "application/ld+json"),
            ("html", "text/html"),
        ):
            status, headers, body = fetch(f"{url}{PERSON}.{extension}")
            assert status == 200 and headers["Content-Type"].startswith(media_type), extension
            for name, value in SECURITY_HEADERS:  # the same as kgbuild serve's
                assert headers[name] == value, (extension, name)
        status, headers, body = fetch(url + "person/saparbayev-b.ttl")
        assert isomorphic(Graph().parse(data=body, format="turtle"), Graph().parse(site / f"{PERSON}.ttl"))
        status, headers, body = fetch(url + ".well-known/void")
        assert status == 200 and headers["Content-Type"].startswith("text/turtle") and b"void:Dataset" in body
        status, _, body = fetch(url)
        assert status == 200 and b"Taraz" in body
        assert fetch(url + "person/nobody")[0] == 404
        status, headers, body = fetch(url + "dumps/graph.nq.gz")
        assert status == 200 and gzip.decompress(body).startswith(b"<")
        context = json.loads(fetch(url + "context.jsonld")[2])
        assert context["@context"]["kg"] == "https://w3id.org/kgbuild/ontology#"
