"""HTML documentation of the ontology, by pyLODE, with an interactive class diagram.

pyLODE (3.3.4; 3.4.1 fails on import) writes one self-contained page; kgbuild takes its content,
its table of contents and its JSON-LD into the site's own layout (``ontology.html``), styled by
the site's style sheet. It adds a class diagram drawn in the browser by the vendored
cytoscape.js from the ontology's classes, their subclass axioms and the domains and ranges of its
object properties; an entry for each concept scheme and concept (role, event and resolution
types), which pyLODE leaves out, inside the content and its table of contents; and reads the
page's anchors so that every kgbuild page links each ontology term to its entry.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, URIRef

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.web.html import Markup, escape, script_json

_ENTRY = re.compile(r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">.*?<code>([^<]+)</code>', re.DOTALL)


@dataclass(frozen=True)
class OntologyDocs:
    content: Markup  # pyLODE's documentation, with the class diagram, for the site's layout
    toc: Markup  # its table of contents
    head: Markup  # its JSON-LD (schema.org) block
    anchors: dict[str, str]  # term IRI → the id of its entry in the page


@contextmanager
def _logging_left_alone() -> Any:
    """pyLODE sets the root logger to DEBUG with a handler on stderr when imported, and logs to it
    while it works: keep its messages out of the user's terminal and leave logging as it was."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)

    def restore() -> None:
        root.setLevel(level)
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)

    def quiet() -> None:
        restore()
        root.addHandler(logging.NullHandler())  # no handler of logging's own on stderr
        root.setLevel(max(level, logging.WARNING))

    try:
        yield quiet
    finally:
        restore()


@cache
def ontology_docs() -> OntologyDocs:
    """The documentation: pyLODE's page cut into the pieces the site's layout takes."""
    with _logging_left_alone() as quiet:
        from pylode import OntPub  # noqa: PLC0415 (slow to import; only publishing needs it)

        quiet()
        html = OntPub(ontology=pylode_input(ontology_graph())).make_html()
    html = _with_concepts(html, ontology_graph())
    anchors = {iri: anchor for anchor, iri in _ENTRY.findall(html) if iri.startswith(str(KG))}
    section = (
        '<div class="section" id="kg-diagram"><h2>Class diagram</h2>'
        "<p>Classes of the kgbuild ontology, their superclasses (dashed arrows) and the object "
        "properties between them. Drag to move, scroll to zoom, click a class to read its entry.</p>"
        '<div id="kg-graph" class="kg-graph" data-kind="ontology"></div>'
        f"{script_json(class_diagram(ontology_graph(), anchors), 'kg-graph-data')}</div>"
    )
    classes = re.search(r'<div[^>]*\bid="classes"', html)
    at = classes.start() if classes else html.rindex("</body>")
    html = html[:at] + section + html[at:]
    toc, credit = html.find('<div id="toc"'), html.find('<div id="pylode"')
    head = re.search(r'<script id="schema.org" type="application/ld\+json">.*?</script>', html, re.DOTALL)
    return OntologyDocs(
        content=Markup(html[html.index('<div id="content"') : credit if credit >= 0 else toc]),
        toc=Markup(html[toc : html.rindex("</body>")] if toc >= 0 else ""),
        head=Markup(head.group(0) if head else ""),
        anchors=anchors,
    )


def _english(graph: Graph, term: URIRef, *props: URIRef) -> str:
    """The English text of the first of ``props`` that ``term`` has (any language, else its name)."""
    for prop in props:
        values = list(graph.objects(term, prop))
        english = [v for v in values if getattr(v, "language", None) == "en"]
        if english or values:
            return str((english or values)[0])
    return str(term).rsplit("#", 1)[-1]


def _entry(anchor: str, iri: str, title: str, rows: list[tuple[str, Markup]]) -> Markup:
    """An entry in pyLODE's markup: its id, its IRI in ``<code>``, a table of what it says."""
    cells = Markup("").join(Markup("<tr><th>{}</th><td>{}</td></tr>").format(th, td) for th, td in rows)
    return Markup(
        '<div class="property entity" id="{}"><h3>{}</h3><table>'
        "<tr><th>IRI</th><td><code>{}</code></td></tr>{}</table></div>"
    ).format(anchor, title, iri, cells)


def concepts_section(graph: Graph) -> Markup:
    """An entry for every concept scheme of the ontology and every concept in it, with the concept's
    id its local name, as links to ``ontology.html#roleSpeaker`` expect."""
    ns = str(KG)
    schemes = sorted(
        s
        for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
        if isinstance(s, URIRef) and str(s).startswith(ns)
    )
    entries = []
    for scheme in schemes:
        concepts = sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
        link = Markup('<li><a href="#{}">{}</a></li>')
        items = Markup("").join(
            link.format(str(c)[len(ns) :], _english(graph, c, SKOS.prefLabel)) for c in concepts
        )
        title = _english(graph, scheme, RDFS.label, DCTERMS.title, SKOS.prefLabel)
        description = _english(graph, scheme, RDFS.comment, DCTERMS.description)
        entries.append(
            _entry(
                str(scheme)[len(ns) :],
                str(scheme),
                title,
                [("Description", escape(description)), ("Concepts", Markup("<ul>{}</ul>").format(items))],
            )
        )
        for concept in concepts:
            labels = ", ".join(
                f"{label} ({getattr(label, 'language', None) or '-'})"
                for label in sorted(graph.objects(concept, SKOS.prefLabel), key=str)
            )
            rows = [("Labels", escape(labels))]
            if (notation := graph.value(concept, SKOS.notation)) is not None:
                rows.append(("Notation", Markup("<code>{}</code>").format(notation)))
            rows.append(("Description", escape(_english(graph, concept, RDFS.comment, SKOS.definition))))
            link = Markup('<a href="#{}">{}</a>').format(str(scheme)[len(ns) :], title)
            rows.append(("In scheme", link))
            entries.append(
                _entry(str(concept)[len(ns) :], str(concept), _english(graph, concept, SKOS.prefLabel), rows)
            )
    return Markup(
        '<div class="section" id="concepts"><h2>Concepts</h2><p>The values of the role, event and '
        "resolution types: SKOS concepts, each in its scheme.</p>{}</div>"
    ).format(Markup("").join(entries))


def _with_concepts(html: str, graph: Graph) -> str:
    """pyLODE's page with :func:`concepts_section` before its namespaces, and in its contents."""
    at = html.find('<div id="namespaces">')
    if at < 0:
        at = html.rindex("</body>")
    html = html[:at] + str(concepts_section(graph)) + html[at:]
    toc = re.search(r'<li>\s*<h4>\s*<a href="#namespaces">', html)
    if toc:
        entry = '<li><h4><a href="#concepts">Concepts</a></h4></li>'
        html = html[: toc.start()] + entry + html[toc.start() :]
    return html


def pylode_input(graph: Graph) -> Graph:
    """The ontology as pyLODE documents it well: pyLODE takes every concept scheme for the ontology
    itself (merging their titles and IRIs) and runs labels of several languages together, so here the
    schemes are plain individuals, labels other than English become skos:altLabel, and the declarations
    of other vocabularies' terms (kept in the ontology for its alignments) are left to their own docs."""
    ns, ontology = str(KG), URIRef(ONTOLOGY_IRI)
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    texts = (DCTERMS.title, DCTERMS.description, RDFS.label, RDFS.comment, SKOS.prefLabel)
    for s, p, o in graph:
        if isinstance(s, URIRef) and s != ontology and not str(s).startswith(ns):
            continue
        prop, value = p, o
        if (p, o) == (RDF.type, SKOS.ConceptScheme):
            value = OWL.NamedIndividual
        elif p in texts and getattr(o, "language", None) not in (None, "en"):
            if p not in (RDFS.label, SKOS.prefLabel):
                continue
            prop = SKOS.altLabel
        elif p == DCTERMS.title and s != ontology:
            prop = RDFS.label
        out.add((s, prop, value))
    return out


def class_diagram(graph: Graph, anchors: dict[str, str]) -> dict[str, Any]:
    """Nodes and edges for cytoscape.js: the ontology's own classes and the links between them."""
    ns = str(KG)
    classes = sorted(
        c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(ns)
    )

    def name(term: URIRef) -> str:
        label = graph.value(term, RDFS.label)  # English first: the diagram is of the vocabulary
        english = [lbl for lbl in graph.objects(term, RDFS.label) if getattr(lbl, "language", None) == "en"]
        return str(english[0] if english else label or str(term)[len(ns) :])

    nodes = [
        {"data": {"id": str(c), "label": name(c), "kind": "class", "href": "#" + anchors.get(str(c), "")}}
        for c in classes
    ]
    known = set(classes)
    edges: list[dict[str, Any]] = []
    for c in classes:
        for parent in sorted(
            p for p in graph.objects(c, RDFS.subClassOf) if isinstance(p, URIRef) and p in known
        ):
            edges.append({"data": {"source": str(c), "target": str(parent), "label": "", "kind": "subclass"}})
    properties = [p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)]
    for prop in sorted(properties):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if domain in known and range_ in known:
            edges.append(
                {
                    "data": {
                        "source": str(domain),
                        "target": str(range_),
                        "label": name(prop),
                        "kind": "property",
                    }
                }
            )
    for i, edge in enumerate(edges):
        edge["data"]["id"] = f"e{i}"
    return {"nodes": nodes, "edges": edges}
