"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, with a timeout and a result cap.

Queries run in worker processes, each with the store open read-only: a query that runs past the
timeout is stopped by ending its process (an engine cannot be interrupted from another thread),
and a new worker takes its place. Results are read up to the cap; a longer result is cut there and
the answer says so (header ``X-Kgbuild-Result-Cut``), never silently. Results are written by
pyoxigraph in the W3C formats: SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle,
N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE, chosen by ``format=`` (or ``output=``,
``results=``: clients send any of them, SPARQLWrapper all three) with the names Fuseki and
Virtuoso take, else by ``Accept``. A query reads the dataset the request names
(``default-graph-uri``, ``named-graph-uri``), else the one it names (``FROM``, ``FROM NAMED``),
else the union of every graph (SPARQL 1.1 Protocol, section 2.1.4); relative IRIs resolve against
the site's base. Updates are refused, and so are queries with ``SERVICE``: the endpoint never sends
a request to another server.
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
from kgbuild.stores.embedded import run
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
#: What ``format=`` values name, by the kind of answer (as Fuseki and Virtuoso read them): "xml"
#: is SPARQL XML for solutions and RDF/XML for a graph, "json" SPARQL JSON or JSON-LD.
RESULT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_NAMES = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",  # Turtle is N3's RDF subset; clients that ask for N3 read it
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
}
#: The parameters clients name the result format with.
FORMAT_PARAMETERS = ("format", "output", "results")


class EndpointBusy(KgbuildError):
    """No worker became free in time."""


class QueryTimeout(KgbuildError):
    """A query ran past the endpoint's timeout and was stopped."""


@dataclass(frozen=True)
class Request:
    """One SPARQL protocol query request: the query, ``Accept``, the ``format=`` values given (in
    order), and the dataset it names (None: not given; a graph list may be empty)."""

    text: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    cut: int | None = None  # the cap, when the result was cut there


def choose(
    accept: str | None, formats: tuple[str, ...], options: dict[str, Any], names: dict[str, str]
) -> str:
    """The media type to answer in: the first ``format=`` value that names one of ``options`` (a
    name from ``names`` or a media type), else the ``Accept`` header, else the first option. A
    value the endpoint does not know is passed over, as Fuseki and Virtuoso do, not refused."""
    for value in formats:
        key = value.strip().lower()
        wanted = names.get(key, key.partition(";")[0].strip())
        if wanted in options:
            return wanted
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


def evaluate(store: ox.Store, request: Request, cap: int, base_iri: str | None = None) -> Answer:
    """Run one query and write its answer (in the calling process)."""
    results = run(
        store,
        request.text,
        base_iri=base_iri,
        default_graphs=request.default_graphs,
        named_graphs=request.named_graphs,
    )
    if isinstance(results, ox.QueryBoolean):
        media = choose(request.accept, request.formats, RESULTS, RESULT_NAMES)
        return Answer(results.serialize(format=RESULTS[media]) or b"", media)
    if isinstance(results, ox.QuerySolutions):
        media = choose(request.accept, request.formats, RESULTS, RESULT_NAMES)
        variables = [v.value for v in results.variables]
        rows: list[ox.QuerySolution] = []
        for row in results:
            if len(rows) == cap:
                return Answer(_written(variables, rows, RESULTS[media]), media, cap)
            rows.append(row)
        return Answer(_written(variables, rows, RESULTS[media]), media)
    media = choose(request.accept, request.formats, GRAPHS, GRAPH_NAMES)
    triples: list[ox.Triple] = []
    for triple in results:
        if len(triples) == cap:
            return Answer(ox.serialize(triples, format=GRAPHS[media]) or b"", media, cap)
        triples.append(triple)
    return Answer(ox.serialize(triples, format=GRAPHS[media]) or b"", media)


def _worker(connection: Connection, data: list[str], cap: int, base_iri: str | None) -> None:
    from kgbuild.stores.embedded import open_store  # noqa: PLC0415 (in the worker process)

    store = open_store([Path(d) for d in data])
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", evaluate(store, request, cap, base_iri)))
        except KgbuildError as err:
            connection.send(("error", str(err)))
        except (OSError, ValueError, RuntimeError) as err:
            connection.send(("error", f"the query failed: {err}"))


class _Worker:
    def __init__(self, context: Any, data: list[str], cap: int, base_iri: str | None) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, data, cap, base_iri), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class Endpoint:
    """A pool of query workers over the store of ``data`` (a build output folder or RDF files);
    relative IRIs in queries resolve against ``base_iri`` (the site's base)."""

    def __init__(
        self,
        data: list[Path],
        *,
        timeout: float = 10.0,
        cap: int = 10_000,
        workers: int = 2,
        base_iri: str | None = None,
    ) -> None:
        self.data = [str(d) for d in data]
        self.timeout, self.cap, self.base_iri = timeout, cap, base_iri
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.data, self.cap, self.base_iri)
        with self._lock:
            self._workers.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._workers.remove(worker)
        self._add()

    def query(self, request: Request) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty as err:
            raise EndpointBusy(f"every query worker is busy; try again in {self.timeout:.0f} s") from err
        try:
            worker.connection.send(request)
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
