"""Minting IRIs: readable, deterministic, under a configurable base.

The scheme (documented in the README) is ``<base><kind>/<key>``, e.g.
``<base>person/saparbayev-b``, ``<base>event/2021-10-14-mezhetnicheskoye-soglasiye-…``; documents
are ``<base>document/<id>``, the named graph of a document ``<base>graph/<id>``, and a span of a
document ``<base>document/<id>#char=<start>,<end>`` (RFC 5147).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from rdflib import URIRef

from kgbuild.errors import InputError, KgbuildError
from kgbuild.facts import Evidence

#: The base used when none is given: example.org is reserved for examples (RFC 2606), so a graph
#: built without ``--base`` never claims someone else's domain.
DEFAULT_BASE = "https://example.org/kg/"

_SEGMENT_UNSAFE = re.compile(r"[^\w.~-]", re.UNICODE)


def check_base(base: str) -> str:
    """Return ``base`` if it is an absolute http(s) IRI ending in '/', with no fragment, else raise
    (a span of a document is a fragment of the document's IRI: ``<base>document/<id>#char=…``)."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgbuildError(f"base IRI {base!r} must be an absolute http:// or https:// IRI")
    if "#" in base:
        plain = base.partition("#")[0].rstrip("/")
        raise KgbuildError(
            f"base IRI {base!r} must not hold a '#': a document's spans are fragments of its IRI "
            f"(<base>document/<id>#char=…); use a base ending in '/', e.g. {plain}/"
        )
    if not base.endswith("/"):
        raise KgbuildError(f"base IRI {base!r} must end in '/', e.g. {base}/")
    try:  # RFC 3987 as Oxigraph reads it (spaces, <>"{}|\\^` refused): every IRI minted under it is one
        ox.NamedNode(base)
    except ValueError as err:
        raise KgbuildError(f"base IRI {base!r} is not a valid IRI: {err}") from err
    return base


def http_url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as an http(s) URL to link to; None when nothing is."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host"
    if any(c in url for c in ' <>"{}|\\^`\n\r\t'):
        return "holds characters not allowed in a URL"
    return None


def check_http_url(url: str, what: str) -> str:
    """Return ``url`` if it is an absolute http:// or https:// URL with a host, else raise an
    :class:`InputError` naming ``what`` (an option, a field)."""
    problem = http_url_problem(url)
    if problem:
        raise InputError(f"{what} {problem}, not {url!r}")
    return url


@lru_cache(maxsize=65_536)
def segment(text: str) -> str:
    """``text`` made safe as one IRI path segment: letters, digits and '-._~' kept, the rest
    %-encoded (a build mints the same segments again and again: they are remembered)."""
    return _SEGMENT_UNSAFE.sub(lambda unsafe: quote(unsafe.group(), safe=""), text)


@dataclass(frozen=True)
class Minter:
    """Mints every IRI of a build from its base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        check_base(self.base)

    def entity(self, kind: str, key: str) -> URIRef:
        return _entity(self.base, kind, key)

    def document(self, doc_id: str) -> URIRef:
        return _document(self.base, doc_id)

    def graph(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{segment(doc_id)}")

    def entities_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/entities")

    def evidence(self, ev: Evidence) -> URIRef:
        return URIRef(f"{_document(self.base, ev.doc)}#char={ev.start},{ev.end}")

    def merge(self, kind: str, key: str) -> URIRef:
        return self.entity(f"merge/{kind}", key)


# A document's facts name its IRI and the same entities over and over: each is made (and checked
# by rdflib) once.
@lru_cache(maxsize=1 << 14)
def _entity(base: str, kind: str, key: str) -> URIRef:
    return URIRef(f"{base}{kind}/{'/'.join(segment(p) for p in key.split('/'))}")


@lru_cache(maxsize=256)
def _document(base: str, doc_id: str) -> URIRef:
    return URIRef(f"{base}document/{segment(doc_id)}")
