"""pySHACL's Oxigraph data graph with each term converted once (:mod:`kgbuild.validation.oxgraph`)
answers every question as pySHACL's own does; the verdicts on every shape's cases are compared in
tests/test_fastpath.py (a build's unit batches are judged through it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl.graph_abstraction import OxigraphDataGraph
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from kgbuild.validation import shacl
from kgbuild.validation.oxgraph import StoreGraph

DATA = rb"""<https://e.org/a> <https://e.org/p> "quote \" and \\ and \n"@ru .
<https://e.org/a> <https://e.org/p> "plain" .
<https://e.org/a> <https://e.org/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .
<https://e.org/a> <https://e.org/p> "2021-10-14"^^<http://www.w3.org/2001/XMLSchema#date> .
<https://e.org/a> <https://e.org/p> _:b1 .
<https://e.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://e.org/C> .
<https://e.org/C> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://e.org/D> .
_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://e.org/D> .
_:b1 <https://e.org/p> <https://e.org/\u00E9> .
<https://e.org/c> <https://e.org/q> <https://e.org/a> .
<https://e.org/c> <https://e.org/q> "plain" .
"""


@pytest.fixture
def store() -> ox.Store:
    made = ox.Store()
    made.bulk_load(input=DATA, format=ox.RdfFormat.N_TRIPLES)
    return made


def _terms(store: ox.Store) -> list[Node | None]:
    """Every term of the data as pySHACL asks about it (rdflib's), a term of no triple, and none."""
    own = OxigraphDataGraph(store)
    found: set[Node] = set()
    for s, p, o in own.triples((None, None, None)):
        found.update((s, p, o))
    return [*sorted(found, key=lambda t: (type(t).__name__, t.n3())), URIRef("https://e.org/none"), None]


def test_every_question_is_answered_as_pyshacls_own_data_graph_answers_it(store: ox.Store) -> None:
    own, ours = OxigraphDataGraph(store), StoreGraph(store)
    terms = _terms(store)
    assert any(isinstance(t, Literal) for t in terms) and any(isinstance(t, BNode) for t in terms)
    for first, second in product(terms, repeat=2):
        for _ in range(2):  # the second time from what was remembered
            for name in ("objects", "subjects"):
                asked = (name, first, second)
                assert _told(getattr(ours, name), first, second) == _told(
                    getattr(own, name), first, second
                ), asked
    nodes = [URIRef("https://e.org/a"), URIRef("https://e.org/c")]
    assert list(ours.objects(nodes, URIRef("https://e.org/p"))) == list(
        own.objects(nodes, URIRef("https://e.org/p"))
    )
    assert list(ours.subjects(URIRef("https://e.org/q"), (nodes[0], Literal("plain")))) == list(
        own.subjects(URIRef("https://e.org/q"), (nodes[0], Literal("plain")))
    )


def _told(question: Callable[[Node | None, Node | None], Iterator[Node]], *terms: Node | None) -> object:
    """The answer to a question, or the kind of error it raises (a blank node as a predicate)."""
    try:
        return list(question(*terms))
    except TypeError:
        return TypeError


def test_each_term_is_converted_once_for_a_graph(store: ox.Store) -> None:
    ours = StoreGraph(store)
    a, p = URIRef("https://e.org/a"), URIRef("https://e.org/p")
    first, again = list(ours.objects(a, p)), list(ours.objects(a, p))
    assert first == again and all(x is y for x, y in zip(first, again, strict=True))
    assert (
        Literal("7", datatype=XSD.integer) in first and Literal("plain") not in first
    )  # the store's "plain" is typed
    assert next(ours.subjects(RDF.type, URIRef("https://e.org/C"))) is next(ours.subjects(p, first[0]))


def test_a_batch_in_a_store_is_judged_through_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """validate_file gives pySHACL a :class:`StoreGraph` for a batch read into a store."""
    given: list[object] = []
    real = shacl.shacl_validate
    monkeypatch.setattr(shacl, "shacl_validate", lambda data, **kw: given.append(data) or real(data, **kw))
    path = tmp_path / "batch.nt"
    path.write_bytes(DATA.replace(b' "plain" .', b' "plain"@ru .'))
    shacl.validate_file(str(path))
    assert len(given) == 1 and isinstance(given[0], StoreGraph)


class _Counted:
    """A store that counts the look-ups asked of it."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.asked = store, 0

    def quads_for_pattern(self, *pattern: object) -> Iterator[ox.Quad]:
        self.asked += 1
        return self.store.quads_for_pattern(*pattern)  # type: ignore[arg-type]


@pytest.mark.parametrize("unchanging", [True, False])
def test_answers_about_types_are_kept_for_a_graph_nothing_is_added_to(
    store: ox.Store, unchanging: bool
) -> None:
    """``sh:class`` asks the types of the same nodes again and again: their answers are kept, but
    not when pySHACL's rules may add to the store (``unchanging=False``)."""
    ours = StoreGraph(store, unchanging=unchanging)
    counted = ours.impl = _Counted(store)
    a, c, d, p = (
        URIRef("https://e.org/a"),
        URIRef("https://e.org/C"),
        URIRef("https://e.org/D"),
        URIRef("https://e.org/p"),
    )
    for _ in range(3):
        assert list(ours.objects(a, RDF.type)) == [c] and list(ours.subjects(RDF.type, c)) == [a]
        assert list(ours.objects(c, RDFS.subClassOf)) == [d]
    assert counted.asked == (3 if unchanging else 9)
    for _ in range(3):  # other questions are asked each time
        assert len(list(ours.objects(a, p))) == 5
    assert counted.asked == (6 if unchanging else 12)
