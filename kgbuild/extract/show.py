"""Showing a document with its facts highlighted, for people tuning the rules (`kgbuild extract --show`).

Names of people, organizations, places and events are marked in the text, ``[Б. Сапарбаев]{person}``
(in colour on a terminal); every fact is then listed with its id and evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from kgbuild.facts import (
    AnyFact,
    DocumentFacts,
    Event,
    Organization,
    Person,
    Place,
    Post,
    Project,
    Resolution,
    Role,
)

_MARKED = {Person: "person", Organization: "organization", Place: "place", Event: "event", Project: "project"}
_COLOURS = {
    "person": "cyan",
    "organization": "green",
    "place": "yellow",
    "event": "magenta",
    "project": "blue",
}

Style = Callable[[str, str], str]


def plain(text: str, kind: str) -> str:
    return f"[{text}]{{{kind}}}"


def _spans(facts: DocumentFacts) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for fact in sorted(facts.facts, key=lambda f: (f.evidence.start, -f.evidence.end)):
        kind = _MARKED.get(type(fact))
        ev = fact.evidence
        if kind and not any(s < ev.end and ev.start < e for s, e, _ in chosen):
            chosen.append((ev.start, ev.end, kind))
    return chosen


def _describe(fact: AnyFact, by_id: dict[str, AnyFact]) -> str:
    def name(ref: str | None) -> str:
        other = by_id.get(ref or "")
        return (
            getattr(other, "name", None)
            or getattr(other, "title", None)
            or getattr(other, "kind_text", ref)
            or ""
        )

    if isinstance(fact, Person):
        extra = [x for x in (fact.honorific, fact.origin, *fact.degrees) if x]
        return fact.name + (f" ({'; '.join(extra)})" if extra else "")
    if isinstance(fact, Post):
        org = f" — in {name(fact.organization)}" if fact.organization else ""
        return f"{fact.title}{org} — held by {name(fact.person)}"
    if isinstance(fact, Role):
        capacity = f" as {', '.join(name(c) for c in fact.capacity)}" if fact.capacity else ""
        return f"{name(fact.agent)}: {fact.role.value} at {name(fact.event)}{capacity}"
    if isinstance(fact, Event):
        when = f" {fact.start}…{fact.end}" if fact.start else ""
        return f"{fact.kind_text or fact.kind.value} «{fact.title or ''}»{when} in {name(fact.place)}".strip()
    if isinstance(fact, Resolution):
        return f"{fact.kind_text or fact.kind.value}: {'; '.join(fact.content)}"
    return str(getattr(fact, "name", ""))


def render(text: str, facts: DocumentFacts, style: Style = plain) -> str:
    """``text`` with marked names, then one line per fact: id, type, what it says, its quote."""
    out, pos = [], 0
    for start, end, kind in _spans(facts):
        out += [text[pos:start], style(text[start:end], kind)]
        pos = end
    out.append(text[pos:])
    by_id = facts.by_id()
    lines = ["".join(out).rstrip(), "", f"{len(facts.facts)} facts:"]
    for fact in sorted(facts.facts, key=lambda f: (f.evidence.start, f.id)):
        quote = fact.evidence.quote if len(fact.evidence.quote) <= 60 else fact.evidence.quote[:59] + "…"
        lines.append(f"  {fact.id:<28} {type(fact).__name__.lower():<12} {_describe(fact, by_id)}  «{quote}»")
    return "\n".join(lines) + "\n"


def colour(text: str, kind: str) -> str:
    import click  # noqa: PLC0415 (the library does not need click; only the command does)

    return click.style(text, fg=_COLOURS.get(kind, "white"), bold=True)
