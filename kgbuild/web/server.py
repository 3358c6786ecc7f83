"""``kgbuild serve``: the site of a build, rendered per request, with content negotiation and a
read-only SPARQL endpoint (Flask, served by waitress).

Requests for a resource IRI (``/person/x``) are answered ``303 See Other`` with the document in the
format asked for (``Accept``, or ``?format=``); documents (``/person/x.html``, ``.ttl`` …) are served
directly. Every response carries a Content-Security-Policy that allows no inline or foreign script,
``X-Content-Type-Options: nosniff`` and CORS headers; documents carry ``ETag``, ``Last-Modified``,
``Cache-Control``, ``Content-Location`` and a ``Link`` to the resource's other formats, and answer
304 to a client whose copy is current: the same headers as the nginx and Apache configurations
``kgbuild publish`` writes (kgbuild.web.html).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, request, send_from_directory
from werkzeug.exceptions import HTTPException, NotFound

from kgbuild.errors import KgbuildError, QueryError
from kgbuild.outdir.layout import MANIFEST
from kgbuild.web.endpoint import FORMAT_PARAMETERS, Endpoint, EndpointBusy, QueryTimeout, Request
from kgbuild.web.html import CACHE_CONTROL, CACHED_STATUSES, CORS_HEADERS, SECURITY_HEADERS
from kgbuild.web.i18n import LANGUAGES, choose
from kgbuild.web.media import (
    BY_EXTENSION,
    Representation,
    alternate_links,
    best_match,
    by_format,
    negotiate,
)
from kgbuild.web.publisher import DUMPS, STATIC, Publisher, SiteOptions

SPARQL_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")
#: The cookie that remembers the language chosen with the switch (``?lang=``).
LANG_COOKIE = "kgbuild-lang"


def _text(body: str | bytes, media_type: str, status: int = 200) -> Response:
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml"))
    return Response(body, status=status, content_type=media_type + ("; charset=utf-8" if textual else ""))


def _lang() -> str:
    """The interface language of this request: ``?lang=``, else the cookie, else Accept-Language."""
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return choose(asked, request.headers.get("Accept-Language"))


def _asked() -> Representation | None:
    """The representation a request asks for: ``?format=`` first, then ``Accept``."""
    name = request.args.get("format")
    return by_format(name) if name else negotiate(request.headers.get("Accept"))


def _protocol_request() -> Request | Response:
    """The query request of a SPARQL 1.1 Protocol operation (section 2.1), or the error answer:
    403 for an update, 415 for a body that is neither a form nor a query in UTF-8, 400 for no query
    or for more than one."""
    content_type = (request.mimetype or "").lower()
    if request.values.getlist("update") or content_type == "application/sparql-update":
        return _text(
            "403 Forbidden: this endpoint is read-only; SPARQL Update is refused\n", "text/plain", 403
        )
    if request.method == "POST" and content_type not in SPARQL_TYPES:
        return _text(f"415: send the query as {' or '.join(SPARQL_TYPES)}\n", "text/plain", 415)
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        return _text(f"415: send the query in UTF-8, not {charset}\n", "text/plain", 415)
    queries = request.values.getlist("query")
    if content_type == "application/sparql-query":
        try:
            queries.append(request.get_data().decode("utf-8"))
        except UnicodeDecodeError:
            return _text("400 Bad Request: the query is not UTF-8\n", "text/plain", 400)
    if len(queries) > 1:
        return _text("400 Bad Request: give one query, not several\n", "text/plain", 400)
    if not queries or not queries[0].strip():
        return _text("400 Bad Request: no query given (?query=…)\n", "text/plain", 400)
    dataset = [request.values.getlist(name) for name in ("default-graph-uri", "named-graph-uri")]
    named = any(dataset)
    return Request(
        queries[0],
        request.headers.get("Accept"),
        tuple(value for name in FORMAT_PARAMETERS for value in request.values.getlist(name)),
        tuple(dataset[0]) if named else None,
        tuple(dataset[1]) if named else None,
    )


class SiteServer:
    """The views of one served build."""

    def __init__(self, publisher: Publisher, endpoint: Endpoint) -> None:
        self.publisher = publisher
        self.endpoint = endpoint
        modified = (publisher.out / MANIFEST).stat().st_mtime
        self.built = datetime.fromtimestamp(int(modified), tz=UTC)  # HTTP dates count whole seconds

    # -- helpers ----------------------------------------------------------------------------
    def page(self, html: str, status: int = 200) -> Response:
        return _text(html, "text/html", status)

    def not_found(self, path: str) -> Response:
        message = f"There is no resource at /{path} in this graph."
        return self.page(self.publisher.error_html(path or "index.html", "Not found", message, _lang()), 404)

    def see_other(self, stem: str) -> Response:
        """A 303 from a thing's IRI to its document in the asked format."""
        representation = _asked()
        if representation is None:
            known = ", ".join(BY_EXTENSION)
            return _text(f"406 Not Acceptable: unknown format; use one of {known}\n", "text/plain", 406)
        response = redirect(f"{request.script_root}/{stem}.{representation.extension}", 303)
        response.headers["Vary"] = "Accept"
        return response  # type: ignore[return-value]

    # -- views ------------------------------------------------------------------------------
    def index(self) -> Response:
        return self.page(self.publisher.index_html(_lang()))

    def static(self, name: str) -> Response:
        return send_from_directory(STATIC, name)  # refuses paths outside the folder

    def sitemap(self) -> Response:
        return _text(self.publisher.sitemap_xml(), "application/xml")

    def robots(self) -> Response:
        return _text(self.publisher.robots_txt(), "text/plain")

    def context(self) -> Response:
        return _text(self.publisher.context_json(), "application/ld+json")

    def dump(self, name: str) -> Response:
        path = f"dumps/{name}"
        if path not in {p for p, _, _ in DUMPS}:
            return self.not_found(path)
        response = Response(self.publisher.dump(path), content_type="application/gzip")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def void(self) -> Response:
        representation = _asked()
        if representation is None or representation.extension == "html":
            return redirect("/dataset.html", 303)  # type: ignore[return-value]
        body = self.publisher.dataset_rdf(representation)
        response = _text(body, representation.media_type)
        response.headers["Vary"] = "Accept"
        return response

    def sparql_page(self) -> Response:
        endpoint = self.endpoint
        return self.page(self.publisher.sparql_html("sparql", endpoint.timeout, endpoint.cap, _lang()))

    def document(self, path: str) -> Response:
        """``/<path>``: a document (``x.html``, ``x.ttl`` …) or a resource IRI (303 to one)."""
        stem, dot, extension = path.rpartition(".")
        if not dot or extension not in BY_EXTENSION or "/" in extension:
            if path in ("dataset", "ontology"):
                return self.see_other(path)
            iri = self.publisher.site.iri(path)
            if self.publisher.site.rel(iri) is None or not self.publisher.site.exists(iri):
                return self.not_found(path)
            return self.see_other(path)
        representation = BY_EXTENSION[extension]
        publisher = self.publisher
        if stem in ("dataset", "ontology"):
            if extension == "html":
                html = publisher.dataset_html if stem == "dataset" else publisher.ontology_html
                response = self.page(html(_lang()))
            else:
                rdf = publisher.dataset_rdf if stem == "dataset" else publisher.ontology_rdf
                response = _text(rdf(representation), representation.media_type)
        else:
            iri = publisher.site.iri(stem)
            if publisher.site.rel(iri) is None or not publisher.site.exists(iri):
                return self.not_found(path)
            if extension == "html":
                response = self.page(publisher.resource_html(iri, _lang()))
            else:
                response = _text(publisher.resource_rdf(iri, representation), representation.media_type)
        links = alternate_links(f"{request.script_root}/{stem}", extension)
        if links:
            response.headers["Link"] = links
        return response

    def sparql(self) -> Response:
        """The SPARQL 1.1 Protocol: query by GET (``?query=``), by POST form, or as a POST body; a
        GET with no parameters answers the service description."""
        if request.method == "GET" and not request.args:
            return self.service_description()
        asked = _protocol_request()
        if isinstance(asked, Response):
            return asked
        try:
            answer = self.endpoint.query(asked)
        except QueryError as err:
            return _text(f"400 Bad Request: {err}\n", "text/plain", 400)
        except (QueryTimeout, EndpointBusy) as err:
            response = _text(f"503 Service Unavailable: {err}\n", "text/plain", 503)
            response.headers["Retry-After"] = str(int(self.endpoint.timeout))
            return response
        except KgbuildError as err:
            return _text(f"500 Internal Server Error: {err}\n", "text/plain", 500)
        response = _text(answer.body, answer.media_type)
        if answer.cut is not None:
            response.headers["X-Kgbuild-Result-Cut"] = f"{answer.cut} rows; page with LIMIT and OFFSET"
            response.headers["Warning"] = f'199 kgbuild "result cut at {answer.cut} rows"'
        return response

    def service_description(self) -> Response:
        """The endpoint's SPARQL 1.1 Service Description: Turtle unless ``Accept`` asks for another
        RDF format; a browser is sent to the query page."""
        accept = request.headers.get("Accept")
        representation = negotiate(accept) if accept else BY_EXTENSION["ttl"]
        if representation.extension == "html":
            if accept and best_match(accept, ["text/html"]):
                return redirect("/sparql.html", 303)  # type: ignore[return-value]
            representation = BY_EXTENSION["ttl"]
        response = _text(self.publisher.service_rdf(representation), representation.media_type)
        response.headers["Vary"] = "Accept"
        return response

    def preflight(self) -> Response:
        response = Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Max-Age"] = "86400"
        return response

    # -- every response ---------------------------------------------------------------------
    def headers(self, response: Response) -> Response:
        """The headers of every response (security, CORS), and on the site's documents and the
        redirects to them those of caching, as the nginx and Apache configurations send them."""
        for name, value in (*SECURITY_HEADERS, *CORS_HEADERS):
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:  # pages: see _lang
            response.vary.update(("Accept-Language", "Cookie"))
            if request.args.get("lang") in LANGUAGES:
                response.set_cookie(LANG_COOKIE, request.args["lang"], samesite="Lax", httponly=True)
        if request.path != "/sparql" and request.method in ("GET", "HEAD"):
            self.cache(response)
        return response

    def cache(self, response: Response) -> None:
        """A document gets an ``ETag`` (of its bytes), ``Last-Modified`` (the build's time) and
        ``Content-Location`` (its own path), and answers 304 when the client's copy is current
        (``If-None-Match``, ``If-Modified-Since``); ``Cache-Control`` on it and on redirects."""
        if response.status_code == 200:
            if response.get_etag()[0] is None and not response.direct_passthrough:
                response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
            if response.last_modified is None:
                response.last_modified = self.built
            response.headers["Content-Location"] = request.script_root + request.path
            response.make_conditional(request)
        if response.status_code in CACHED_STATUSES:
            response.headers["Cache-Control"] = CACHE_CONTROL

    def error(self, err: HTTPException) -> Response:
        if isinstance(err, NotFound):
            return self.not_found(request.path.lstrip("/"))
        return _text(f"{err.code} {err.name}: {err.description}\n", "text/plain", err.code or 500)


def create_app(
    out: Path,
    *,
    options: SiteOptions | None = None,
    timeout: float = 10.0,
    cap: int = 10_000,
    workers: int = 2,
) -> Flask:
    """The WSGI application serving the build in ``out`` (its base is the site's root)."""
    publisher = Publisher(out, options=replace(options or SiteOptions(), sparql="sparql"))
    endpoint = Endpoint([out], timeout=timeout, cap=cap, workers=workers, base_iri=publisher.base)
    server = SiteServer(publisher, endpoint)
    app = Flask("kgbuild", static_folder=None)
    app.config["kgbuild.endpoint"] = server.endpoint
    rules: list[tuple[str, Any, list[str]]] = [
        ("/", lambda: redirect("/index.html", 303), ["GET"]),
        ("/index.html", server.index, ["GET"]),
        ("/static/<path:name>", server.static, ["GET"]),
        ("/context.jsonld", server.context, ["GET"]),
        ("/sitemap.xml", server.sitemap, ["GET"]),
        ("/robots.txt", server.robots, ["GET"]),
        ("/dumps/<name>", server.dump, ["GET"]),
        ("/.well-known/void", server.void, ["GET"]),
        ("/sparql", server.sparql, ["GET", "POST"]),
        ("/sparql", server.preflight, ["OPTIONS"]),
        ("/sparql.html", server.sparql_page, ["GET"]),
        ("/<path:path>", server.document, ["GET"]),
    ]
    for i, (rule, view, methods) in enumerate(rules):
        app.add_url_rule(rule, f"view{i}", view, methods=methods, provide_automatic_options=False)
    app.after_request(server.headers)
    app.register_error_handler(HTTPException, server.error)
    return app


def make_server(app: Flask, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server for ``app`` (``.run()`` serves until ``.close()``)."""
    from waitress.server import create_server  # noqa: PLC0415

    return create_server(app, host=host, port=port, threads=threads, ident="kgbuild")
