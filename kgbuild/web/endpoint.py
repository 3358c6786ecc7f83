"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, with a timeout and a result cap.

Queries run in worker processes, each with the store open read-only: a query that runs past the
timeout is stopped by ending its process (an engine cannot be interrupted from another thread),
and a new worker takes its place. Results are read up to the cap; a longer result is cut there and
the answer says so (header ``X-Kgbuild-Result-Cut``), never silently. Results are written by
pyoxigraph in the W3C formats: SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle,
N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE. Updates are refused, and so are queries
with ``SERVICE``: the endpoint never sends a request to another server.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kgbuild.errors import KgbuildError, QueryError
from kgbuild.ontology.vocab import PREFIXES
from kgbuild.stores.sparql import refuse_service
from kgbuild.web.media import best_match

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
#: Names people give in ``format=`` (as Virtuoso and Fuseki accept them).
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


class EndpointBusy(KgbuildError):
    """No worker became free in time."""


class QueryTimeout(KgbuildError):
    """A query ran past the endpoint's timeout and was stopped."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    cut: int | None = None  # the cap, when the result was cut there


def choose(accept: str | None, format_name: str | None, options: dict[str, Any]) -> str:
    """The media type to answer in: ``format=`` first, then the Accept header, else the first."""
    if format_name:
        wanted = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        if wanted in options:
            return wanted
        raise QueryError(
            f"unknown result format '{format_name}'; available: {', '.join(sorted(FORMAT_NAMES))}"
        )
    if accept:
        best = best_match(accept, list(options))
        if best:
            return best
    return next(iter(options))


def _solutions_json(variables: list[str], rows: list[ox.QuerySolution]) -> bytes:
    def term(value: Any) -> dict[str, str]:
        if isinstance(value, ox.NamedNode):
            return {"type": "uri", "value": value.value}
        if isinstance(value, ox.BlankNode):
            return {"type": "bnode", "value": value.value}
        out = {"type": "literal", "value": value.value}
        if value.language:
            out["xml:lang"] = value.language
        elif value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = value.datatype.value
        return out

    bindings = [{v: term(row[v]) for v in variables if row[v] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


def _written(variables: list[str], rows: list[ox.QuerySolution], fmt: ox.QueryResultsFormat) -> bytes:
    """Solutions in ``fmt``, written by pyoxigraph (read back from SPARQL JSON, which is plain)."""
    results = ox.parse_query_results(_solutions_json(variables, rows), ox.QueryResultsFormat.JSON)
    assert isinstance(results, ox.QuerySolutions)
    return results.serialize(format=fmt) or b""


def evaluate(store: ox.Store, text: str, accept: str | None, format_name: str | None, cap: int) -> Answer:
    """Run one query and write its answer (in the calling process)."""
    refuse_service(text)
    try:
        results = store.query(text, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as err:
        raise QueryError(f"the query is not valid SPARQL: {err}") from err
    if isinstance(results, ox.QueryBoolean):
        media = choose(accept, format_name, RESULTS)
        return Answer(results.serialize(format=RESULTS[media]) or b"", media)
    if isinstance(results, ox.QuerySolutions):
        media = choose(accept, format_name, RESULTS)
        variables = [v.value for v in results.variables]
        rows: list[ox.QuerySolution] = []
        for row in results:
            if len(rows) == cap:
                return Answer(_written(variables, rows, RESULTS[media]), media, cap)
            rows.append(row)
        return Answer(_written(variables, rows, RESULTS[media]), media)
    media = choose(accept, format_name, GRAPHS)
    triples: list[ox.Triple] = []
    for triple in results:
        if len(triples) == cap:
            return Answer(ox.serialize(triples, format=GRAPHS[media]) or b"", media, cap)
        triples.append(triple)
    return Answer(ox.serialize(triples, format=GRAPHS[media]) or b"", media)


def _worker(connection: Connection, data: list[str], cap: int) -> None:
    from kgbuild.stores.embedded import open_store  # noqa: PLC0415 (in the worker process)

    store = open_store([Path(d) for d in data])
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        text, accept, format_name = request
        try:
            connection.send(("ok", evaluate(store, text, accept, format_name, cap)))
        except KgbuildError as err:
            connection.send(("error", str(err)))
        except (OSError, ValueError, RuntimeError) as err:
            connection.send(("error", f"the query failed: {err}"))


class _Worker:
    def __init__(self, context: Any, data: list[str], cap: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, data, cap), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class Endpoint:
    """A pool of query workers over the store of ``data`` (a build output folder or RDF files)."""

    def __init__(
        self, data: list[Path], *, timeout: float = 10.0, cap: int = 10_000, workers: int = 2
    ) -> None:
        self.data = [str(d) for d in data]
        self.timeout, self.cap = timeout, cap
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.data, self.cap)
        with self._lock:
            self._workers.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._workers.remove(worker)
        self._add()

    def query(self, text: str, accept: str | None = None, format_name: str | None = None) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty as err:
            raise EndpointBusy(f"every query worker is busy; try again in {self.timeout:.0f} s") from err
        try:
            worker.connection.send((text, accept, format_name))
            if not worker.connection.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran past the endpoint's timeout ({self.timeout:g} s) and was stopped"
                )
            status, value = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as err:
            self._replace(worker)
            raise KgbuildError(f"the query worker stopped ({err}); it has been restarted") from err
        self._idle.put(worker)
        if status == "error":
            raise QueryError(value)
        assert isinstance(value, Answer)
        return value

    def close(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()
