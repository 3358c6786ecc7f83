"""HTML output: the Jinja2 environment (every value escaped) and JSON embedded safely in pages.

All text from documents and IRIs reaches pages through Jinja2 with autoescaping on, in quoted
attributes; data for scripts travels as JSON in ``<script type="application/json">`` blocks (or
``application/ld+json``) with ``<``, ``>``, ``&`` and the line separators written as ``\\u`` escapes,
so no value can close the block or be read as markup. Scripts read it with ``JSON.parse`` and write
it with ``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

#: No inline or foreign script; inline styles are allowed (cytoscape.js and pyLODE's page set them).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: The headers every response carries: from ``kgbuild serve``, and from the nginx and Apache
#: configuration ``kgbuild publish`` writes.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)

#: CORS (Fetch standard): any origin may read every response, the 303 redirects included (a
#: browser's cross-origin fetch of a resource IRI follows them), and the headers a client needs to
#: revalidate and to find the other formats, which are not CORS-safelisted.
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag, Link, Content-Location, Location, X-Kgbuild-Result-Cut"),
)
#: Documents and the redirects to them may be cached for an hour, then revalidated by ``ETag``
#: (``If-None-Match`` answers 304) or ``Last-Modified``: a site changes only when it is rebuilt.
CACHE_CONTROL = "public, max-age=3600"
#: The statuses ``Cache-Control`` goes with (never an error).
CACHED_STATUSES = (200, 303, 304)

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings contain."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, replacement in _UNSAFE.items():
        text = text.replace(char, replacement)
    return text


def script_json(data: Any, element_id: str, media_type: str = "application/json") -> Markup:
    """A data block: ``<script type="application/json" id="…">…</script>`` (also a Jinja filter:
    ``{{ data|script_json("id") }}``)."""
    return Markup('<script type="{}" id="{}">{}</script>').format(
        media_type, element_id, Markup(safe_json(data))
    )


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kgbuild.web", "templates"),
        autoescape=select_autoescape(("html",), default=False),  # server configs are not HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


__all__ = [
    "CACHED_STATUSES",
    "CACHE_CONTROL",
    "CORS_HEADERS",
    "CSP",
    "SECURITY_HEADERS",
    "Markup",
    "escape",
    "render",
    "safe_json",
    "script_json",
]
