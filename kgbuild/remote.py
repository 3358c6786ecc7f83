"""Remote SPARQL 1.1 endpoints: queries and updates with SPARQLWrapper, Graph Store HTTP Protocol.

Requests go by POST (queries of any length); credentials are sent with Basic or Digest auth, the
one the server asks for (Virtuoso's ``/sparql-auth`` only accepts Digest). Parameters are bound as
RDF terms in a ``VALUES`` block, each written by rdflib (escaped as the syntax requires). Results
are read page by page with LIMIT/OFFSET, so a store that silently caps results (Virtuoso stops at
10,000 rows with HTTP 200) loses no rows. Transient failures are retried with backoff; other
failures are errors that name the endpoint and say what to check.
"""

from __future__ import annotations

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
from kgbuild.queries import projected
from kgbuild.sparql import with_values
from kgbuild.store import Result
from kgbuild.vocab import sparql_prologue

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
        sparql.setTimeout(int(self.timeout))
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
            result: dict[str, Any] = sparql.queryAndConvert()  # type: ignore[assignment]
            return list(result["head"]["vars"]), list(result["results"]["bindings"])

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


def classify(err: BaseException, url: str, what: str) -> KgbuildError:
    """An error that says what failed at which endpoint, and whether retrying may help."""
    text = str(err)
    code = getattr(err, "code", None)
    if code is None:
        match = re.search(r"\b(40[0-9]|50[0-9])\b", text)
        code = int(match.group(1)) if match else None
    if code == 401 or "Unauthorized" in type(err).__name__:
        return EndpointError(f"{what} at {url}: 401 Unauthorized; check --user and --password")
    if code == 403:
        return EndpointError(
            f"{what} at {url}: 403 Forbidden; the account may not write to this store "
            "(Virtuoso: GRANT SPARQL_UPDATE)"
        )
    if code == 404 or "EndPointNotFound" in type(err).__name__:
        return EndpointError(f"{what} at {url}: 404 Not Found; is this the endpoint's URL?")
    if code == 400 or "QueryBadFormed" in type(err).__name__:
        return QueryError(f"{what} at {url}: the server refused the request as malformed: {text[:300]}")
    if isinstance(err, TimeoutError) or "timed out" in text.lower():
        return TransientError(f"{what} at {url}: timed out")
    if code is not None and code >= 500:
        return TransientError(f"{what} at {url}: server error {code}: {text[:300]}")
    if isinstance(err, (urllib.error.URLError, OSError)):
        reason = getattr(err, "reason", err)
        return TransientError(f"{what} at {url}: cannot connect ({reason})")
    return EndpointError(f"{what} at {url}: {text[:300]}")


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
        rows, offset = [], 0
        while True:
            _, got = endpoint.ask_rows(f"{ordered}LIMIT {page} OFFSET {offset}")
            rows += got
            offset += len(got)
            if not got:
                break
            page = min(page, len(got))  # a short page is the last, or a store's cap: ask once more
    return Result(
        tuple(names), tuple(tuple(_term(row[c]) if c in row else None for c in names) for row in rows)
    )
