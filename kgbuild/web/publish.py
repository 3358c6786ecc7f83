"""``kgbuild publish``: the site of a build as static files, with server configuration.

The folder holds what ``kgbuild serve`` answers, as files: a page and four RDF documents per
resource, the index, the dataset's description (also as ``.well-known/void``), the ontology's
documentation and source, the JSON-LD context, the dumps, a sitemap, the static files, and the
configuration that gives any web server the same content negotiation (``.htaccess`` for Apache,
``server/nginx.conf`` for nginx). The folder is written beside its target and moved into place at
the end, so a failed publish leaves the old site as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from kgbuild.building.report import Progress, no_progress
from kgbuild.errors import OutputError
from kgbuild.outdir.output import replacing
from kgbuild.web.html import render
from kgbuild.web.media import RDF_REPRESENTATIONS
from kgbuild.web.publisher import DUMPS, STATIC, Publisher, SiteOptions


@dataclass(frozen=True)
class PublishReport:
    site: Path
    base: str
    resources: int
    files: int

    def summary(self) -> str:
        return f"Published {self.resources} resources ({self.files} files) to {self.site} for {self.base}"


def publish(
    out: Path,
    site: Path,
    *,
    base: str | None = None,
    options: SiteOptions | None = None,
    progress: Progress = no_progress,
) -> PublishReport:
    """Write the static site of the build in ``out`` into the folder ``site``."""
    publisher = Publisher(out, base=base, options=options)
    site = Path(site).resolve()
    if site.exists() and any(site.iterdir()) and not (site / "index.html").is_file():
        raise OutputError(f"{site} exists and is not a published site (no index.html); choose another --site")
    resources = publisher.resources()
    files = 0
    with replacing(site) as stage:
        for iri in progress(resources, "Publishing", len(resources)):
            files += _write(stage, _resource_files(publisher, iri))
        files += _write(stage, _site_files(publisher, resources, site))
        shutil.copytree(STATIC, stage / "static", ignore=shutil.ignore_patterns("README.md"))
    return PublishReport(site, publisher.base, len(resources), files)


def _write(stage: Path, files: Iterable[tuple[str, str | bytes]]) -> int:
    count = 0
    for path, data in files:
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        count += 1
    return count


def _resource_files(publisher: Publisher, iri: str) -> Iterator[tuple[str, str | bytes]]:
    rel = publisher.site.rel(iri)
    assert rel is not None
    yield f"{rel}.html", publisher.resource_html(iri)
    for representation in RDF_REPRESENTATIONS:
        yield f"{rel}.{representation.extension}", publisher.resource_rdf(iri, representation)


def _site_files(publisher: Publisher, resources: list[str], site: Path) -> Iterator[tuple[str, str | bytes]]:
    """Everything but the resources: index, dataset, ontology, context, dumps, sitemap, server configs."""
    yield "index.html", publisher.index_html()
    yield "404.html", publisher.error_html("404.html", "Not found", "There is no such page in this graph.")
    yield "dataset.html", publisher.dataset_html()
    for representation in RDF_REPRESENTATIONS:
        yield f"dataset.{representation.extension}", publisher.dataset_rdf(representation)
        yield f"ontology.{representation.extension}", publisher.ontology_rdf(representation)
    turtle = next(r for r in RDF_REPRESENTATIONS if r.extension == "ttl")
    yield ".well-known/void", publisher.dataset_rdf(turtle, ".well-known/void")
    yield "ontology.html", publisher.ontology_html()
    yield "context.jsonld", publisher.context_json()
    for path, _, _ in DUMPS:
        yield path, publisher.dump(path)
    if publisher.options.sparql:
        yield "sparql.html", publisher.sparql_html(publisher.info.sparql or "")
    pages = ["index.html", "dataset.html", "ontology.html"] + [
        f"{publisher.site.rel(i)}.html" for i in resources
    ]
    yield "sitemap.xml", _sitemap(publisher.base, pages)
    yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {publisher.base}sitemap.xml\n"
    parts = urlsplit(publisher.base)
    config = {"base": publisher.base, "path": parts.path or "/", "host": parts.netloc, "site": site}
    config["host_name"] = parts.hostname or "_"
    yield ".htaccess", render("conf/htaccess", **config)
    yield "server/nginx.conf", render("conf/nginx.conf", **config)


def _sitemap(base: str, pages: list[str]) -> str:
    urls = "".join(f"  <url><loc>{xml_escape(base + page)}</loc></url>\n" for page in pages)
    header = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return f"{header}{urls}</urlset>\n"
