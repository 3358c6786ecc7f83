"""Remote endpoints over real HTTP on loopback: auth, paging past a silent cap, retries, clear errors.

A small scripted server stands in for a store where a real one cannot be made to misbehave on cue
(tests/test_stores.py runs the same code against Oxigraph and Virtuoso).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kgbuild.cli import main
from kgbuild.errors import QueryError
from kgbuild.stores.remote import Endpoint, EndpointError, remote_select


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str

    @property
    def sparql(self) -> str:
        form = urllib.parse.parse_qs(self.body)
        return form.get("query", form.get("update", [self.body]))[0]


class Scripted:
    """An HTTP server on 127.0.0.1 answering each request with ``respond(request)``."""

    def __init__(self, respond: Callable[[Request], Reply]) -> None:
        self.requests: list[Request] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    self.command, self.path, dict(self.headers), self.rfile.read(length).decode("utf-8")
                )
                outer.requests.append(request)
                reply = respond(request)
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in {
                    "Content-Type": "application/sparql-results+json",
                    **reply.headers,
                }.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[Request], Reply]], Scripted]]:
    servers: list[Scripted] = []

    def start(respond: Callable[[Request], Reply]) -> Scripted:
        servers.append(Scripted(respond))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def results(names: list[str], rows: list[dict[str, str]]) -> bytes:
    bindings = [{k: {"type": "literal", "value": v} for k, v in row.items()} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()


ROWS = [{"name": f"person {i:02d}", "n": str(i)} for i in range(23)]


def capped(cap: int) -> Callable[[Request], Reply]:
    """A store that answers every query with at most ``cap`` rows and HTTP 200, as Virtuoso does."""

    def respond(request: Request) -> Reply:
        match = re.search(r"LIMIT (\d+) OFFSET (\d+)", request.sparql)
        limit, offset = (int(match.group(1)), int(match.group(2))) if match else (len(ROWS), 0)
        return Reply(body=results(["name", "n"], ROWS[offset : offset + min(limit, cap)]))

    return respond


def test_a_silent_cap_loses_no_rows(serve: Callable[..., Scripted]) -> None:
    server = serve(capped(5))
    got = remote_select(
        Endpoint(server.url), "SELECT ?name ?n WHERE { ?p <urn:x:name> ?name ; <urn:x:n> ?n }"
    )
    assert [str(row[0]) for row in got.rows] == [r["name"] for r in ROWS]
    sent = server.requests[0].sparql
    assert server.requests[0].method == "POST" and "ORDER BY ?name ?n" in sent  # a total order for paging
    assert len(server.requests) == 1 + 23 // 5 + 1  # the first page, the rest at the cap, one empty page


def test_an_endpoint_that_ignores_offset_is_an_error_not_a_loop(serve: Callable[..., Scripted]) -> None:
    server = serve(lambda request: Reply(body=results(["name"], ROWS[:2])))
    with pytest.raises(EndpointError, match="does not page results"):
        remote_select(Endpoint(server.url), "SELECT ?name WHERE { ?s ?p ?name }")
    assert len(server.requests) == 2


def test_a_query_with_its_own_limit_is_sent_as_it_is(serve: Callable[..., Scripted]) -> None:
    server = serve(capped(100))
    remote_select(Endpoint(server.url), "SELECT ?name WHERE { ?p <urn:x:name> ?name } LIMIT 3")
    assert len(server.requests) == 1 and server.requests[0].sparql.rstrip().endswith("LIMIT 3")


def test_parameters_travel_as_a_values_block(serve: Callable[..., Scripted]) -> None:
    server = serve(capped(100))
    body = "SELECT ?p ?name WHERE { ?p <urn:x:name> ?name }"
    remote_select(Endpoint(server.url), body, {"p": URIRef("urn:x:a"), "name": Literal('Б "Т"', lang="ru")})
    assert 'VALUES (?name ?p) { ("Б \\"Т\\""@ru <urn:x:a>) }' in server.requests[0].sparql


def test_basic_auth_is_sent_when_the_server_asks_for_it(serve: Callable[..., Scripted]) -> None:
    token = "Basic " + base64.b64encode(b"analyst:s3cret").decode()

    def respond(request: Request) -> Reply:
        if request.headers.get("Authorization") != token:
            return Reply(401, b"", {"WWW-Authenticate": 'Basic realm="kg"'})
        return capped(100)(request)

    server = serve(respond)
    got = remote_select(
        Endpoint(server.url, user="analyst", password="s3cret"), "SELECT ?name WHERE { ?s ?p ?name }"
    )
    assert len(got.rows) == len(ROWS)
    with pytest.raises(EndpointError, match=rf"{re.escape(server.url)}: 401 Unauthorized; check --user"):
        remote_select(
            Endpoint(server.url, user="analyst", password="wrong", retries=0), "SELECT ?s WHERE { ?s ?p ?o }"
        )


def test_transient_failures_are_retried_with_backoff(serve: Callable[..., Scripted]) -> None:
    answers = iter([Reply(503), Reply(502), Reply(body=results(["name"], ROWS[:1]))])
    server = serve(lambda request: next(answers))
    start = time.monotonic()
    got = Endpoint(server.url, retries=2).ask_rows("SELECT ?name WHERE { ?s ?p ?name }")
    assert len(got[1]) == 1 and len(server.requests) == 3
    assert time.monotonic() - start >= 0.5 + 1.0  # waited 0.5 s, then 1 s


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "404 Not Found; is this the endpoint's URL?"),
        (403, "403 Forbidden; the account may not write to this store"),
    ],
)
def test_refusals_end_at_once_with_a_message_naming_the_endpoint(
    serve: Callable[..., Scripted], status: int, message: str
) -> None:
    server = serve(lambda request: Reply(status, b"no"))
    with pytest.raises(EndpointError) as caught:
        Endpoint(server.url, retries=3).update("CLEAR GRAPH <urn:x:g>")
    assert server.url in str(caught.value) and message in str(caught.value)
    assert len(server.requests) == 1  # not retried


def test_a_malformed_query_is_a_query_error(serve: Callable[..., Scripted]) -> None:
    server = serve(lambda request: Reply(400, b"SPARQL compiler: syntax error at 'SELEC'"))
    with (
        pytest.raises(QueryError, match=r"refused the request as malformed: SPARQL compiler: syntax error"),
        pytest.warns(RuntimeWarning, match="query type"),  # SPARQLWrapper cannot tell its type either
    ):
        Endpoint(server.url).ask_rows("SELEC ?x")


def test_a_server_that_does_not_answer_times_out(serve: Callable[..., Scripted]) -> None:
    server = serve(lambda request: Reply(body=results(["x"], []), delay=3))
    with pytest.raises(EndpointError, match=rf"{re.escape(server.url)}: timed out"):
        Endpoint(server.url, timeout=1, retries=0).ask_rows("SELECT ?x WHERE { ?x ?p ?o }")


def test_an_answer_that_is_not_sparql_results_says_so(serve: Callable[..., Scripted]) -> None:
    server = serve(lambda request: Reply(body=b"<html>welcome</html>", headers={"Content-Type": "text/html"}))
    with (
        pytest.raises(EndpointError, match=r"not SPARQL JSON results.*URL of a SPARQL query endpoint"),
        pytest.warns(RuntimeWarning, match="text/html"),
    ):
        Endpoint(server.url).ask_rows("SELECT ?x WHERE { ?x ?p ?o }")


def test_the_cli_reports_remote_errors_with_exit_code_2(serve: Callable[..., Scripted]) -> None:
    server = serve(lambda request: Reply(404))
    result = CliRunner().invoke(main, ["query", "events", "--endpoint", server.url])
    assert result.exit_code == 2 and "404 Not Found" in result.output and server.url in result.output
    both = CliRunner().invoke(main, ["query", "events", "--endpoint", server.url, "--data", "."])
    assert both.exit_code == 2 and "not both" in both.output
