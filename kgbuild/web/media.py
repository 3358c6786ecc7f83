"""The representations of a resource: file extensions, media types, and content negotiation.

The Cool-URI scheme (W3C, "303 URIs forwarding to different documents"): a resource IRI such as
``<base>person/saparbayev-b`` names the person, not a document. Asked for it, the server answers
``303 See Other`` with the document that best matches the ``Accept`` header (or ``?format=``):
``person/saparbayev-b.html``, ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf``. Each document URL
serves its one format directly.

``Accept`` is read as RFC 9110 (section 12.5.1) says: media ranges with their parameters
(``text/turtle;charset=utf-8``, ``application/ld+json;profile="…"``) and weights (``q=0.5``; ``q=0``
refuses a type); a type takes the weight of the most specific range that matches it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


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


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header: ``type/subtype`` (either may be ``*``) and its weight."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How closely this range names ``media_type``: 2 exactly, 1 as ``type/*``, 0 as ``*/*``;
        -1 when it does not match it."""
        kind, _, sub = media_type.lower().partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        return 1 if self.subtype == "*" else 2 if self.subtype == sub else -1


_ELEMENT = re.compile(r'\s*((?:[^,"]|"(?:[^"\\]|\\.)*")*)')
_PARAMETER = re.compile(r'\s*;\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)')
_RANGE = re.compile(r"\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*")
_WEIGHT = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; parameters other than ``q`` are read and set
    aside (kgbuild's documents are UTF-8 and its JSON-LD is compacted, whatever they ask), and a
    malformed element is left out."""
    ranges = []
    for element in _ELEMENT.findall(header):
        found = _RANGE.match(element)
        if not found or not element.strip():
            continue
        q, rest = 1.0, element[found.end() :]
        while rest.strip():
            parameter = _PARAMETER.match(rest)
            if parameter is None:
                break
            if parameter.group(1).lower() == "q":
                q = float(parameter.group(2)) if _WEIGHT.match(parameter.group(2)) else 0.0
            rest = rest[parameter.end() :]
        else:
            ranges.append(MediaRange(found.group(1).lower(), found.group(2).lower(), q))
    return ranges


def _weight(ranges: list[MediaRange], media_types: Sequence[str]) -> tuple[float, int] | None:
    """The weight of the most specific range that names one of ``media_types`` (a format's media
    type and its other names), and how specific it is; None when no range names them."""
    matches = [(r.specificity(t), r.q) for t in media_types for r in ranges if r.specificity(t) >= 0]
    if not matches:
        return None
    specificity, q = max(matches)
    return q, specificity


def _ranked(accept: str, offered: Sequence[Sequence[str]]) -> list[tuple[float, int, int]]:
    """(weight, specificity, index) of each of ``offered`` that ``accept`` accepts, best first:
    the highest weight, then the most specifically named, then the first offered."""
    ranges = parse_accept(accept)
    found = [(w, i) for i, types in enumerate(offered) if (w := _weight(ranges, types)) and w[0] > 0]
    return [(q, s, i) for (q, s), i in sorted(found, key=lambda f: (-f[0][0], -f[0][1], f[1]))]


def best_match(accept: str, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` that ``accept`` prefers; None when it accepts none of them."""
    ranked = _ranked(accept, [(t,) for t in offered])
    return offered[ranked[0][2]] if ranked else None


def negotiate(accept: str | None) -> Representation:
    """The representation that best matches an ``Accept`` header; HTML when nothing matches
    (a browser), Turtle when only ``*/*`` names the best (a program that takes anything)."""
    if not accept or not accept.strip():
        return BY_EXTENSION["html"]
    ranked = _ranked(accept, [_types(r) for r in REPRESENTATIONS])
    if not ranked:
        return BY_EXTENSION["html"]
    q, specificity, index = ranked[0]
    turtle = REPRESENTATIONS.index(BY_EXTENSION["ttl"])
    if specificity == 0 and (q, 0, turtle) in ranked:
        return BY_EXTENSION["ttl"]
    return REPRESENTATIONS[index]


def accept_pattern(media_types: Sequence[str]) -> str:
    """A regular expression (PCRE, for nginx's ``map`` and Apache's ``RewriteCond``, matched with
    case ignored) that finds one of ``media_types`` among the media ranges of an ``Accept`` header,
    with any parameters but ``q=0``. It holds no space, quote, brace or doubled backslash, so the
    servers' configuration syntax takes it as it is."""
    names = "|".join(re.escape(t).replace("\\/", "/") for t in media_types)
    refused = r"q\s*=\s*0(\.0*)?\s*(;|,|$)"
    return rf"(^|,)\s*({names})\s*(;(?!\s*{refused})[^;,]*)*(,|$)"


def alternate_links(stem: str, extension: str) -> str | None:
    """The ``Link`` header of a resource's document in ``extension``: the resource's other
    documents, ``rel="alternate"`` with their media types (RFC 8288). ``stem`` is the documents'
    path without extension (``/person/x``), or how a server configuration writes it.

    None for the JSON-LD document: pyld (3.3), the JSON-LD processor for Python, fails on any
    response with more than one ``rel="alternate"`` link, and JSON-LD 1.1 (section 9.2) follows an
    alternate link only from a response that is not JSON, so the one format JSON-LD processors are
    sent to names no alternates."""
    if extension == "jsonld":
        return None
    return ", ".join(
        f'<{stem}.{r.extension}>; rel="alternate"; type="{r.media_type}"'
        for r in REPRESENTATIONS
        if r.extension != extension
    )


#: ``Accept`` that names no type but ``*/*`` (a program that takes anything: it gets Turtle).
ANYTHING_PATTERN = r"^\s*\*/\*\s*(;[^,]*)?$"
