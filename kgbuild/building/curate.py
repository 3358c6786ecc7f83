"""Merging curated facts into extracted ones: curated facts win on conflict.

A curated fact replaces an extracted fact of the same document that has the same id, or that is
of the same type and whose evidence span overlaps its own; references to a replaced fact are
redirected to its replacement. ``retract`` lines in a curated file remove extracted facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from kgbuild.facts import AnyFact, DocumentFacts


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
    extracted: DocumentFacts, curated: Iterable[AnyFact], retracted: Iterable[str] = ()
) -> DocumentFacts:
    """The facts of one document: the extracted ones, corrected by the curated ones."""
    curated = list(curated)
    gone = set(retracted)
    moved: dict[str, str] = {}
    kept: list[AnyFact] = []
    for fact in extracted.facts:
        if fact.id in gone:
            continue
        same = next((c for c in curated if c.id == fact.id or _overlaps(c, fact)), None)
        if same is None:
            kept.append(fact)
        elif same.id != fact.id:
            moved[fact.id] = same.id
    facts = [_redirect(f, moved) for f in (*kept, *curated)]
    ids = {f.id for f in facts}
    return dataclasses.replace(extracted, facts=tuple(f for f in facts if _refs_ok(f, ids)))


def _refs_ok(fact: AnyFact, ids: set[str]) -> bool:
    for f in dataclasses.fields(fact):
        if f.metadata.get("ref"):
            value = getattr(fact, f.name)
            values = value if f.metadata["many"] else [value] if value else []
            if any(v not in ids for v in values):
                return False
    return True
