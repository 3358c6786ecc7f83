"""Helpers for extraction tests: run the built-in extractor on a string and look at what it found."""

from __future__ import annotations

import hashlib
from functools import cache

from kgbuild.corpus import Source
from kgbuild.extract import NewsExtractor
from kgbuild.facts import Document, DocumentFacts, Person, Post, Role, RoleType


@cache
def extract(text: str, doc: str = "t") -> DocumentFacts:
    """The facts the extractor finds in ``text`` (cached: the tests read the same sentences often)."""
    document = Document(
        id=doc, file_name=f"{doc}.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), chars=len(text)
    )
    facts = NewsExtractor().extract(Source(document, text, path=None))  # type: ignore[arg-type]
    for fact in facts.facts:
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote, fact
    return facts


def people(doc: DocumentFacts) -> set[str]:
    return {f.name for f in doc.facts if isinstance(f, Person)}


def person_ids(doc: DocumentFacts, surname: str) -> set[str]:
    return {f.id for f in doc.facts if isinstance(f, Person) and f.surname.startswith(surname)}


def posts_of(doc: DocumentFacts, surname: str) -> list[Post]:
    ids = person_ids(doc, surname)
    return [f for f in doc.facts if isinstance(f, Post) and f.person in ids]


def roles_of(doc: DocumentFacts, surname: str) -> set[RoleType]:
    ids = person_ids(doc, surname)
    return {f.role for f in doc.facts if isinstance(f, Role) and f.agent in ids}
