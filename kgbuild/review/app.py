"""``kgbuild review``: a local web app to read each document with its facts marked, and accept,
reject or correct them; the decisions go to the corpus's curated file, and a rebuild shows them.

It listens on 127.0.0.1 only (there is no option to change that) and answers only requests that
carry the token of this run: the address it prints holds the token, which the first page turns
into a cookie (``HttpOnly``, ``SameSite=Strict``); every change (a decision, a rebuild) must also
send it in the ``X-Kgbuild-Token`` header, which no other site's page can set, and come from this
origin. A request for another host name (DNS rebinding) is refused too. The only file it writes
is the curated file (see :mod:`kgbuild.review.workspace`); the rebuild writes the build output.
"""

from __future__ import annotations

import getpass
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, request, send_from_directory
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from werkzeug.exceptions import HTTPException

from kgbuild.errors import KgbuildError
from kgbuild.review.decisions import Decision, append, lines_for
from kgbuild.review.view import document_view, index_view
from kgbuild.review.workspace import Workspace
from kgbuild.web.html import SECURITY_HEADERS, script_json
from kgbuild.web.i18n import choose, strings
from kgbuild.web.publisher import STATIC

#: The only address the review app listens on.
LOOPBACK = "127.0.0.1"
COOKIE = "kgbuild-review"
LANG_COOKIE = "kgbuild-lang"
HEADER = "X-Kgbuild-Token"
OWN_STATIC = Path(__file__).resolve().parent / "static"
HOSTS = ("127.0.0.1", "localhost", "[::1]")


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("kgbuild.review", "templates"), PackageLoader("kgbuild.web", "templates")]
        ),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    return env


class Review:
    """The views of one review run."""

    def __init__(self, workspace: Workspace, token: str, who: str, clock: Callable[[], datetime]) -> None:
        self.workspace, self.token, self.who, self.clock = workspace, token, who, clock
        self.env = environment()

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def lang() -> str:
        asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
        return choose(asked, request.headers.get("Accept-Language"))

    def page(self, template: str, **context: Any) -> Response:
        code = self.lang()
        html = self.env.get_template(template).render(
            lang=code,
            t=strings(code),
            token=self.token,
            who=self.who,
            file=str(self.workspace.file),
            **context,
        )
        return Response(html, content_type="text/html; charset=utf-8")

    # -- every request --------------------------------------------------------------------
    def guard(self) -> Response | None:
        """Refuse what does not come from this run's pages at 127.0.0.1 (see the module's docstring)."""
        raw = request.host or ""
        host = "[::1]" if raw.startswith("[") else raw.rsplit(":", 1)[0]
        if host not in HOSTS:
            return refused("Forbidden: kgbuild review answers only at 127.0.0.1")
        asked = request.args.get("token") if request.method == "GET" else None
        given = (
            request.headers.get(HEADER) if request.method == "POST" else asked or request.cookies.get(COOKIE)
        )
        if given is None or not hmac.compare_digest(given, self.token):
            return refused("Forbidden: open the address kgbuild review printed; it carries this run's token")
        origin = request.headers.get("Origin")
        if request.method == "POST" and origin is not None and origin != request.host_url.rstrip("/"):
            return refused("Forbidden: a change must come from the review's own pages")
        if asked:  # the token becomes a cookie, and leaves the address
            response = redirect(request.path, 303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
            return response  # type: ignore[return-value]
        return None

    def headers(self, response: Response) -> Response:
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
        response.headers["Cache-Control"] = "no-store"
        if request.args.get("lang") in ("en", "ru") and response.mimetype == "text/html":
            response.set_cookie(LANG_COOKIE, request.args["lang"], samesite="Strict", httponly=True)
        return response

    # -- views ----------------------------------------------------------------------------
    def index(self) -> Response:
        return self.page("review_index.html", **index_view(self.workspace, strings(self.lang())))

    def document(self, doc_id: str) -> Response:
        if not self.workspace.known(doc_id):
            return refused(f"Not found: there is no document '{doc_id}' in this build", 404)
        return self.page(
            "review_document.html", **document_view(self.workspace, doc_id, strings(self.lang()))
        )

    def static(self, name: str) -> Response:
        folder = OWN_STATIC if (OWN_STATIC / name).is_file() else STATIC
        return send_from_directory(folder, name)

    def decide(self) -> Response:
        """POST /api/decisions: one decision, as JSON; its lines are appended to the curated file."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return refused("Bad Request: send the decision as a JSON object", 400)
        workspace = self.workspace
        try:
            iri = str(body["iri"]) if body.get("iri") else None
            decision = Decision(
                doc=str(body.get("doc", "")),
                type=str(body.get("type", "")),
                id=str(body.get("id", "")),
                action=str(body.get("action", "")),
                fields={str(k): str(v) for k, v in (body.get("fields") or {}).items()},
                person=next((p for p in workspace.people() if p["iri"] == iri), None),
                iri=iri,
            )
            with workspace.lock:
                lines = lines_for(decision, workspace.facts(decision.doc), self.who, self.clock())
                workspace.mark_pending()
                append(workspace.file, lines)
        except KgbuildError as err:
            return refused(f"Bad Request: {err}", 400)
        return _json({"written": len(lines), "lines": lines})

    def rebuild(self) -> Response:
        """POST /api/rebuild: the build again, with the decisions; answers its summary."""
        try:
            report = self.workspace.rebuild()
        except KgbuildError as err:
            return refused(f"Conflict: the rebuild failed: {err}", 409)
        stale = [d.line for d in self.workspace.logged() if d.stale]
        return _json({"summary": report.summary(), "stale": stale})

    def error(self, err: HTTPException) -> Response:
        return refused(f"{err.name}: {err.description}", err.code or 500)


def refused(message: str, status: int = 403) -> Response:
    return Response(f"{status} {message}\n", status=status, content_type="text/plain; charset=utf-8")


def create_review_app(
    out: Path,
    *,
    token: str | None = None,
    who: str | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Flask:
    """The review app of the build in ``out``; ``token`` (default: a new random one) is in
    ``app.config["kgbuild.token"]``."""
    review = Review(Workspace(out), token or secrets.token_urlsafe(24), who or getpass.getuser(), clock)
    app = Flask("kgbuild-review", static_folder=None)
    app.config["kgbuild.token"] = review.token
    app.config["kgbuild.workspace"] = review.workspace
    rules: list[tuple[str, Any, list[str]]] = [
        ("/", review.index, ["GET"]),
        ("/document/<doc_id>", review.document, ["GET"]),
        ("/static/<path:name>", review.static, ["GET"]),
        ("/api/decisions", review.decide, ["POST"]),
        ("/api/rebuild", review.rebuild, ["POST"]),
    ]
    for i, (rule, view, methods) in enumerate(rules):
        app.add_url_rule(rule, f"view{i}", view, methods=methods)
    app.before_request(review.guard)
    app.after_request(review.headers)
    app.register_error_handler(HTTPException, review.error)
    return app


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")


def make_review_server(app: Flask, port: int) -> Any:
    """A waitress server for the review app, on 127.0.0.1 only (``port`` 0: any free port)."""
    from waitress.server import create_server  # noqa: PLC0415

    return create_server(app, host=LOOPBACK, port=port, threads=4, ident="kgbuild-review")
