"""The shape that keeps the per-event saved queries fast on a large store (docs/benchmarks.md, "Stores").

Not timed here (bench/store.py and bench/scale.py time `who-spoke`), but each property below is
one whose loss made `who-spoke` hundreds of times slower on a 1,000-report build:

- a role told by several documents is stated in each one's graph, and the union of the graphs
  repeats each of its triples once per document: matched across the union, a role of five
  patterns told by three documents gives 3^5 rows instead of three, so the role's patterns are
  matched in one graph;
- Oxigraph looks an OPTIONAL of a single triple pattern up for each row, but matches a larger
  group (several patterns, a nested OPTIONAL, a filter) across the whole store first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from kgbuild.ontology.vocab import sparql_prologue
from kgbuild.queries.saved import get_query

PER_EVENT = ("who-spoke", "mentioned")


def algebra(name: str) -> CompValue:
    return prepareQuery(sparql_prologue() + get_query(name).body).algebra


def nodes(node: object) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from nodes(item)


def triples(node: CompValue) -> list[tuple[object, object, object]]:
    return [t for bgp in nodes(node) if bgp.name == "BGP" for t in bgp.triples]


def is_true(expr: object) -> bool:
    return isinstance(expr, CompValue) and expr.name == "TrueFilter"


@pytest.mark.parametrize("name", PER_EVENT)
def test_every_optional_is_one_triple_pattern_with_no_filter(name: str) -> None:
    optionals = [n for n in nodes(algebra(name)) if n.name == "LeftJoin"]
    assert optionals
    for optional in optionals:
        right = optional.p2
        inner = right.p if right.name == "Graph" else right
        assert inner.name == "BGP" and len(inner.triples) == 1, f"{name}: OPTIONAL {right}"
        assert is_true(optional.expr), f"{name}: a filter in OPTIONAL {right}"


@pytest.mark.parametrize("name", PER_EVENT)
def test_the_roles_patterns_are_matched_in_one_documents_graph(name: str) -> None:
    graphs = [n for n in nodes(algebra(name)) if n.name == "Graph"]
    role = Variable("role")
    stated = [g for g in graphs if any(s == role for s, _, _ in triples(g))]
    every = [t for t in triples(algebra(name)) if t[0] == role]
    inside = [t for g in stated for t in triples(g)]
    assert len(every) == len(inside) >= 5, f"{name}: a pattern on ?role outside a GRAPH"
    assert {g.term for g in stated} == {Variable("stated")}
