"""pySHACL's Oxigraph data graph, converting each term once (see :mod:`kgbuild.validation.fastpath`).

pySHACL judges an Oxigraph store through its ``OxigraphDataGraph``, which turns the terms of every
question into Oxigraph's and the terms of every answer into rdflib's anew. A unit batch of
40,000 quads asks some 700,000 questions (a property shape's values, for each focus node) about a
few thousand terms, and those conversions were half of pySHACL's time on it. :class:`StoreGraph`
asks the same questions of the same store and gives the same answers, and remembers each
conversion for the batch: IRIs and blank nodes asked about (rdflib tells them apart by their text
alone; a literal, whose language rdflib compares in any case, is converted each time) and every
term answered (Oxigraph's terms are equal only when they are the same term). The answers to
questions about types (``rdf:type``, ``rdfs:subClassOf``) are kept too, while nothing is added to
the store: ``sh:class`` asks them of the same nodes over and over (7 % of a batch's instructions).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any, cast

import pyoxigraph as ox
from pyshacl.graph_abstraction import OxigraphDataGraph, to_ox, to_rdf
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import IdentifiedNode

Term = IdentifiedNode | Literal
Answers = Generator[Term, None, None]

#: Where in a quad the term asked for is.
_SUBJECT, _OBJECT = 0, 2
#: The predicates whose answers about an IRI or a blank node are kept for the batch: ``sh:class``
#: asks the types of the nodes pointed to for every node pointing to them (an event's place, a
#: document), and their superclasses; the answers of a few thousand nodes, asked again and again.
_KEPT = frozenset({RDF.type, RDFS.subClassOf})


class StoreGraph(OxigraphDataGraph):
    """The Oxigraph ``store`` as pySHACL's data graph (given to ``pyshacl.validate`` in its
    place): ``objects`` and ``subjects``, pySHACL's questions of the data, convert each term once.
    The answers about types are kept only when the store is ``unchanging`` while pySHACL judges
    it: not when SHACL rules may add to it (``advanced``), whichever way they write."""

    def __new__(cls, store: ox.Store, *, unchanging: bool = True) -> StoreGraph:  # unchanging: __init__'s
        return cast(StoreGraph, super().__new__(cls, store))  # pySHACL's DataGraph takes no more

    def __init__(self, store: ox.Store, *, unchanging: bool = True) -> None:
        super().__init__(store)
        self._asked: dict[Term, Any] = {}
        self._answered: dict[Any, Term] = {}
        self._kept: dict[tuple[Any, ...], tuple[Term, ...]] | None = {} if unchanging else None

    def objects(  # type: ignore[override]  # pySHACL's signature, not rdflib's
        self, subject: Term | Sequence[Term] | None, predicate: IdentifiedNode | None, unique: bool = False
    ) -> Answers:
        return self._answers(subject, predicate, _OBJECT)

    def subjects(  # type: ignore[override]  # pySHACL's signature, not rdflib's
        self, predicate: IdentifiedNode | None, object_: Term | Sequence[Term] | None, unique: bool = False
    ) -> Answers:
        return self._answers(object_, predicate, _SUBJECT)

    def _answers(
        self, given: Term | Sequence[Term] | None, predicate: IdentifiedNode | None, wanted: int
    ) -> Answers:
        """The subjects (``wanted`` is :data:`_SUBJECT`) of the triples with ``predicate`` and the
        object ``given``, or their objects (:data:`_OBJECT`) with the subject ``given`` (each of
        them, for a list or tuple), as pySHACL's own data graph gives them."""
        if isinstance(given, list | tuple):
            for each in given:
                yield from self._answers(each, predicate, wanted)
            return
        given = cast(Term | None, given)
        kept = self._kept
        if kept is None or predicate not in _KEPT or (type(given) is not URIRef and type(given) is not BNode):
            yield from self._looked_up(given, predicate, wanted)
            return
        question = (given, predicate, wanted, self.locked_context, self._default_union)
        found = kept.get(question)
        if found is None:
            found = kept[question] = tuple(self._looked_up(given, predicate, wanted))
        yield from found

    def _looked_up(self, given: Term | None, predicate: IdentifiedNode | None, wanted: int) -> Answers:
        answer, term, asked = self._answer, self._ask(given), self._ask(predicate)
        subject, obj = (term, None) if wanted == _OBJECT else (None, term)
        for quad in self.impl.quads_for_pattern(subject, asked, obj, self._graphs()):
            yield answer(quad[wanted])

    def _graphs(self) -> ox.NamedNode | ox.DefaultGraph | None:
        """The graphs asked, as pySHACL's own data graph asks them."""
        if self.locked_context is not None:
            return self.locked_context
        return None if self._default_union else ox.DefaultGraph()

    def _ask(self, term: Term | Sequence[Term] | None) -> Any:
        """A term asked about, as Oxigraph's (``term`` is never a sequence here)."""
        if type(term) is not URIRef and type(term) is not BNode:
            return to_ox(term)  # type: ignore[arg-type]
        found = self._asked.get(term)
        if found is None:
            found = self._asked[term] = to_ox(term)
        return found

    def _answer(self, term: Any) -> Term:
        """A term answered, as rdflib's."""
        try:
            return self._answered[term]
        except KeyError:
            made = self._answered[term] = cast(Term, to_rdf(term))  # a term of the store: never None
            return made
