"""A reviewer's decisions about facts, as the lines of a curated facts file.

Each decision is written in the documented facts-file format (``kgbuild/schemas/facts.schema.json``)
with who made it and when in its ``comment``, and appended to ``review.facts.jsonl`` in the corpus,
which a build applies after every other curated file (:func:`kgbuild.building.curate.apply_decisions`):

    accept    the fact as it is: it stays even if the extractor stops finding it
    reject    a retraction of the fact, with its span (so that it still finds the fact when the
              document is extracted again and the fact's id has changed)
    correct   the fact with new values: a capacity's title and organization (an organization the
              document does not name yet becomes a fact of its own, over the capacity's span), a
              role's type, a person's name, an event's title and dates
    same-as   this person mention is that person of the graph: the mention takes their name
    distinct  this person mention is not the person it was taken for: a person of its own

A later decision about the same fact replaces the earlier one.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kgbuild.errors import InputError
from kgbuild.facts import TYPE_TAGS, AnyFact, DocumentFacts, Event, Organization, Person, Post, Role, RoleType
from kgbuild.factsfile import fact_to_json

ACTIONS = ("accept", "reject", "correct", "same-as", "distinct")
#: What each type of fact may be corrected in: the form's fields.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "person": ("name", "surname", "given_name", "patronymic", "initials"),
    "post": ("title", "organization"),
    "role": ("role",),
    "event": ("title", "start", "end"),
    "organization": ("name",),
}
_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Decision:
    """One decision: the fact it is about (in its document), what to do, and the new values."""

    doc: str
    type: str
    id: str
    action: str
    fields: Mapping[str, str] = dataclasses.field(default_factory=dict)
    person: Mapping[str, str | None] | None = None  # for same-as: the name parts of that person
    iri: str | None = None  # for same-as and distinct: the person of the graph meant


def comment(action: str, who: str, when: datetime, iri: str | None = None) -> str:
    verb = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}.get(action)
    what = verb or ("this mention is " if action == "same-as" else "this mention is not ") + str(iri)
    return f"kgbuild review: {what}; by {who}, {when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def lines_for(decision: Decision, facts: DocumentFacts, who: str, when: datetime) -> list[dict[str, Any]]:
    """The lines that record ``decision`` about a fact of ``facts`` (the document as last built);
    an :class:`InputError` says what is wrong with it."""
    if decision.action not in ACTIONS:
        raise InputError(f"unknown decision '{decision.action}'; decisions: {', '.join(ACTIONS)}")
    fact = next((f for f in facts.facts if f.id == decision.id and TYPE_TAGS[type(f)] == decision.type), None)
    if fact is None:
        raise InputError(f"document '{decision.doc}' has no {decision.type} '{decision.id}' (rebuilt since?)")
    note = comment(decision.action, who, when, decision.iri)
    if decision.action == "reject":
        ev = fact.evidence
        span = {"start": ev.start, "end": ev.end, "quote": ev.quote}
        return [
            {
                "type": decision.type,
                "doc": fact.doc,
                "id": fact.id,
                "retract": True,
                "evidence": span,
                "comment": note,
            }
        ]
    extra: list[dict[str, Any]] = []
    if decision.action == "correct":
        fact, extra = _corrected(fact, facts, decision.fields)
    elif decision.action == "same-as":
        fact = _same_as(fact, decision.person)
    elif decision.action == "distinct":
        if not isinstance(fact, Person):
            raise InputError("only a person mention can be told apart from a person")
        fact = dataclasses.replace(fact, distinct=True)
    return [*({**line, "comment": note} for line in extra), {**fact_to_json(fact), "comment": note}]


def _text(fields: Mapping[str, str], name: str, *, required: bool = False) -> str | None:
    value = " ".join(str(fields.get(name) or "").split())
    if required and not value:
        raise InputError(f"'{name}' may not be empty")
    return value or None


def _corrected(
    fact: AnyFact, facts: DocumentFacts, fields: Mapping[str, str]
) -> tuple[AnyFact, list[dict[str, Any]]]:
    tag = TYPE_TAGS[type(fact)]
    allowed = CORRECTABLE.get(tag)
    if allowed is None:
        raise InputError(f"a {tag} can be accepted or rejected, not corrected")
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise InputError(f"a {tag} has no field {unknown[0]!r} to correct; fields: {', '.join(allowed)}")
    extra: list[dict[str, Any]] = []
    changes: dict[str, Any] = {}
    if isinstance(fact, Person):
        changes = {
            name: _text(fields, name, required=name in ("name", "surname"))
            for name in allowed
            if name in fields
        }
    elif isinstance(fact, Post):
        if "title" in fields:
            changes["title"] = _text(fields, "title", required=True)
        if "organization" in fields:
            changes["organization"], extra = _organization(fact, facts, _text(fields, "organization"))
    elif isinstance(fact, Role) and "role" in fields:
        try:
            changes["role"] = RoleType(str(fields["role"]))
        except ValueError as err:
            raise InputError(f"unknown role type {fields['role']!r}; types: {', '.join(RoleType)}") from err
    elif isinstance(fact, Event):
        if "title" in fields:
            changes["title"] = _text(fields, "title")
        for name in ("start", "end"):
            if name in fields:
                changes[name] = _date(_text(fields, name), name)
        start, end = changes.get("start", fact.start), changes.get("end", fact.end)
        if start and end and end < start:
            raise InputError(f"the end {end} is before the start {start}")
    elif isinstance(fact, Organization) and "name" in fields:
        changes["name"] = _text(fields, "name", required=True)
    return dataclasses.replace(fact, **changes), extra


def _date(value: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as err:
        raise InputError(f"'{name}' must be a date as YYYY-MM-DD, not {value!r}") from err


def _organization(
    post: Post, facts: DocumentFacts, name: str | None
) -> tuple[str | None, list[dict[str, Any]]]:
    """The id of the organization named ``name`` in the document, or a new one (over the post's
    span, the passage that names it) with the line that adds it."""
    if name is None:
        return None, []
    for fact in facts.facts:
        if isinstance(fact, Organization) and fact.name.casefold() == name.casefold():
            return fact.id, []
    ids = {f.id for f in facts.facts}
    new, n = f"review-org@{post.evidence.start}", 1
    while new in ids:
        n += 1
        new = f"review-org@{post.evidence.start}-{n}"
    return new, [fact_to_json(Organization(id=new, evidence=post.evidence, name=name))]


def _same_as(fact: AnyFact, person: Mapping[str, str | None] | None) -> Person:
    if not isinstance(fact, Person) or not person or not person.get("name") or not person.get("surname"):
        raise InputError("choose a person of the graph for this person mention")
    names = {k: person.get(k) for k in ("name", "surname", "given_name", "patronymic", "initials")}
    return dataclasses.replace(fact, distinct=False, **names)  # type: ignore[arg-type]


def append(path: Path, lines: list[dict[str, Any]]) -> None:
    """Append ``lines`` to the curated file ``path`` (created when missing), whole lines only."""
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    with _lock, path.open("a+b") as file:
        file.seek(0, 2)
        if file.tell() > 0:
            file.seek(-1, 2)
            if file.read(1) != b"\n":  # a line someone left unfinished stays a line of its own
                text = "\n" + text
        file.write(text.encode("utf-8"))
