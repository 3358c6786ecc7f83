"""Everything a published site holds, rendered on demand: used by ``kgbuild serve`` per request and
by ``kgbuild publish`` for every file.

The site's root is the base IRI: ``<base>person/x`` is the resource, ``person/x.html`` (and
``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``) its documents. Besides the resources there are the index
(``index.html``), the dataset's description (``dataset.*`` and ``.well-known/void``), the ontology
(``ontology.html`` from pyLODE, ``ontology.*``), the JSON-LD context (``context.jsonld``), the
dumps (``dumps/graph.nq.gz``, ``dumps/graph.trig.gz``) and the static files (``static/``).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox
from rdflib import VOID, Graph, URIRef
from rdflib.term import Identifier

from kgbuild.__about__ import __version__
from kgbuild.errors import InputError
from kgbuild.iris import check_base, check_http_url
from kgbuild.ontology.context import context
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI, bind_prefixes, sparql_prologue
from kgbuild.outdir.layout import NQUADS, TRIG, read_manifest
from kgbuild.queries.saved import get_query, saved_queries
from kgbuild.resources import ontology_file
from kgbuild.stores.embedded import open_store, select
from kgbuild.web.html import render
from kgbuild.web.media import RDF_REPRESENTATIONS, Representation
from kgbuild.web.metadata import DatasetInfo, Dump, contact_iri, dataset_description
from kgbuild.web.ontodocs import ontology_docs
from kgbuild.web.pages import Cell, Renderer, Table, root_of
from kgbuild.web.service import service_description
from kgbuild.web.site import Site

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
STATIC = Path(__file__).resolve().parent / "static"
DUMPS = (
    ("dumps/graph.nq.gz", "application/n-quads", "N-Quads, one named graph per document (gzip)"),
    ("dumps/graph.trig.gz", "application/trig", "TriG, one named graph per document (gzip)"),
)
STANDARDS = {
    "application/n-quads": "https://www.w3.org/TR/n-quads/",
    "application/trig": "https://www.w3.org/TR/trig/",
}


@dataclass(frozen=True)
class SiteOptions:
    title: str | None = None
    description: str | None = None
    license: str = DEFAULT_LICENSE
    sparql: str | None = None  # a SPARQL endpoint serving the same graph (absolute URL, or "sparql")
    publisher: str | None = None  # the publisher's name (default: the host of the site's base)
    contact: str | None = None  # an e-mail address or URL (default: the site's index page)


def rebased_store(out: Path, old: str, new: str) -> ox.Store:
    """The build's quads with every IRI under ``old`` moved under ``new``, and the ontology."""
    store = ox.Store()
    with (out / NQUADS).open(encoding="utf-8") as lines:
        data = "".join(line.replace(f"<{old}", f"<{new}") for line in lines)
    store.load(input=data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_IRI))
    return store


class Publisher:
    """The site of one build output, under ``base`` (default: the build's own base)."""

    def __init__(self, out: Path, *, base: str | None = None, options: SiteOptions | None = None) -> None:
        self.out = Path(out)
        self.manifest = read_manifest(self.out)
        self.build_base = str(self.manifest["base"])
        self.base = check_base(base) if base else self.build_base
        if not self.base.endswith("/"):
            raise InputError(f"the site's base must end with '/' (a folder), not {self.base!r}")
        self.options = options or SiteOptions()
        if self.options.sparql not in (None, "sparql"):  # "sparql": serve's own endpoint, beside the pages
            check_http_url(self.options.sparql, "--sparql-endpoint")
        self.contact = contact_iri(self.options.contact) if self.options.contact else None
        if self.base == self.build_base:
            self.store = open_store([self.out])
        else:
            self.store = rebased_store(self.out, self.build_base, self.base)
        self.site = Site(self.store, self.base)
        self.renderer = Renderer(self.site, self.ontology_anchors)
        self._dataset: Graph | None = None
        self._dumps: dict[str, bytes] = {}

    # -- shared context -------------------------------------------------------------------
    @cached_property
    def ontology_anchors(self) -> dict[str, str]:
        return ontology_docs().anchors

    @property
    def title(self) -> str:
        documents = len(self.manifest.get("documents", []))
        return (
            self.options.title or f"Knowledge graph of {documents} news report{'s' if documents != 1 else ''}"
        )

    @property
    def description(self) -> str:
        return self.options.description or (
            "Events, the people who spoke at them and in which capacity, organizers and resolutions, "
            "extracted from news reports by kgbuild, every fact traceable to a quoted span of its source."
        )

    def _common(self, path: str) -> dict[str, Any]:
        return {
            "root": root_of(path),
            "site_title": self.title,
            "version": __version__,
            "license": self.options.license,
            "sparql": self.options.sparql,
        }

    @cached_property
    def info(self) -> DatasetInfo:
        sparql = self.options.sparql
        if sparql and "://" not in sparql:
            sparql = self.base + sparql
        dumps = tuple(
            Dump(path, media, title, len(self.dump(path)), STANDARDS.get(media))
            for path, media, title in DUMPS
        )
        return DatasetInfo(
            self.base,
            self.title,
            self.description,
            self.options.license,
            sparql,
            dumps,
            self.options.publisher,
            self.contact,
        )

    # -- resources ------------------------------------------------------------------------
    def resources(self) -> list[str]:
        return list(self.site.resources())

    def resource_html(self, iri: str) -> str:
        page = self.renderer.page(iri, jsonld=self._jsonld(self.site.description(iri), inline=True))
        return render("resource.html", page=page, title=page.title, **self._common(page.path))

    def resource_rdf(self, iri: str, representation: Representation) -> bytes:
        return self._serialize(self.site.description(iri), representation)

    def _serialize(self, graph: Graph, representation: Representation) -> bytes:
        if representation.extension == "jsonld":
            reference = f"{self.base}context.jsonld"  # the site's own copy, absolute: it resolves anywhere
            return (
                json.dumps(self._jsonld(graph, context_ref=reference), ensure_ascii=False, indent=2) + "\n"
            ).encode()
        if representation.extension == "nt":
            lines = graph.serialize(format="nt").splitlines(keepends=True)
            return "".join(sorted(line for line in lines if line.strip())).encode("utf-8")
        assert representation.rdflib_format is not None
        return graph.serialize(format=representation.rdflib_format).encode("utf-8")

    def _jsonld(self, graph: Graph, *, inline: bool = False, context_ref: str | None = None) -> Any:
        terms = context()["@context"]
        compacted = json.loads(graph.serialize(format="json-ld", context=terms, auto_compact=True))
        if not inline:
            compacted["@context"] = context_ref
        return compacted

    # -- the site's own documents -----------------------------------------------------------
    def index_html(self) -> str:
        path = "index.html"
        events = select(self.store, get_query("events").body)
        rows = []
        for row in events.dicts():
            rows.append(
                (
                    self.renderer.cell(path, row["title"], link=row["event"]),
                    Cell(str(row["kind"] or "")),
                    Cell(str(row["start"] or "")),
                    Cell(str(row["end"] or "")),
                    Cell(str(row["place"] or "")),
                )
            )
        tables = [Table("Events", ("Event", "Kind", "Start", "End", "Place"), tuple(rows), "events")]
        documents = [
            (self.renderer.cell(path, URIRef(f"{self.base}document/{d['id']}")),)
            for d in self.manifest.get("documents", [])
            if isinstance(d, dict) and "id" in d
        ]
        if documents:
            tables.append(Table("Source documents", ("Document",), tuple(documents), "documents"))
        counts = [
            ("documents", len(self.manifest.get("documents", []))),
            ("events", len(rows)),
            ("triples", self.dataset_graph().value(URIRef(self.info.iri), VOID.triples)),
        ]
        downloads = [(title, path_) for path_, _, title in DUMPS]
        downloads += [
            ("Dataset description (VoID, DCAT)", "dataset.html"),
            ("JSON-LD context", "context.jsonld"),
        ]
        return render(
            "index.html",
            title=self.title,
            description=self.description,
            counts=counts,
            tables=tables,
            downloads=downloads,
            **self._common(path),
        )

    def dataset_graph(self) -> Graph:
        if self._dataset is None:
            self._dataset = dataset_description(self.store, self.info)
        return self._dataset

    def dataset_html(self) -> str:
        path = "dataset.html"
        graph = self.dataset_graph()
        dataset = URIRef(self.info.iri)
        statements = [
            (p, o)
            for p, o in graph.predicate_objects(dataset)
            if isinstance(p, URIRef) and isinstance(o, Identifier)
        ]
        rows = sorted(
            ((self.renderer.cell(path, p), self.renderer.cell(path, o)) for p, o in statements),
            key=lambda r: (r[0].text, r[1].text),
        )
        tables = [Table("Description", ("Property", "Value"), tuple(rows), "description")]
        for title, link, what, size in (
            ("Entities by class", VOID.classPartition, VOID["class"], VOID.entities),
            ("Triples by property", VOID.propertyPartition, VOID.property, VOID.triples),
        ):
            partitions = []
            for part in sorted(graph.objects(dataset, link), key=str):
                cell = self.renderer.cell(path, graph.value(part, what))  # type: ignore[arg-type]
                anchor = str(part).partition("#")[2]  # the partition's own IRI lands on its row
                partitions.append(
                    (Cell(cell.text, cell.href, cell.lang, anchor), Cell(str(graph.value(part, size))))
                )
            tables.append(Table(title, (title.split()[-1].capitalize(), title.split()[0]), tuple(partitions)))
        tables.insert(1, self._described(path, graph))
        alternates = [(r.name, f"dataset.{r.extension}", r.media_type) for r in RDF_REPRESENTATIONS]
        return render(
            "dataset.html",
            title=self.title,
            iri=self.info.iri,
            tables=tables,
            alternates=alternates,
            jsonld=self._jsonld(graph, inline=True),
            **self._common(path),
        )

    def _described(self, path: str, graph: Graph) -> Table:
        """Every node of the description that is a fragment of the dataset's IRI, but the
        partitions (the catalogue, publisher, contact point, service, distributions): its
        statements, the first row holding its anchor, so that a link to it lands there."""
        prefix = self.info.iri + "#"
        partitions = set(graph.objects(URIRef(self.info.iri), VOID.classPartition)) | set(
            graph.objects(URIRef(self.info.iri), VOID.propertyPartition)
        )
        nodes = sorted(
            {s for s in graph.subjects() if str(s).startswith(prefix) and s not in partitions}, key=str
        )
        rows = []
        for node in nodes:
            statements = sorted(
                (
                    (self.renderer.cell(path, p), self.renderer.cell(path, o))
                    for p, o in graph.predicate_objects(node)
                    if isinstance(p, URIRef) and isinstance(o, Identifier)
                ),
                key=lambda r: (r[0].text, r[1].text),
            )
            name = str(node)[len(prefix) :]
            for i, (prop, value) in enumerate(statements):
                rows.append((Cell(name, anchor=name) if i == 0 else Cell(""), prop, value))
        return Table(
            "Catalogue, publisher, services and distributions", ("Node", "Property", "Value"), tuple(rows)
        )

    def dataset_rdf(self, representation: Representation) -> bytes:
        return self._serialize(self.dataset_graph(), representation)

    def ontology_html(self) -> str:
        return ontology_docs().html

    def ontology_rdf(self, representation: Representation) -> bytes:
        graph = bind_prefixes(Graph())
        for triple in ontology_graph():
            graph.add(triple)
        if representation.extension == "ttl":
            return ontology_file().read_bytes()  # the source itself, comments and order kept
        return self._serialize(graph, representation)

    def service_rdf(self, representation: Representation) -> bytes:
        """The SPARQL service description of the site's own endpoint (``kgbuild serve``)."""
        graphs = [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        graph = service_description(
            service=f"{self.info.iri}#sparql",
            endpoint=self.info.sparql or f"{self.base}sparql",
            dataset=self.info.iri,
            graphs=graphs,
        )
        return self._serialize(graph, representation)

    def sitemap_xml(self, resources: list[str] | None = None) -> str:
        """The sitemap (sitemaps.org 0.9): the index, the dataset's and ontology's pages, the query
        page when there is an endpoint, and the page of every resource."""
        pages = ["index.html", "dataset.html", "ontology.html"]
        pages += ["sparql.html"] if self.options.sparql else []
        pages += [f"{self.site.rel(i)}.html" for i in (self.resources() if resources is None else resources)]
        urls = "".join(f"  <url><loc>{xml_escape(self.base + page)}</loc></url>\n" for page in pages)
        header = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        return f"{header}{urls}</urlset>\n"

    def robots_txt(self) -> str:
        return f"User-agent: *\nAllow: /\nSitemap: {self.base}sitemap.xml\n"

    def context_json(self) -> bytes:
        return (json.dumps(context(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    def sparql_html(self, endpoint: str, timeout: float | None = None, cap: int | None = None) -> str:
        path = "sparql.html"
        queries = saved_queries().items()
        saved = [
            (name, sparql_prologue() + q.body) for name, q in queries if not any(p.required for p in q.params)
        ]
        example = sparql_prologue() + get_query("who-spoke").body
        return render(
            "sparql.html",
            title="SPARQL",
            endpoint=endpoint,
            timeout=f"{timeout:g}" if timeout else None,
            cap=f"{cap:,}" if cap else None,
            saved=saved,
            example=example,
            **self._common(path),
        )

    def error_html(self, path: str, title: str, message: str) -> str:
        return render("error.html", title=title, message=message, **self._common(path))

    def dump(self, path: str) -> bytes:
        """A dump's bytes (gzip with no timestamp: the same build gives the same file)."""
        source = {"dumps/graph.nq.gz": NQUADS, "dumps/graph.trig.gz": TRIG}[path]
        return self._dumps.setdefault(path, self._gzip(source))

    def _gzip(self, name: str) -> bytes:
        text = (self.out / name).read_text(encoding="utf-8")
        if self.base != self.build_base:
            text = text.replace(f"<{self.build_base}", f"<{self.base}")
        return gzip.compress(text.encode("utf-8"), mtime=0)
