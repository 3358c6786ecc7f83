"""The HTML page of a resource, and the site's index: what each shows, from which query.

A page shows the resource's labels and types, then what matters for its kind — for a person the
roles they played at events and the posts they held, for an event its parts, speakers, organizers,
resolutions and the people only mentioned, for a document the spans the graph cites — each table
filled by a saved query, then the quoted source spans that support it, then every statement about
it and every statement pointing to it. Every node is linked to its page; every quote to its place
in its document.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.ontology.namespace import KG
from kgbuild.queries.saved import SavedQuery, get_query, parse_query
from kgbuild.stores.embedded import select
from kgbuild.web.media import RDF_REPRESENTATIONS
from kgbuild.web.site import Site


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    lang: str | None = None
    anchor: str | None = None  # an id for the row (a span's "char=a,b")


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    id: str = ""


@dataclass(frozen=True)
class Section:
    """A table on the pages of one class: ``query`` bound to the page's resource as ``param``;
    each column shows ``value`` linked to the node in ``link`` (both result columns)."""

    title: str
    query: str
    param: str
    columns: tuple[tuple[str, str, str | None], ...]  # (header, value column, link column)


SECTIONS: dict[URIRef, tuple[Section, ...]] = {
    KG.Event: (
        Section("Parts", "event-parts", "event", (("Part", "title", "part"), ("Kind", "kind", None))),
        Section(
            "Speakers",
            "who-spoke",
            "event",
            (
                ("Name", "name", "person"),
                ("Capacity", "capacity", None),
                ("Organization", "organization", None),
                ("Part", "part", None),
                ("Source", "document", None),
            ),
        ),
        Section("Organizers", "organizers", "event", (("Organization", "name", "organization"),)),
        Section(
            "Resolutions",
            "resolutions",
            "event",
            (("Kind", "kind", "resolution"), ("Content", "content", None)),
        ),
        Section(
            "Mentioned, did not speak",
            "mentioned",
            "event",
            (("Name", "name", "person"), ("Capacity", "capacity", None), ("Source", "document", None)),
        ),
    ),
    KG.Person: (
        Section(
            "Roles at events",
            "roles",
            "agent",
            (("Event", "eventTitle", "event"), ("Role", "role", "role"), ("Capacity", "capacity", None)),
        ),
        Section(
            "Posts",
            "positions",
            "person",
            (("Post", "position", None), ("Organization", "organization", None)),
        ),
    ),
    KG.Organization: (
        Section(
            "Roles at events", "roles", "agent", (("Event", "eventTitle", "event"), ("Role", "role", "role"))
        ),
    ),
}


@dataclass
class Page:
    """What the resource template needs."""

    path: str
    iri: str
    title: str
    root: str
    labels: list[Cell] = field(default_factory=list)
    types: list[Cell] = field(default_factory=list)
    alternates: list[tuple[str, str, str]] = field(default_factory=list)  # (name, href, media type)
    tables: list[Table] = field(default_factory=list)
    graph: dict[str, Any] | None = None
    jsonld: Any = None


def root_of(path: str) -> str:
    """The relative path from a page to the site's root ("../.." for "a/b/c.html")."""
    return posixpath.relpath(".", posixpath.dirname(path) or ".")


def internal_query(name: str) -> SavedQuery:
    """A query the pages use that is not one of the saved queries (kgbuild/web/queries)."""
    return parse_query(Path(__file__).resolve().parent / "queries" / f"{name}.rq")


class Renderer:
    """Builds pages for the resources of one site."""

    def __init__(self, site: Site, anchors: dict[str, str] | None = None) -> None:
        self.site = site
        self.anchors = anchors or {}

    # -- cells ------------------------------------------------------------------------------
    def href(self, page: str, iri: str) -> str:
        if iri in self.anchors:
            return (
                posixpath.relpath("ontology.html", posixpath.dirname(page) or ".") + "#" + self.anchors[iri]
            )
        return self.site.href(page, iri)

    def cell(self, page: str, term: Identifier | None, *, link: Identifier | None = None) -> Cell:
        """A value shown as text, linked to ``link`` (or to itself when it is an IRI)."""
        if term is None:
            return Cell("")
        target = link if isinstance(link, URIRef) else term if isinstance(term, URIRef) else None
        text = self.site.label(str(term)) if isinstance(term, URIRef) else str(term)
        lang = term.language if isinstance(term, Literal) else None
        return Cell(text, self.href(page, str(target)) if target is not None else None, lang)

    # -- tables -----------------------------------------------------------------------------
    def section(self, page: str, iri: str, section: Section) -> Table | None:
        query = get_query(section.query)
        result = select(self.site.store, query.body, {section.param: URIRef(iri)})
        if not result.rows:
            return None
        rows = []
        for row in result.dicts():
            rows.append(
                tuple(
                    self.cell(page, row[value], link=row[link] if link else None)
                    for _, value, link in section.columns
                )
            )
        return Table(
            section.title, tuple(h for h, _, _ in section.columns), tuple(dict.fromkeys(rows)), section.query
        )

    def sources(self, page: str, iri: str) -> Table | None:
        result = select(self.site.store, get_query("provenance").body, {"iri": URIRef(iri)})
        rows = []
        for row in result.dicts():
            evidence = row["evidence"]
            rows.append(
                (
                    Cell(str(row["quote"]), self.href(page, str(evidence)) if evidence else None),
                    self.cell(page, row["fact"]),
                    Cell(str(row["document"])),
                )
            )
        if not rows:
            return None
        return Table(
            "Sources: the quoted spans that support these facts",
            ("Quote", "Supports", "Document"),
            tuple(dict.fromkeys(rows)),
            "sources",
        )

    def spans(self, page: str, iri: str) -> Table | None:
        """On a document's page: every span it gives as evidence, anchored as ``char=a,b``."""
        result = select(self.site.store, get_query("evidence").body, {"document": URIRef(iri)})
        grouped: dict[str, tuple[Cell, Cell, list[Cell]]] = {}
        for row in result.dicts():
            span = str(row["evidence"]).partition("#")[2]
            if span not in grouped:
                grouped[span] = (
                    Cell(f"{row['start']}–{row['end']}", anchor=span),
                    Cell(str(row["quote"])),
                    [],
                )
            if row["fact"] is not None:
                grouped[span][2].append(self.cell(page, row["fact"]))
        rows = tuple((where, quote, *facts) for where, quote, facts in grouped.values())
        if not rows:
            return None
        return Table("Spans cited as evidence", ("Characters", "Quote", "Supports"), rows, "spans")

    def statements(self, page: str, iri: str) -> list[Table]:
        site = self.site
        out = sorted(
            ((self.cell(page, p), self.cell(page, o)) for _, p, o in site.outgoing(iri)),  # type: ignore[arg-type]
            key=lambda r: (r[0].text, r[1].text),
        )
        into = sorted(
            ((self.cell(page, s), self.cell(page, p)) for s, p, _ in site.incoming(iri)),
            key=lambda r: (r[1].text, r[0].text),
        )
        tables = [Table("Statements about it", ("Property", "Value"), tuple(out), "outgoing")]
        if into:
            tables.append(
                Table("Statements pointing to it", ("Subject", "Property"), tuple(into), "incoming")
            )
        return tables

    # -- pages ------------------------------------------------------------------------------
    def page(self, iri: str, jsonld: Any = None) -> Page:
        site = self.site
        rel = site.rel(iri)
        assert rel is not None, iri
        path = f"{rel}.html"
        types = sorted(
            {o for _, p, o in site.outgoing(iri) if p == RDF.type and isinstance(o, URIRef)}, key=str
        )
        page = Page(path, iri, site.label(iri), root_of(path), jsonld=jsonld)
        labels = {
            (str(lbl), lbl.language): lbl for *_, lbl in site.label_triples(iri) if isinstance(lbl, Literal)
        }
        page.labels = [self.cell(path, labels[k]) for k in sorted(labels, key=str) if k[0] != page.title]
        page.types = [self.cell(path, t) for t in types]
        name = posixpath.basename(rel)
        page.alternates = [(r.name, f"{name}.{r.extension}", r.media_type) for r in RDF_REPRESENTATIONS]
        for kind in types:
            for section in SECTIONS.get(kind, ()):
                table = self.section(path, iri, section)
                if table is not None:
                    page.tables.append(table)
        if KG.Document in types:
            spans = self.spans(path, iri)
            if spans is not None:
                page.tables.append(spans)
        else:
            sources = self.sources(path, iri)
            if sources is not None:
                page.tables.append(sources)
        if KG.Event in types:
            page.graph = self.event_graph(path, iri)
        page.tables.extend(self.statements(path, iri))
        return page

    def event_graph(self, page: str, iri: str) -> dict[str, Any]:
        """Nodes and edges for cytoscape.js: the event, its parts, the people and organizations in
        their roles (the edge says the role and capacity), the resolutions adopted."""
        site = self.site
        nodes: dict[str, dict[str, Any]] = {}

        def node(term: Identifier, kind: str) -> str:
            key = str(term)
            if key not in nodes:
                nodes[key] = {"id": key, "label": site.label(key), "kind": kind, "href": self.href(page, key)}
            return key

        node(URIRef(iri), "event")
        edges = []
        for row in select(site.store, internal_query("event-graph").body, {"event": URIRef(iri)}).dicts():
            at = node(row["at"], "event" if row["at"] == URIRef(iri) else "part")  # type: ignore[arg-type]
            kind = str(row["kind"]).rsplit("#", 1)[-1].lower() if row["kind"] else "agent"
            source = node(row["node"], "part" if kind == "event" else kind)  # type: ignore[arg-type]
            label = site.label(str(row["link"]))
            if row["capacity"] is not None:
                label += f": {row['capacity']}"
            edges.append({"source": source, "target": at, "label": label, "kind": str(row["relation"])})
        unique = list({(e["source"], e["target"], e["label"]): e for e in edges}.values())
        for i, edge in enumerate(unique):
            edge["id"] = f"e{i}"
        return {"nodes": [{"data": n} for n in nodes.values()], "edges": [{"data": e} for e in unique]}
