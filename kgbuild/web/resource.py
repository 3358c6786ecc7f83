"""The page of one resource, put together for its kind (see :mod:`kgbuild.web.pages`)."""

from __future__ import annotations

import posixpath
from typing import Any

from rdflib import RDF, Literal, URIRef

from kgbuild.ontology.namespace import KG
from kgbuild.web import document, overview
from kgbuild.web.media import RDF_REPRESENTATIONS
from kgbuild.web.pages import Page, Renderer, root_of


def resource_page(r: Renderer, iri: str, jsonld: Any = None) -> Page:
    """The page of ``iri``: its labels and types, the answer its kind asks for, its graph or text,
    then (collapsed) the sources of its facts and every statement about it and pointing to it."""
    site = r.site
    rel = site.rel(iri)
    assert rel is not None, iri
    path = f"{rel}.html"
    types = sorted({o for _, p, o in site.outgoing(iri) if p == RDF.type and isinstance(o, URIRef)}, key=str)
    page = Page(path, iri, r.label(iri), root_of(path), r.lang, jsonld=jsonld)
    labels = {
        (str(lbl), lbl.language): lbl for *_, lbl in site.label_triples(iri) if isinstance(lbl, Literal)
    }
    page.labels = [r.cell(path, labels[k]) for k in sorted(labels, key=str) if k[0] != page.title]
    page.types = [r.cell(path, t) for t in types]
    name = posixpath.basename(rel)
    page.alternates = [(x.name, f"{name}.{x.extension}", x.media_type) for x in RDF_REPRESENTATIONS]
    if KG.Event in types:
        page.facts, page.tables = overview.event_overview(r, path, iri)
        page.graph = overview.event_graph(r, path, iri)
    elif KG.Person in types:
        page.facts, page.tables = overview.person_overview(r, path, iri)
    elif KG.Organization in types:
        roles = r.roles_table(path, iri)
        page.tables = [roles] if roles else []
    if KG.Document in types:
        page.text = document.text_view(r, path, iri)
        spans = document.spans_table(r, path, iri, anchored=page.text is None)
        if spans is not None:
            (page.details if page.text is not None else page.tables).append(spans)
    else:
        sources = r.sources(path, iri)
        if sources is not None:
            page.details.append(sources)
    page.details.extend(r.statements(path, iri))
    return page
