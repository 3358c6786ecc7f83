"""The HTML page of a resource: what each shows, in which order, from which query.

A page answers first: for an event its kind, dates, place, counts, organizers and outcomes, then
who spoke at each part in which capacity (:mod:`kgbuild.web.overview`), and its graph; for a
person their roles by date and every capacity with its source; for a document its text with every
span of evidence marked (:mod:`kgbuild.web.document`). How it is known comes after, collapsed:
the quoted spans that support each fact, and every statement about the resource and pointing to
it, with links. Every node is linked to its page, every quote to its place in its document, and
every label is in the page's language where the graph has one (:mod:`kgbuild.web.i18n`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.vocab import PREFIXES, short
from kgbuild.queries.saved import SavedQuery, get_query, parse_query
from kgbuild.stores.embedded import select
from kgbuild.web.i18n import DEFAULT, Strings, strings
from kgbuild.web.site import Site

#: Looks up a document's text by its id (None when the build kept none).
Texts = Callable[[str], str | None]


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    lang: str | None = None
    anchor: str | None = None  # an id for the row (a span's "char=a,b")
    badge: bool = False  # show the value's language: it is neither the page's nor the data's own


#: A table cell: one value, or several shown one after the other.
Value = Cell | tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    id: str = ""
    #: Rows in groups under a heading each (the parts of an event); ``rows`` is then empty.
    groups: tuple[tuple[Cell, tuple[tuple[Value, ...], ...]], ...] = ()


@dataclass
class Page:
    """What the resource template needs."""

    path: str
    iri: str
    title: str
    root: str
    lang: str = DEFAULT
    labels: list[Cell] = field(default_factory=list)
    types: list[Cell] = field(default_factory=list)
    alternates: list[tuple[str, str, str]] = field(default_factory=list)  # (name, href, media type)
    facts: list[tuple[str, tuple[Cell, ...]]] = field(default_factory=list)  # the answer, first
    tables: list[Table] = field(default_factory=list)
    details: list[Table] = field(default_factory=list)  # how it is known: collapsed, at the bottom
    graph: dict[str, Any] | None = None
    text: Any = None  # a document's text view (kgbuild.web.document.TextView)
    jsonld: Any = None


def root_of(path: str) -> str:
    """The relative path from a page to the site's root ("../.." for "a/b/c.html")."""
    return posixpath.relpath(".", posixpath.dirname(path) or ".")


def internal_query(name: str) -> SavedQuery:
    """A query the pages use that is not one of the saved queries (kgbuild/web/queries)."""
    return parse_query(Path(__file__).resolve().parent / "queries" / f"{name}.rq")


def no_texts(doc_id: str) -> str | None:
    return None


class Renderer:
    """Builds the pages of one site in one interface language."""

    def __init__(
        self,
        site: Site,
        anchors: dict[str, str] | None = None,
        *,
        lang: str = DEFAULT,
        texts: Texts = no_texts,
    ) -> None:
        self.site = site
        self.anchors = anchors or {}
        self.lang = lang
        self.t: Strings = strings(lang)
        self.texts = texts

    # -- cells ------------------------------------------------------------------------------
    def href(self, page: str, iri: str) -> str:
        if iri in self.anchors:
            return (
                posixpath.relpath("ontology.html", posixpath.dirname(page) or ".") + "#" + self.anchors[iri]
            )
        return self.site.href(page, iri)

    def label(self, iri: str) -> str:
        """A node's label in the page's language: the graph's, else the interface's own for the
        terms of other vocabularies (``skos:prefLabel`` reads "preferred label")."""
        if not self.site.has_label(iri):
            found = self.t.term(short(URIRef(iri), PREFIXES))
            if found is not None:
                return found
        return self.site.label(iri, self.language_of(iri))

    def language_of(self, iri: str) -> str:
        """The language to label ``iri`` in: the page's for the ontology's terms, the data's own
        for the data (a Russian name, not its transliteration, on an English page)."""
        return self.lang if iri.startswith(str(KG)) else self.site.data_language

    def cell(self, page: str, term: Identifier | None, *, link: Identifier | None = None) -> Cell:
        """A value shown as text, linked to ``link`` (or to itself when it is an IRI)."""
        if term is None:
            return Cell("")
        target = link if isinstance(link, URIRef) else term if isinstance(term, URIRef) else None
        text = self.label(str(term)) if isinstance(term, URIRef) else str(term)
        lang = (term.language or None) if isinstance(term, Literal) else None
        if isinstance(term, URIRef):
            lang = self.site.label_language(str(term), self.language_of(str(term)))
        badge = lang is not None and lang.split("-")[0] not in (self.lang, self.site.data_language)
        href = self.href(page, str(target)) if target is not None else None
        return Cell(text, href, lang if lang != self.lang else None, badge=badge)

    # -- tables -----------------------------------------------------------------------------
    def roles_table(self, page: str, iri: str) -> Table | None:
        """An organization's roles at events."""
        rows = []
        for row in select(self.site.store, get_query("roles").body, {"agent": URIRef(iri)}).dicts():
            rows.append((self.cell(page, row["eventTitle"], link=row["event"]), self.cell(page, row["role"])))
        t = self.t
        columns = (t("col_event"), t("col_role"))
        return Table(t("h_roles"), columns, tuple(dict.fromkeys(rows)), "roles") if rows else None

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
        t = self.t
        columns = (t("col_quote"), t("col_supports"), t("col_document"))
        return Table(t("h_sources"), columns, tuple(dict.fromkeys(rows)), "sources")

    def statements(self, page: str, iri: str) -> list[Table]:
        site, t = self.site, self.t
        out = sorted(
            ((self.cell(page, p), self.cell(page, o)) for _, p, o in site.outgoing(iri)),  # type: ignore[arg-type]
            key=lambda r: (r[0].text, r[1].text),
        )
        into = sorted(
            ((self.cell(page, s), self.cell(page, p)) for s, p, _ in site.incoming(iri)),
            key=lambda r: (r[1].text, r[0].text),
        )
        tables = [Table(t("h_outgoing"), (t("col_property"), t("col_value")), tuple(out), "outgoing")]
        if into:
            tables.append(
                Table(t("h_incoming"), (t("col_subject"), t("col_property")), tuple(into), "incoming")
            )
        return tables
