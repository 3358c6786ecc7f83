"""Remote SPARQL 1.1 endpoints: queries and updates with SPARQLWrapper, Graph Store HTTP Protocol.

Requests go by POST (queries of any length); credentials are sent with Basic or Digest auth, the
one the server asks for (Virtuoso's ``/sparql-auth`` only accepts Digest). Parameters are bound as
RDF terms in a ``VALUES`` block, each written by rdflib (escaped as the syntax requires). Results
are read page by page with LIMIT/OFFSET, so a store that silently caps results (Virtuoso stops at
10,000 rows with HTTP 200) loses no rows. Transient failures are retried with backoff; other
failures are errors that name the endpoint and say what to check.
"""

from __future__ import annotations

import ast
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kgbuild.errors import KgbuildError, QueryError
from kgbuild.ontology.vocab import sparql_prologue
from kgbuild.stores.embedded import Result
from kgbuild.stores.sparql import projected, with_values

T = TypeVar("T")
PAGE = 5000  # rows per request: below the caps stores set by default
_ORDER = re.compile(r"\bORDER\s+BY\s+([^{}]+?)$", re.IGNORECASE | re.DOTALL)
_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*(OFFSET\s+\d+\s*)?$", re.IGNORECASE)


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

    def ask_rows(self, text: str) -> tuple[list[str], list[dict[str, Any]]]:
        """The variables and JSON bindings of one SELECT request."""

        def call() -> tuple[list[str], list[dict[str, Any]]]:
            sparql = self._wrapper(self.query_url)
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
    endpoint: Endpoint, body: str, bindings: Mapping[str, Identifier] | None = None, *, page: int = PAGE
) -> Result:
    """A SELECT query at ``endpoint``, read page by page: no rows are lost to a silent cap.

    Stores treat the default graph differently: kgbuild's queries expect it to be the union of the
    named graphs (Virtuoso's default; ``oxigraph serve --union-default-graph``). A query with its
    own LIMIT is sent as it is.
    """
    query = with_values(body, bindings or {})
    names = projected(query)
    if _LIMIT.search(query.strip()) or not names:
        variables, rows = endpoint.ask_rows(sparql_prologue() + query)
        names = names or variables
    else:
        ordered = sparql_prologue() + totally_ordered(query, names)
        rows, offset, previous = [], 0, None
        while True:
            _, got = endpoint.ask_rows(f"{ordered}LIMIT {page} OFFSET {offset}")
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
