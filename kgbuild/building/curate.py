"""Curated facts: read from the corpus's ``*.facts.jsonl`` files, merged into the extracted ones,
curated facts winning on conflict.

A curated fact replaces an extracted fact of the same document that has the same id, or that is
of the same type and whose evidence span overlaps its own; references to a replaced fact are
redirected to its replacement. ``retract`` lines in a curated file (``type``, ``doc``, ``id`` and
``"retract": true``) remove the extracted fact of that type and id, and one that matches none is
a warning naming it; a curated document's title, URL, date and language replace those read from
its text.

The decisions of ``kgbuild review`` (``review.facts.jsonl`` in the corpus) are applied last, over
the extracted and curated facts together, and more strictly: a decision names its fact by id, or,
when no fact has that id any more (the document was extracted again), by its exact span; it never
replaces a fact merely overlapping its span. A decision that finds no fact, or refers to one that
is gone, is reported as stale, never dropped without a word.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from kgbuild.errors import FactsFileError
from kgbuild.facts import TYPE_TAGS, AnyFact, Document, DocumentFacts
from kgbuild.factsfile import Retraction, read_facts

#: The file in the corpus where kgbuild review appends its decisions.
REVIEW_FILE = "review.facts.jsonl"
#: How a build's problems name a review decision that no longer applies.
STALE = "stale review decision"


def _overlaps(a: AnyFact, b: AnyFact) -> bool:
    return type(a) is type(b) and a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end


def _redirect(fact: AnyFact, moved: dict[str, str]) -> AnyFact:
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(fact):
        if not f.metadata.get("ref"):
            continue
        value = getattr(fact, f.name)
        if f.metadata["many"]:
            new = tuple(dict.fromkeys(moved.get(v, v) for v in value))
            if new != value:
                changes[f.name] = new
        elif value in moved:
            changes[f.name] = moved[value]
    return dataclasses.replace(fact, **changes) if changes else fact


def merge_curated(
    extracted: DocumentFacts,
    curated: Iterable[AnyFact],
    retracted: Iterable[Retraction] = (),
    problems: list[str] | None = None,
) -> DocumentFacts:
    """The facts of one document: the extracted ones, corrected by the curated ones; a retraction
    that matches no extracted fact (of its type and id) is added to ``problems``."""
    curated = list(curated)
    gone = {(r.type, r.id) for r in retracted}
    for retraction in retracted:
        matched = any((TYPE_TAGS[type(f)], f.id) == (retraction.type, retraction.id) for f in extracted.facts)
        if not matched and problems is not None:
            problems.append(
                f"{retraction.where}: the retraction of {retraction.type} '{retraction.id}' in document "
                f"'{retraction.doc}' matches no extracted fact; nothing was removed"
            )
    moved: dict[str, str] = {}
    kept: list[AnyFact] = []
    for fact in extracted.facts:
        if (TYPE_TAGS[type(fact)], fact.id) in gone:
            continue
        same = next((c for c in curated if c.id == fact.id or _overlaps(c, fact)), None)
        if same is None:
            kept.append(fact)
        elif same.id != fact.id:
            moved[fact.id] = same.id
    facts = [_redirect(f, moved) for f in (*kept, *curated)]
    ids = {f.id for f in facts}
    return dataclasses.replace(extracted, facts=tuple(f for f in facts if _refs_ok(f, ids)))


def apply_decisions(
    base: DocumentFacts,
    decided: Iterable[AnyFact],
    retracted: Iterable[Retraction] = (),
    problems: list[str] | None = None,
) -> DocumentFacts:
    """The facts of one document with the review's decisions applied: each decided fact replaces
    the fact with its id (else the one of its type over exactly its span), each retraction removes
    it; what finds no fact, or refers to a fact that is gone, goes to ``problems`` as stale."""
    noted = problems if problems is not None else []
    by_key = {(TYPE_TAGS[type(f)], f.id): f for f in base.facts}

    def target(tag: str, fact_id: str, span: tuple[int, int] | None) -> AnyFact | None:
        if (tag, fact_id) in by_key or span is None:
            return by_key.get((tag, fact_id))
        found = [
            f for f in base.facts if TYPE_TAGS[type(f)] == tag and (f.evidence.start, f.evidence.end) == span
        ]
        return found[0] if len(found) == 1 else None

    gone: set[str] = set()
    for r in retracted:
        hit = target(r.type, r.id, (r.evidence.start, r.evidence.end) if r.evidence else None)
        if hit is None:
            noted.append(
                f"{r.where}: {STALE}: the rejected {r.type} '{r.id}' is no fact of document '{r.doc}' now"
            )
        else:
            gone.add(hit.id)
    decided = list(decided)
    moved: dict[str, str] = {}
    replaced: set[str] = set()
    for fact in decided:
        hit = target(TYPE_TAGS[type(fact)], fact.id, (fact.evidence.start, fact.evidence.end))
        if hit is not None:
            replaced.add(hit.id)
            if hit.id != fact.id:
                moved[hit.id] = fact.id
    kept = [f for f in base.facts if f.id not in gone and f.id not in replaced]
    facts = [_redirect(f, moved) for f in (*kept, *decided)]
    ids = {f.id for f in facts}
    while True:  # a fact whose reference is gone goes too (rejecting a person takes their roles)
        dropped = [f for f in facts if not _refs_ok(f, ids)]
        if not dropped:
            break
        for fact in dropped:
            if any(fact is d for d in decided):
                noted.append(
                    f"{REVIEW_FILE}: {STALE}: the {TYPE_TAGS[type(fact)]} '{fact.id}' of document "
                    f"'{fact.doc}' refers to a fact that is no longer there; not applied"
                )
        facts = [f for f in facts if all(f is not d for d in dropped)]
        ids = {f.id for f in facts}
    return dataclasses.replace(base, facts=tuple(facts))


def _refs_ok(fact: AnyFact, ids: set[str]) -> bool:
    for f in dataclasses.fields(fact):
        if f.metadata.get("ref"):
            value = getattr(fact, f.name)
            values = value if f.metadata["many"] else [value] if value else []
            if any(v not in ids for v in values):
                return False
    return True


@dataclasses.dataclass
class Curated:
    """A corpus's curated facts by document: facts, ids of retracted facts, document metadata."""

    facts: dict[str, list] = dataclasses.field(default_factory=dict)  # type: ignore[type-arg]
    retracted: dict[str, list[Retraction]] = dataclasses.field(default_factory=dict)
    documents: dict[str, Document] = dataclasses.field(default_factory=dict)
    review: Curated | None = None  # the decisions of kgbuild review, applied after the rest

    def decided(self, doc_id: str) -> bool:
        return doc_id in self.facts or doc_id in self.retracted


def read_curated(
    paths: Sequence[Path], text_of: Callable[[str], str | None], known: set[str], problems: list[str]
) -> Curated:
    """The curated files ``paths``, for the documents ``known`` (their texts from ``text_of``); a
    bad file, a bad line or a document not in the corpus is added to ``problems`` and skipped.
    A document's text is read once for the lines about it, not once a line."""
    curated = Curated()
    text_of = functools.lru_cache(maxsize=4)(text_of)
    for path in paths:
        layer = curated
        if path.name == REVIEW_FILE:
            layer = curated.review = curated.review or Curated()
        try:
            content = read_facts(path, texts=text_of, decisions=layer is not curated)
        except FactsFileError as err:
            problems.append(str(err))
            continue
        problems.extend(str(e) for e in content.errors)
        for doc_id in sorted(set(content.facts) | {d for d, _ in content.retracted} | set(content.documents)):
            if doc_id not in known:
                problems.append(f"{path}: facts for document '{doc_id}', which is not in the corpus; skipped")
                continue
            layer.facts.setdefault(doc_id, []).extend(content.facts.get(doc_id, []))
            layer.retracted.setdefault(doc_id, []).extend(
                r for (d, _), r in content.retracted.items() if d == doc_id
            )
            if doc_id in content.documents:
                layer.documents[doc_id] = content.documents[doc_id]
    return curated


def curated_document(source: Document, curated: Document | None) -> Document:
    """``source`` with the title, URL, date and language a curated file gives it."""
    if curated is None:
        return source
    return dataclasses.replace(
        source,
        title=curated.title or source.title,
        url=curated.url or source.url,
        published=curated.published or source.published,
        language=curated.language,
    )
