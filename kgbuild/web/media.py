"""The representations of a resource: file extensions, media types, and content negotiation.

The Cool-URI scheme (W3C, "303 URIs forwarding to different documents"): a resource IRI such as
``<base>person/saparbayev-b`` names the person, not a document. Asked for it, the server answers
``303 See Other`` with the document that best matches the ``Accept`` header (or ``?format=``):
``person/saparbayev-b.html``, ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf``. Each document URL
serves its one format directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Representation:
    extension: str
    media_type: str
    rdflib_format: str | None  # None: HTML
    name: str
    also: tuple[str, ...] = ()  # other media types that ask for it


REPRESENTATIONS = (
    Representation("html", "text/html", None, "HTML", ("application/xhtml+xml",)),
    Representation("ttl", "text/turtle", "turtle", "Turtle", ("application/x-turtle",)),
    Representation("jsonld", "application/ld+json", "json-ld", "JSON-LD", ("application/json",)),
    Representation("nt", "application/n-triples", "nt", "N-Triples"),
    Representation(
        "rdf", "application/rdf+xml", "xml", "RDF/XML", ("application/xml",)
    ),  # not pretty-xml: it drops lists
)
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
#: Other names people use for the same formats in ``?format=``.
ALIASES = {
    "turtle": "ttl",
    "json-ld": "jsonld",
    "json": "jsonld",
    "ntriples": "nt",
    "xml": "rdf",
    "rdfxml": "rdf",
}
RDF_REPRESENTATIONS = tuple(r for r in REPRESENTATIONS if r.rdflib_format)


def by_format(name: str) -> Representation | None:
    """The representation a ``?format=`` value names (an extension, a media type or an alias)."""
    key = ALIASES.get(name.lower(), name.lower())
    return BY_EXTENSION.get(key) or next((r for r in REPRESENTATIONS if key in _types(r)), None)


def _types(representation: Representation) -> tuple[str, ...]:
    return (representation.media_type, *representation.also)


def negotiate(accept: str | None) -> Representation:
    """The representation that best matches an ``Accept`` header; HTML when nothing matches
    (a browser), Turtle for ``*/*`` alone (a program that takes anything)."""
    if not accept or not accept.strip():
        return BY_EXTENSION["html"]
    parsed = parse_accept_header(accept, MIMEAccept)
    if [value for value, _ in parsed] == ["*/*"]:
        return BY_EXTENSION["ttl"]
    best = parsed.best_match([t for r in REPRESENTATIONS for t in _types(r)])
    return next((r for r in REPRESENTATIONS if best in _types(r)), BY_EXTENSION["html"])
