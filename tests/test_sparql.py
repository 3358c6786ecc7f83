"""SPARQL text written from RDF terms: parsed by a real engine, injection attempts refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, Literal, URIRef

from kgbuild.errors import QueryError
from kgbuild.ontology.vocab import sparql_prologue
from kgbuild.stores import sparql
from kgbuild.stores.embedded import select

G = "https://example.org/kg/graph/doc"
HOSTILE = [
    'https://example.org/x> } ; DROP ALL ; INSERT DATA { <a> <b> "c"',
    "https://example.org/a b",
    "https://example.org/a\n",
    "not-an-iri",
    "",
]


def run_update(store: ox.Store, text: str) -> None:
    store.update(sparql_prologue() + text)


def test_updates_replace_a_graph_by_staging_and_move() -> None:
    store = ox.Store()
    old = ['<https://example.org/s> <https://example.org/p> "old" .\n']
    new = ['<https://example.org/s> <https://example.org/p> "new \\"quoted\\"\\nline" .\n']
    run_update(store, sparql.insert_data(G, old))
    run_update(store, sparql.insert_data(G + "#staging", new))
    run_update(store, sparql.move(G + "#staging", G))
    values = {q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(G))}
    assert values == {'new "quoted"\nline'} and len(store) == 1
    run_update(store, sparql.drop(G))
    assert len(store) == 0


def test_digests_are_set_replaced_and_forgotten() -> None:
    store = ox.Store()
    state = "https://example.org/kg/graph/kgbuild-push-state"
    for digest in ("abc", "def"):
        run_update(store, sparql.set_digest(state, G, digest))
    assert [q.object.value for q in store] == ["def"]
    run_update(store, sparql.set_digest(state, G, None))
    assert len(store) == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_iris_that_could_break_out_are_refused(text: str) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        sparql.iri(text)
    with pytest.raises(QueryError, match="not a valid IRI"):
        sparql.with_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef(text)})


def test_values_bind_literals_exactly_whatever_they_contain() -> None:
    store = ox.Store()
    tricky = Literal('Тараз" } ; DROP ALL ; #\n\\', lang="ru")
    store.add(
        ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(str(tricky), language="ru"))
    )
    body = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?o }"
    assert [str(r[0]) for r in select(store, body, {"o": tricky}).rows] == ["urn:x:s"]
    assert select(store, body, {"o": Literal("Тараз")}).rows == ()  # no language tag: another term
    assert select(store, body, {"o": Literal("1", datatype=XSD.integer)}).rows == ()
    assert len(store) == 1


def test_values_need_a_where_clause_and_plain_terms() -> None:
    assert sparql.with_values("SELECT ?x WHERE { ?x ?p ?o }", {}) == "SELECT ?x WHERE { ?x ?p ?o }"
    with pytest.raises(QueryError, match="WHERE"):
        sparql.with_values("SELECT ?x { ?x ?p ?o }", {"x": URIRef("urn:x:a")})
