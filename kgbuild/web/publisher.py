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
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox
from rdflib import VOID, Graph, Literal, URIRef

from kgbuild.__about__ import __version__
from kgbuild.errors import InputError
from kgbuild.iris import check_base, check_http_url
from kgbuild.ontology.context import context
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI, bind_prefixes, sparql_prologue
from kgbuild.outdir.layout import NQUADS, TEXTS, TRIG, read_manifest
from kgbuild.queries.saved import get_query, saved_queries
from kgbuild.resources import ontology_file
from kgbuild.stores.embedded import open_store
from kgbuild.web.datasetpage import dataset_context, timeline
from kgbuild.web.html import render
from kgbuild.web.i18n import DEFAULT, LANGUAGES, Strings, strings
from kgbuild.web.media import RDF_REPRESENTATIONS, Representation
from kgbuild.web.metadata import DatasetInfo, Dump, contact_iri, dataset_description
from kgbuild.web.ontodocs import ontology_docs
from kgbuild.web.pages import Cell, Renderer, Table, root_of
from kgbuild.web.resource import resource_page
from kgbuild.web.service import service_description
from kgbuild.web.site import Site

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
NAMES = {"en": "English", "ru": "Русский"}  # each language by its own name, for the switch
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
    lang: str | None = None  # the interface language (None: each request's, with a switch, as serve does)


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
        self.lang = self.options.lang or DEFAULT
        self._renderers: dict[str, Renderer] = {}
        self._dataset: Graph | None = None
        self._dumps: dict[str, bytes] = {}

    # -- shared context -------------------------------------------------------------------
    @cached_property
    def ontology_anchors(self) -> dict[str, str]:
        return ontology_docs().anchors

    def renderer(self, lang: str | None = None) -> Renderer:
        """The pages' renderer in ``lang`` (default: the site's language)."""
        lang = lang or self.lang
        if lang not in self._renderers:
            self._renderers[lang] = Renderer(self.site, self.ontology_anchors, lang=lang, texts=self.text)
        return self._renderers[lang]

    def text(self, doc_id: str) -> str | None:
        """A document's text as the build kept it (OUT/texts), None when it kept none."""
        if not doc_id or "/" in doc_id or "\\" in doc_id or doc_id.startswith("."):
            return None
        path = self.out / TEXTS / f"{doc_id}.txt"
        try:
            with path.open(encoding="utf-8", newline="") as file:
                return file.read()
        except OSError:
            return None

    def site_title(self, lang: str | None = None) -> str:
        documents = len(self.manifest.get("documents", []))
        tr = strings(lang or self.lang)
        return self.options.title or tr("site_title", reports=tr.count(documents, "news_report"))

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

    def _common(self, path: str, lang: str | None = None) -> dict[str, Any]:
        lang = lang or self.lang
        switch = [] if self.options.lang else [(code, NAMES[code], f"?lang={code}") for code in LANGUAGES]
        return {
            "root": root_of(path),
            "site_title": self.site_title(lang),
            "version": __version__,
            "license": self.options.license,
            "sparql": self.options.sparql,
            "lang": lang,
            "t": strings(lang),
            "switch": switch,
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

    def resource_html(self, iri: str, lang: str | None = None) -> str:
        jsonld = self._jsonld(self.site.description(iri), inline=True)
        page = resource_page(self.renderer(lang), iri, jsonld=jsonld)
        return render("resource.html", page=page, title=page.title, **self._common(page.path, lang))

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
    def index_html(self, lang: str | None = None) -> str:
        path, r = "index.html", self.renderer(lang)
        tr = r.t
        rows = [
            (when, event, kind, place)
            for _, events in timeline(r, path)
            for when, _, event, kind, place in events
        ]
        columns = (tr("col_dates"), tr("col_event"), tr("col_kind"), tr("col_place"))
        tables = [Table(tr("h_events"), columns, tuple((Cell(w), e, k, p) for w, e, k, p in rows), "events")]
        documents = []
        for row in self.manifest.get("documents", []):
            if isinstance(row, dict) and "id" in row:
                iri = URIRef(f"{self.base}document/{row['id']}")
                headline = [
                    o
                    for _, p, o in self.site.outgoing(str(iri))
                    if p == KG.headline and isinstance(o, Literal)
                ]
                documents.append((r.cell(path, iri), r.cell(path, headline[0]) if headline else Cell("")))
        if documents:
            heads = (tr("col_document"), tr("col_headline"))
            tables.append(Table(tr("h_documents"), heads, tuple(documents), "documents"))
        triples = int(str(self.dataset_graph().value(URIRef(self.info.iri), VOID.triples) or 0))
        counts = [
            tr.count(len(self.manifest.get("documents", [])), "document"),
            tr.count(len(rows), "event"),
            tr.count(triples, "triple"),
        ]
        return render(
            "index.html",
            title=self.site_title(lang),
            description=self.options.description or tr("site_description"),
            counts=counts,
            tables=tables,
            downloads=self._downloads(tr),
            **self._common(path, lang),
        )

    def _downloads(self, tr: Strings) -> list[tuple[str, str]]:
        names = {"dumps/graph.nq.gz": tr("dl_nquads"), "dumps/graph.trig.gz": tr("dl_trig")}
        return [(names[path], path) for path, _, _ in DUMPS] + [
            (tr("dl_void"), "dataset.ttl"),
            (tr("dl_context"), "context.jsonld"),
            (tr("dl_ontology"), "ontology.ttl"),
        ]

    def dataset_graph(self) -> Graph:
        if self._dataset is None:
            self._dataset = dataset_description(self.store, self.info)
        return self._dataset

    def dataset_html(self, lang: str | None = None) -> str:
        path, r = "dataset.html", self.renderer(lang)
        graph = self.dataset_graph()
        alternates = [(x.name, f"dataset.{x.extension}", x.media_type) for x in RDF_REPRESENTATIONS]
        return render(
            "dataset.html",
            title=self.site_title(lang),
            description=self.options.description or r.t("site_description"),
            iri=self.info.iri,
            alternates=alternates,
            downloads=self._downloads(r.t),
            jsonld=self._jsonld(graph, inline=True),
            **dataset_context(r, graph, URIRef(self.info.iri), path),
            **self._common(path, lang),
        )

    def dataset_rdf(self, representation: Representation) -> bytes:
        return self._serialize(self.dataset_graph(), representation)

    def ontology_html(self, lang: str | None = None) -> str:
        docs = ontology_docs()
        return render(
            "ontology.html", title="kgbuild ontology", docs=docs, **self._common("ontology.html", lang)
        )

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

    def sparql_html(
        self, endpoint: str, timeout: float | None = None, cap: int | None = None, lang: str | None = None
    ) -> str:
        path = "sparql.html"
        queries = saved_queries().items()
        saved = [(name, _prologued(q.body)) for name, q in queries if not any(p.required for p in q.params)]
        example = _prologued(get_query("who-spoke").body)
        return render(
            "sparql.html",
            title="SPARQL",
            endpoint=endpoint,
            timeout=f"{timeout:g}" if timeout else None,
            cap=f"{cap:,}".replace(",", "\u202f" if (lang or self.lang) == "ru" else ",") if cap else None,
            saved=saved,
            example=example,
            chosen="who-spoke",
            **self._common(path, lang),
        )

    def error_html(self, path: str, title: str, message: str, lang: str | None = None) -> str:
        return render("error.html", title=title, message=message, **self._common(path, lang))

    def dump(self, path: str) -> bytes:
        """A dump's bytes (gzip with no timestamp: the same build gives the same file)."""
        source = {"dumps/graph.nq.gz": NQUADS, "dumps/graph.trig.gz": TRIG}[path]
        return self._dumps.setdefault(path, self._gzip(source))

    def _gzip(self, name: str) -> bytes:
        text = (self.out / name).read_text(encoding="utf-8")
        if self.base != self.build_base:
            text = text.replace(f"<{self.build_base}", f"<{self.base}")
        return gzip.compress(text.encode("utf-8"), mtime=0)


def _prologued(body: str) -> str:
    """A query with the PREFIX lines of the prefixes it uses (the endpoint knows them all anyway)."""
    lines = sparql_prologue().splitlines(keepends=True)
    used = [line for line in lines if re.search(rf"(?<![\w.-]){re.escape(line.split()[1])}", body)]
    return "".join(used) + body
