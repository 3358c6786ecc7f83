"""The one registry of converters: fact type → function making its triples.

A converter takes one fact and the :class:`Context` of its document and returns the fact's
subject node and its triples. It declares the ontology terms it may produce, so a test can check
each is declared in the ontology and covered by a shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgbuild.facts import Document, Evidence
from kgbuild.iris import Minter
from kgbuild.linking import Links

Triple = tuple[Node, Node, Node]
F = TypeVar("F")


@dataclass(frozen=True)
class Context:
    """What a converter needs besides its fact: IRIs of the document, of referred facts, of spans."""

    minter: Minter
    linking: Links
    concepts: dict[str, dict[str, URIRef]]
    document: Document | None = None

    @property
    def doc(self) -> Document:
        if self.document is None:
            raise ValueError("this conversion context belongs to no document")
        return self.document

    @property
    def doc_iri(self) -> URIRef:
        return self.minter.document(self.doc.id)

    def iri(self, ref: str) -> URIRef:
        """The IRI of the entity that the fact ``ref`` of this document was taken for."""
        target = self.linking.target(self.doc.id, ref)
        return self.minter.entity(target.kind, target.key)

    def evidence(self, ev: Evidence) -> URIRef:
        return self.minter.evidence(ev)

    def concept(self, scheme: str, code: str) -> URIRef:
        return self.concepts[scheme][code]


def text(value: str, lang: str = "ru") -> Literal:
    """A language-tagged string."""
    return Literal(value, lang=lang)


ConvertFn = Callable[[Any, Context], tuple[URIRef, Iterable[Triple]]]


@dataclass(frozen=True)
class Converter:
    fact_type: type
    produces: frozenset[URIRef]
    run: ConvertFn


REGISTRY: dict[type, Converter] = {}


def converter(
    fact_type: type[F], *, produces: Iterable[URIRef]
) -> Callable[
    [Callable[[F, Context], tuple[URIRef, Iterable[Triple]]]],
    Callable[[F, Context], tuple[URIRef, Iterable[Triple]]],
]:
    """Register the decorated function as the converter of ``fact_type``."""

    def register(
        fn: Callable[[F, Context], tuple[URIRef, Iterable[Triple]]],
    ) -> Callable[[F, Context], tuple[URIRef, Iterable[Triple]]]:
        if fact_type in REGISTRY:
            raise ValueError(f"a converter for {fact_type.__name__} is already registered")
        REGISTRY[fact_type] = Converter(fact_type, frozenset(produces), fn)
        return fn

    return register
