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


REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:{port}/> {} }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE<http://127.0.0.1:{port}/>{} }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) SERVICE <http://127.0.0.1:{port}/> {} }",
    "SELECT * WHERE { ?s ?p 'it''s' . SERVICE <http://127.0.0.1:{port}/> {} }",
    "SELECT * WHERE { ?s kg:a\\# SERVICE <http://127.0.0.1:{port}/> {} }",  # an escape, not a comment
    "SELECT * WHERE { VALUES ?at { <http://127.0.0.1:{port}/> } SERVICE ?at { ?s ?p ?o } }",
]
ALLOWED = [
    "SELECT ?service WHERE { ?service a kg:Person }",
    'SELECT * WHERE { ?s rdfs:label "SERVICE <http://x/> {}" } # SERVICE <http://x/>',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o . ?s kg:service _:service }",
    'SELECT * WHERE { ?s ?p "x"@en-service }',
]


@pytest.mark.parametrize("query", REFUSED)
def test_a_local_query_with_service_is_refused_and_reaches_no_server(query: str) -> None:
    from tests.services import listener

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    with listener() as (port, received), pytest.raises(QueryError, match="SERVICE is refused"):
        select(store, query.replace("{port}", str(port)))
    assert received == []


@pytest.mark.parametrize("query", ALLOWED)
def test_the_word_service_elsewhere_than_as_the_keyword_is_no_service(query: str) -> None:
    sparql.refuse_service(query)
    select(ox.Store(), query)


def test_a_parameter_bound_to_several_values_takes_each() -> None:
    store = ox.Store()
    for s in ("a", "b", "c"):
        store.add(ox.Quad(ox.NamedNode(f"urn:x:{s}"), ox.NamedNode("urn:x:p"), ox.Literal(s)))
    body = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?o }"
    picked = select(store, body, {"s": (URIRef("urn:x:a"), URIRef("urn:x:c"))})
    assert sorted(str(r[0]) for r in picked.rows) == ["urn:x:a", "urn:x:c"]
    both = select(
        store, body, {"s": (URIRef("urn:x:a"), URIRef("urn:x:b")), "o": (Literal("b"), Literal("z"))}
    )
    assert [str(r[0]) for r in both.rows] == ["urn:x:b"]  # every combination, as rows of one VALUES block
    with pytest.raises(QueryError, match="bound to no value"):
        sparql.with_values(body, {"s": ()})
