"""``kgbuild publish``: the site of a build as static files, with server configuration.

The folder holds what ``kgbuild serve`` answers, as files: a page and four RDF documents per
resource, the index, the dataset's description (also as ``.well-known/void``), the ontology's
documentation and source, the JSON-LD context, the dumps, a sitemap, the static files, and the
configuration that gives any web server the same content negotiation (``.htaccess`` for Apache,
``server/nginx.conf`` for nginx). The folder is written beside its target and moved into place at
the end, so a failed publish leaves the old site as it was.

The site's marker, ``.kgbuild-site.json``, names the kgbuild version and every file it wrote:
publishing again replaces those and keeps whatever else the folder holds. A non-empty folder
without the marker is refused, unless ``force``; then its files are kept too, and one that
would be overwritten stops the publish (see :mod:`kgbuild.outdir.owned`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kgbuild.__about__ import __version__
from kgbuild.building.report import Progress, counted, no_progress
from kgbuild.errors import OutputError
from kgbuild.outdir.output import replacing
from kgbuild.outdir.owned import Owned, read_marker
from kgbuild.web.html import CACHE_CONTROL, CACHED_STATUSES, CORS_HEADERS, SECURITY_HEADERS, render
from kgbuild.web.i18n import DEFAULT
from kgbuild.web.media import (
    ANYTHING_PATTERN,
    RDF_REPRESENTATIONS,
    REPRESENTATIONS,
    accept_pattern,
    alternate_links,
)
from kgbuild.web.publisher import DUMPS, STATIC, Publisher, SiteOptions

#: The marker of a published site, and its schema.
MARKER = ".kgbuild-site.json"
SCHEMA = "kgbuild-site/1"


@dataclass(frozen=True)
class PublishReport:
    site: Path
    base: str
    resources: int
    files: int

    def summary(self) -> str:
        resources, files = counted(self.resources, "resource"), counted(self.files, "file")
        return f"Published {resources} ({files}) to {self.site} for {self.base}"


def publish(
    out: Path,
    site: Path,
    *,
    base: str | None = None,
    options: SiteOptions | None = None,
    progress: Progress = no_progress,
    force: bool = False,
) -> PublishReport:
    """Write the static site of the build in ``out`` into the folder ``site``: a new or empty
    folder, a site kgbuild published, or (with ``force``) any folder, whose files are kept."""
    given = options or SiteOptions()
    if given.lang is None:  # files are in one language: no switch
        given = replace(given, lang=DEFAULT)
    publisher = Publisher(out, base=base, options=given)
    site = Path(site).resolve()
    owned = site_files(site)
    if owned is None and not force and site.is_dir() and any(site.iterdir()):
        raise OutputError(
            f"{site} is not empty and is not a site kgbuild published (it has no {MARKER}); "
            "choose a new or empty --site, or give --force to write the site into it, keeping "
            "every file it holds"
        )
    if site.exists() and not site.is_dir():
        raise OutputError(f"{site} is a file, not a folder; choose another --site")
    resources = publisher.resources()
    written: list[str] = []
    with replacing(site, owned=owned or Owned()) as stage:
        for iri in progress(resources, "Publishing", len(resources)):
            written += _write(stage, _resource_files(publisher, iri))
        written += _write(stage, _site_files(publisher, resources, site))
        shutil.copytree(STATIC, stage / "static", ignore=shutil.ignore_patterns("README.md"))
        static = (stage / "static").rglob("*")
        written += [p.relative_to(stage).as_posix() for p in static if p.is_file()]
        marker = {"schema": SCHEMA, "kgbuild": __version__, "base": publisher.base, "files": sorted(written)}
        (stage / MARKER).write_text(json.dumps(marker, indent=0) + "\n", encoding="utf-8")
    return PublishReport(site, publisher.base, len(resources), len(written))


def site_files(site: Path) -> Owned | None:
    """The files kgbuild wrote in a site it published (and its marker); None when ``site`` has
    no marker of kgbuild's."""
    marker = read_marker(site / MARKER, SCHEMA)
    if marker is None:
        return None
    files = [f for f in marker.get("files", ()) if isinstance(f, str)]
    return Owned(files=frozenset([*files, MARKER]))


def _write(stage: Path, files: Iterable[tuple[str, str | bytes]]) -> list[str]:
    written = []
    for path, data in files:
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(path)
    return written


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
    yield ".well-known/void", publisher.dataset_rdf(turtle)
    yield "ontology.html", publisher.ontology_html()
    yield "context.jsonld", publisher.context_json()
    for path, _, _ in DUMPS:
        yield path, publisher.dump(path)
    if publisher.options.sparql:
        yield "sparql.html", publisher.sparql_html(publisher.info.sparql or "")
    yield "sitemap.xml", publisher.sitemap_xml(resources)
    yield "robots.txt", publisher.robots_txt()
    parts = urlsplit(publisher.base)
    config = {"base": publisher.base, "path": parts.path or "/", "host": parts.netloc, "site": site}
    config["host_name"] = parts.hostname or "_"
    config["headers"] = SECURITY_HEADERS
    config["cors"] = CORS_HEADERS
    config["cache_control"] = CACHE_CONTROL
    config["cached"] = CACHED_STATUSES
    config["extensions"] = "|".join(r.extension for r in REPRESENTATIONS)
    for server, stem in (("nginx", "$kgbuild_doc"), ("apache", "%{KGBUILD_DOC}e")):  # the URI but .ext
        links = [(r.extension, alternate_links(stem, r.extension)) for r in REPRESENTATIONS]
        config[f"links_{server}"] = [(extension, link) for extension, link in links if link]
    config["accept"] = [
        # application/xml is left to the server: browsers send it, and would get RDF/XML
        (r.extension, accept_pattern([t for t in (r.media_type, *r.also) if t != "application/xml"]))
        for r in REPRESENTATIONS
    ]
    config["anything"] = ANYTHING_PATTERN
    yield ".htaccess", render("conf/htaccess", **config)
    yield "server/nginx.conf", render("conf/nginx.conf", **config)
