"""SPARQL text written from RDF terms: parameters bound in VALUES blocks, and update requests;
the variables a SELECT query returns, read from its text; whether a query names its own dataset
(``FROM``, ``FROM NAMED``); and queries that would reach other servers (``SERVICE``, SPARQL 1.1
Federated Query) refused before they run.

This is the one module that puts values into SPARQL text. Every IRI goes through :func:`iri` (one
that could end its ``<…>`` early is refused), literals are escaped by rdflib, and triples come as
N-Triples lines written by a serializer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import product

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kgbuild.errors import QueryError
from kgbuild.ontology.namespace import KG

_UNSAFE_IRI = frozenset('<>" {}|\\^`\n\r\t')


def _safe(text: str) -> bool:
    return bool(text) and ":" in text and not _UNSAFE_IRI.intersection(text)


def iri(text: str) -> str:
    """``<text>``, or a :class:`QueryError` when ``text`` is not a safe absolute IRI."""
    if not _safe(text):
        raise QueryError(f"not a valid IRI for a SPARQL request: {text!r}")
    return URIRef(text).n3()


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


#: What a parameter is bound to: one term, or several (one row of the VALUES block each).
Binding = Identifier | tuple[Identifier, ...]


def with_values(body: str, bindings: Mapping[str, Binding]) -> str:
    """``body`` with ``bindings`` in a ``VALUES`` block at the top of its WHERE clause: a row for
    each combination of the values (a parameter bound to several terms takes each).

    Each term is written by rdflib (literals escaped as the syntax requires); an IRI that could end
    the block early is refused. Stores plan around a VALUES block as around a constant, so a bound
    parameter makes a query faster, not slower.
    """
    if not bindings:
        return body
    match = _WHERE.search(body)
    if match is None:
        raise QueryError("a query with parameters needs a 'WHERE {' clause to bind them in")
    names = sorted(bindings)
    columns: list[tuple[Identifier, ...]] = []
    for name in names:
        bound = bindings[name]
        terms = bound if isinstance(bound, tuple) else (bound,)
        if not terms:
            raise QueryError(f"parameter '{name}' is bound to no value")
        for term in terms:
            if not isinstance(term, (URIRef, Literal)):
                raise QueryError(f"parameter '{name}': only IRIs and literals can be bound, not {term!r}")
            if isinstance(term, URIRef) and not _safe(str(term)):
                raise QueryError(f"parameter '{name}' is not a valid IRI: {str(term)!r}")
        columns.append(terms)
    variables = " ".join(f"?{n}" for n in names)
    rows = " ".join("(" + " ".join(t.n3() for t in row) + ")" for row in product(*columns))
    block = f"\n  VALUES ({variables}) {{ {rows} }}"
    return body[: match.end()] + block + body[match.end() :]


#: The lexical tokens of SPARQL that can hold a keyword's letters without being it: IRIs,
#: strings, comments, variables, prefixed names and blank node labels, language tags; then words.
_TOKENS = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|#[^\n\r]*"""
    r"""|[?$]\w+|(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|(\w+)""",
    re.DOTALL,
)


def _keywords(query: str) -> Iterator[str]:
    """The words of ``query`` outside IRIs, strings, comments and names, in upper case."""
    for match in _TOKENS.finditer(query):
        if match.group(1):
            yield match.group(1).upper()


def names_dataset(query: str) -> bool:
    """Whether ``query`` names its own RDF dataset with ``FROM`` or ``FROM NAMED`` (SPARQL 1.1
    Query, section 13.2): then it reads that dataset, not the union of every graph."""
    return "FROM" in _keywords(query)


def refuse_service(query: str) -> None:
    """Raise a :class:`QueryError` when ``query`` uses ``SERVICE``: kgbuild answers from its own
    graph and never makes a request to another server on a query's behalf (a ``SERVICE`` clause
    would make the store send one to any address, and say what came back)."""
    for word in _keywords(query):
        if word == "SERVICE":
            raise QueryError(
                "SERVICE is refused: kgbuild queries only its own graph and never sends requests to "
                "other servers (SPARQL 1.1 Federated Query is turned off); query the other endpoint "
                "yourself"
            )


_SELECT = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def projected(body: str) -> list[str]:
    """The variables a SELECT clause returns, in order (``(COUNT(?d) AS ?n)`` returns ?n);
    [] for ``SELECT *``."""
    match = _SELECT.search(body)
    clause = match.group(1) if match else ""
    out, depth = [], 0
    for token in re.findall(r"\(|\)|\bAS\s+\?\w+|\?\w+", clause, re.IGNORECASE):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.upper().startswith("AS"):
            out.append(token.split("?")[1])
        elif depth == 0:
            out.append(token[1:])
    return out


def drop(graph: str) -> str:
    return f"DROP SILENT GRAPH {iri(graph)}"


def insert_data(graph: str, ntriples: Sequence[str]) -> str:
    """``INSERT DATA`` of N-Triples lines (each ending with a newline) into ``graph``."""
    return "INSERT DATA { GRAPH " + iri(graph) + " {\n" + "".join(ntriples) + "} }"


def move(source: str, target: str) -> str:
    """Replace ``target`` by ``source`` in one operation (``source`` is then gone)."""
    return f"MOVE SILENT GRAPH {iri(source)} TO GRAPH {iri(target)}"


def set_digest(state: str, graph: str, digest: str | None) -> str:
    """Record (or with ``None`` forget) the digest of ``graph`` in the graph ``state``."""
    where, subject, prop = iri(state), iri(graph), KG.graphDigest.n3()
    text = "DELETE WHERE { GRAPH " + where + " { " + subject + " " + prop + " ?digest } }"
    if digest is not None:
        value = Literal(digest).n3()
        text += " ;\nINSERT DATA { GRAPH " + where + " { " + subject + " " + prop + " " + value + " } }"
    return text
