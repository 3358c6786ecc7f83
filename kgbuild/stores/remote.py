"""Remote SPARQL 1.1 endpoints: queries and updates with SPARQLWrapper, Graph Store HTTP Protocol.

Requests go by POST (queries of any length); credentials are sent with Basic or Digest auth, the
one the server asks for (Virtuoso's ``/sparql-auth`` only accepts Digest). Parameters are bound as
RDF terms in a ``VALUES`` block, each written by rdflib (escaped as the syntax requires). Results
are read page by page with LIMIT/OFFSET, so a store that silently caps results (Virtuoso stops at
10,000 rows with HTTP 200) loses no rows. Transient failures are retried with backoff; other
failures are errors that name the endpoint and say what to check.

kgbuild's queries read the union of the named graphs as their default graph (the embedded store
does). A store whose default graph is a graph of its own (``oxigraph serve`` without
``--union-default-graph``, Fuseki's default) is found by one probe (:func:`union_dataset`), and
the queries are then sent with the SPARQL protocol's dataset parameters naming every graph; a
store that ignores those is an error that says how to configure it, never an empty answer.
"""

from __future__ import annotations

import ast
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kgbuild.errors import KgbuildError, QueryError
from kgbuild.ontology.vocab import sparql_prologue
from kgbuild.stores.embedded import Result
from kgbuild.stores.sparql import Binding, projected, with_values

T = TypeVar("T")
PAGE = 5000  # rows per request: below the caps stores set by default
_ORDER = re.compile(r"\bORDER\s+BY\s+([^{}]+?)$", re.IGNORECASE | re.DOTALL)
_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.IGNORECASE)


#: The graphs kgbuild keeps in a store for its own use (see :mod:`kgbuild.stores.push`): not part
#: of the data a query reads.
STATE_GRAPH = "graph/kgbuild-push-state"
STAGING = "#kgbuild-staging"


class EndpointError(KgbuildError):
    """A remote endpoint refused a request or could not be reached."""


class TransientError(EndpointError):
    """A failure worth retrying: the server was busy, restarting, or timed out."""


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL service: its query URL, update URL, Graph Store URL and credentials."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    retries: int = 4

    def _wrapper(self, url: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(url)
        sparql.setMethod(POST)
        sparql.setTimeout(max(1, round(self.timeout)))
        if self.user is not None:
            sparql.setHTTPAuth(auth_scheme(url, self.timeout))
            sparql.setCredentials(self.user, self.password or "")
        return sparql

    def _retrying(self, what: str, url: str, call: Callable[[], T]) -> T:
        delay = 0.5
        for attempt in range(self.retries + 1):
            try:
                return call()
            except (SPARQLWrapperException, urllib.error.URLError, TimeoutError, OSError) as err:
                failure = classify(err, url, what)  # an EndpointError, or a QueryError for a malformed query
                if not isinstance(failure, TransientError) or attempt == self.retries:
                    raise failure from err
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def ask_rows(self, text: str, dataset: Sequence[str] = ()) -> tuple[list[str], list[dict[str, Any]]]:
        """The variables and JSON bindings of one SELECT request; ``dataset``: the graphs that make
        its default graph, and its named graphs (the protocol's ``default-graph-uri`` and
        ``named-graph-uri``)."""

        def call() -> tuple[list[str], list[dict[str, Any]]]:
            sparql = self._wrapper(self.query_url)
            for graph in dataset:
                sparql.addDefaultGraph(graph)
                sparql.addNamedGraph(graph)
            sparql.setQuery(text)
            sparql.setReturnFormat(JSON)
            try:
                result: dict[str, Any] = sparql.queryAndConvert()  # type: ignore[assignment]
                return list(result["head"]["vars"]), list(result["results"]["bindings"])
            except (ValueError, KeyError, TypeError) as err:
                raise EndpointError(
                    f"query at {self.query_url}: the answer is not SPARQL JSON results ({err}); "
                    "is this the URL of a SPARQL query endpoint?"
                ) from err

        return self._retrying("query", self.query_url, call)

    def update(self, text: str) -> None:
        """Run one SPARQL Update request."""
        url = self.update_url or self.query_url

        def call() -> None:
            sparql = self._wrapper(url)
            sparql.setRequestMethod(POSTDIRECTLY)
            sparql.setQuery(text)
            sparql.query().response.read()

        self._retrying("update", url, call)

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace a named graph by the Graph Store HTTP Protocol (PUT)."""
        if self.graph_store_url is None:
            raise EndpointError("no Graph Store URL was given (--graph-store)")
        url = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"

        def call() -> None:
            request = urllib.request.Request(
                url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
            )
            self._opener(url).open(request, timeout=self.timeout).close()

        self._retrying("Graph Store PUT", self.graph_store_url, call)

    def _opener(self, url: str) -> urllib.request.OpenerDirector:
        if self.user is None:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.user, self.password or "")
        return urllib.request.build_opener(
            urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
        )


_SCHEMES: dict[str, str] = {}


def auth_scheme(url: str, timeout: float) -> str:
    """The scheme the server asks for (Digest or Basic), from an anonymous probe's WWW-Authenticate.

    The probe goes through an opener of its own: SPARQLWrapper installs a global opener holding the
    credentials when it uses Digest, and a probe through that one would never see the challenge.
    """
    if url in _SCHEMES:
        return _SCHEMES[url]
    request = urllib.request.Request(url, method="GET")
    try:
        urllib.request.build_opener().open(request, timeout=timeout).close()
    except urllib.error.HTTPError as err:
        challenge = (err.headers.get("WWW-Authenticate") or "").lower()
        _SCHEMES[url] = DIGEST if err.code == 401 and "digest" in challenge else BASIC
    except (urllib.error.URLError, OSError):
        return BASIC  # unreachable: the request itself will say so; ask again next time
    else:
        _SCHEMES[url] = BASIC
    return _SCHEMES[url]


#: SPARQLWrapper's exceptions for the HTTP statuses it reports by type rather than by code.
_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414}
_STATUS["EndPointInternalError"] = 500


def _server_says(err: BaseException) -> str:
    """What the server answered, as SPARQLWrapper's message carries it (the repr of the body)."""
    text = str(err)
    if "\n\nResponse:\n" not in text:
        return text[:300]
    body = text.split("\n\nResponse:\n", 1)[1]
    try:
        raw = ast.literal_eval(body)
    except (ValueError, SyntaxError):
        return body[:300]
    said = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(said.split())[:300]


def classify(err: BaseException, url: str, what: str) -> KgbuildError:
    """An error that says what failed at which endpoint, and whether retrying may help."""
    code = getattr(err, "code", None) or _STATUS.get(type(err).__name__)
    where = f"{what} at {url}"
    if code == 401:
        return EndpointError(f"{where}: 401 Unauthorized; check --user and --password")
    if code == 403:
        return EndpointError(
            f"{where}: 403 Forbidden; the account may not write to this store (Virtuoso: GRANT SPARQL_UPDATE)"
        )
    if code == 404:
        return EndpointError(f"{where}: 404 Not Found; is this the endpoint's URL?")
    if code in (400, 414):
        return QueryError(f"{where}: the server refused the request as malformed: {_server_says(err)}")
    if isinstance(err, TimeoutError) or "timed out" in str(err).lower():
        return TransientError(f"{where}: timed out")
    if isinstance(code, int) and code >= 500:
        return TransientError(f"{where}: server error {code}: {_server_says(err)}")
    if isinstance(err, urllib.error.HTTPError):
        return EndpointError(f"{where}: HTTP {err.code} {err.reason}")
    if isinstance(err, (urllib.error.URLError, OSError)):
        reason = getattr(err, "reason", err)
        return TransientError(f"{where}: cannot connect ({reason})")
    return EndpointError(f"{where}: {_server_says(err)}")


def _term(binding: Mapping[str, str]) -> Identifier:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    return Literal(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def totally_ordered(body: str, names: list[str]) -> str:
    """``body`` with every returned variable appended to its ORDER BY (or a new ORDER BY): pages
    cut with LIMIT/OFFSET then neither repeat nor skip rows, and keep the query's own order."""
    match = _ORDER.search(body.strip())
    if match is None:
        return f"{body.rstrip()}\nORDER BY {' '.join('?' + n for n in names)}\n"
    present = set(re.findall(r"\?(\w+)", match.group(1)))
    extra = " ".join(f"?{n}" for n in names if n not in present)
    return f"{body.strip()} {extra}\n" if extra else f"{body.strip()}\n"


def remote_select(
    endpoint: Endpoint,
    body: str,
    bindings: Mapping[str, Binding] | None = None,
    *,
    page: int = PAGE,
    dataset: Sequence[str] = (),
) -> Result:
    """A SELECT query at ``endpoint``, read page by page: no rows are lost to a silent cap.

    ``dataset`` names the graphs the query reads, default and named alike (see
    :func:`union_dataset`); by default the store's own default graph. A query with its own LIMIT
    is sent as it is.
    """
    query = with_values(body, bindings or {})
    names = projected(query)
    if _LIMIT.search(query.strip()) or not names:
        variables, rows = endpoint.ask_rows(sparql_prologue() + query, dataset)
        names = names or variables
    else:
        ordered = sparql_prologue() + totally_ordered(query, names)
        rows, offset, previous = [], 0, None
        while True:
            _, got = endpoint.ask_rows(f"{ordered}LIMIT {page} OFFSET {offset}", dataset)
            if not got:
                break
            if got == previous:
                raise EndpointError(
                    f"query at {endpoint.query_url}: the endpoint answered OFFSET {offset} with the rows "
                    "of the page before; it does not page results, so they cannot be read whole"
                )
            rows += got
            offset += len(got)
            previous = got
            page = min(page, len(got))  # a short page is the last, or a store's cap: ask once more
    return Result(
        tuple(names), tuple(tuple(_term(row[c]) if c in row else None for c in names) for row in rows)
    )


#: A triple of a named graph, of IRIs only (matched exactly by any store, as a literal may not be).
_A_TRIPLE = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && isIRI(?o)) } LIMIT 1"
_HAS = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def union_dataset(endpoint: Endpoint) -> tuple[str, ...]:
    """The graphs to give a query as its dataset so that its default graph is the union of the
    store's named graphs: none when it is so already (Virtuoso, ``oxigraph serve
    --union-default-graph``), else every named graph but kgbuild's own bookkeeping. One probe:
    a triple of a named graph, looked for in the default graph."""
    _, found = endpoint.ask_rows(_A_TRIPLE)
    if not found:
        if not endpoint.ask_rows(_HAS)[1]:
            raise EndpointError(
                f"query at {endpoint.query_url}: the store holds no triples; push a build into it "
                "first (kgbuild push OUT --endpoint URL)"
            )
        return ()  # no named graphs: the default graph is all the data there is
    row = found[0]
    triple = {name: _term(row[name]) for name in ("s", "p", "o")}
    if endpoint.ask_rows(with_values(_HAS, triple))[1]:
        return ()
    listed = remote_select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    graphs = tuple(
        str(g) for (g,) in listed.rows if g is not None and not str(g).endswith((STATE_GRAPH, STAGING))
    )
    if str(_term(row["g"])) not in graphs or not endpoint.ask_rows(with_values(_HAS, triple), graphs)[1]:
        raise EndpointError(
            f"query at {endpoint.query_url}: the store's default graph is not the union of its named "
            "graphs, which kgbuild's queries read, and it does not take the SPARQL protocol's "
            "default-graph-uri and named-graph-uri either; configure its default graph as the union: "
            "oxigraph serve --union-default-graph, Fuseki tdb2:unionDefaultGraph true (Virtuoso's "
            "default graph is the union already)"
        )
    return graphs
