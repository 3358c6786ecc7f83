"""What the review's pages show: the documents with their counts and problems, and a document's
text with its facts marked, each fact with what can be decided about it and the last decision."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from kgbuild.facts import TYPE_TAGS, AnyFact, DocumentFacts, Event, Post, Resolution, Role, RoleType
from kgbuild.review.decisions import CORRECTABLE
from kgbuild.review.workspace import Logged, Workspace
from kgbuild.web.i18n import Strings
from kgbuild.web.text import KINDS, Span, marked

#: The kind of mark each type of fact gets (as on the published document pages).
KIND_OF = {
    "person": "person",
    "post": "capacity",
    "role": "role",
    "event": "event",
    "place": "place",
    "organization": "organization",
    "resolution": "outcome",
    "project": "outcome",
}


def index_view(workspace: Workspace, t: Strings) -> dict[str, Any]:
    logged = workspace.logged()
    by_doc = Counter(d.doc for d in logged)
    rows = []
    for row in workspace.documents():
        doc_id = str(row["id"])
        facts = workspace.facts(doc_id)
        counts = Counter(TYPE_TAGS[type(f)] for f in facts.facts)
        rows.append(
            {
                "id": doc_id,
                "title": facts.document.title or "",
                "facts": len(facts.facts),
                "counts": [
                    (t("rt_" + tag), counts[tag])
                    for tag in ("person", "role", "post", "event", "organization")
                    if counts[tag]
                ],
                "problems": workspace.problems(doc_id),
                "decisions": by_doc[doc_id],
            }
        )
    return {
        "title": t("r_title"),
        "documents": rows,
        "stale": [d for d in logged if d.stale],
        "pending": sum(1 for d in logged if d.pending),
        "summary": workspace.manifest.get("summary", {}),
    }


def _name(fact: AnyFact | None) -> str:
    """What a fact is called: a name, a post's title, an event's title or kind."""
    if fact is None:
        return ""
    if isinstance(fact, Post):
        return fact.title
    if isinstance(fact, Event):
        return fact.title or fact.kind_text or str(fact.kind)
    return str(getattr(fact, "name", fact.id))


def summary(fact: AnyFact, by_id: dict[str, AnyFact], t: Strings) -> str:
    """A fact in a line, as a reviewer reads it."""
    if isinstance(fact, Post):
        org = by_id.get(fact.organization or "")
        holder = by_id.get(fact.person)
        return " · ".join(x for x in (fact.title, _name(org), _name(holder)) if x)
    if isinstance(fact, Role):
        capacities = ", ".join(_name(by_id.get(c)) for c in fact.capacity)
        at = by_id.get(fact.event)
        parts = [f"{_name(by_id.get(fact.agent))} — {t('role_' + fact.role.value)}", _name(at), capacities]
        return " · ".join(x for x in parts if x)
    if isinstance(fact, Event):
        dates = t.dates(fact.start, fact.end) if fact.start or fact.end else ""
        return " · ".join(x for x in (fact.title or "", fact.kind_text or str(fact.kind), dates) if x)
    if isinstance(fact, Resolution):
        return " · ".join(x for x in (fact.kind_text or str(fact.kind), *fact.content[:1]) if x)
    return _name(fact)


def _fields(fact: AnyFact, by_id: dict[str, AnyFact]) -> dict[str, str]:
    """The current values of what the fact may be corrected in (the form's fields)."""
    values: dict[str, str] = {}
    for name in CORRECTABLE.get(TYPE_TAGS[type(fact)], ()):
        value = getattr(fact, name, None)
        if name == "organization" and isinstance(fact, Post):
            value = _name(by_id.get(fact.organization or "")) or None
        values[name] = "" if value is None else value.value if isinstance(value, RoleType) else str(value)
    return values


def document_view(workspace: Workspace, doc_id: str, t: Strings) -> dict[str, Any]:
    facts: DocumentFacts = workspace.facts(doc_id)
    by_id = facts.by_id()
    latest: dict[tuple[str, str], Logged] = {(d.type, d.id): d for d in workspace.logged() if d.doc == doc_id}
    spans: dict[tuple[int, int], list[str]] = defaultdict(list)
    cards = []
    for fact in sorted(
        facts.facts, key=lambda f: (f.evidence.start, list(KIND_OF).index(TYPE_TAGS[type(f)]), f.id)
    ):
        tag, ev = TYPE_TAGS[type(fact)], fact.evidence
        spans[(ev.start, ev.end)].append(f"{tag}:{fact.id}")
        entity = workspace.entity(fact) if tag in ("person", "organization", "event", "place") else None
        decided = latest.get((tag, fact.id))
        cards.append(
            {
                "key": f"{tag}:{fact.id}",
                "type": tag,
                "id": fact.id,
                "kind": KIND_OF[tag],
                "kind_name": t("rt_" + tag),
                "summary": summary(fact, by_id, t),
                "quote": ev.quote,
                "span": f"char={ev.start},{ev.end}",
                "entity": entity,
                "fields": _fields(fact, by_id),
                "decided": decided,
            }
        )
    ordered = sorted(spans)
    kinds = {where: {KIND_OF[key.split(":")[0]] for key in keys} for where, keys in spans.items()}
    marks = [Span(a, b, tuple(k for k in KINDS if k in kinds[(a, b)])) for a, b in ordered]
    names = {k: (str(t.table["kinds"][k][0]), str(t.table["kinds"][k][1])) for k in KINDS}
    text = workspace.text(doc_id)
    gone = [d for d in latest.values() if d.action == "reject"]
    return {
        "title": facts.document.title or doc_id,
        "doc": doc_id,
        "text": marked(text, marks, names) if text is not None else None,
        "legend": [(k, *names[k]) for k in KINDS if any(k in m.kinds for m in marks)],
        "spans": [{"id": Span(a, b, ()).id, "facts": spans[(a, b)]} for a, b in ordered],
        "cards": cards,
        "rejected": gone,
        "stale": [d for d in latest.values() if d.stale],
        "problems": workspace.problems(doc_id),
        "people": workspace.people(),
        "roles": [(r.value, t("role_" + r.value)) for r in RoleType],
        "pending": sum(1 for d in workspace.logged() if d.pending),
    }
