"""A document's page: its text, with every span of evidence marked by the kinds of fact it supports.

The text is the one the build kept (``OUT/texts/<doc>.txt``, in which the offsets count); a click
on a mark lists the facts of every span under it, with links (``static/document.js``, from the
page's JSON list of spans), and ``#char=a,b`` scrolls to that span and marks it. A build without
the texts (``kgbuild convert``) gets the table of spans instead, each row anchored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from rdflib import URIRef

from kgbuild.ontology.namespace import KG
from kgbuild.queries.saved import get_query
from kgbuild.stores.embedded import select
from kgbuild.web.overview import role_code
from kgbuild.web.pages import Cell, Renderer, Table, internal_query
from kgbuild.web.text import KINDS, Span, marked

#: The kind of fact each class of node is, for its colour and marker.
KIND_OF = {
    KG.Person: "person",
    KG.Post: "capacity",
    KG.Role: "role",
    KG.Event: "event",
    KG.Place: "place",
    KG.Organization: "organization",
    KG.Resolution: "outcome",
    KG.Project: "outcome",
}


@dataclass(frozen=True)
class TextView:
    html: Markup
    spans: list[dict[str, Any]]  # for the page's script: each span's id and the facts it supports
    legend: list[tuple[str, str, str]]  # (kind, name, letter)
    chars: int


def kind_names(r: Renderer) -> dict[str, tuple[str, str]]:
    """Each kind's name and one-letter marker in the page's language."""
    kinds = r.t.table["kinds"]
    return {k: (str(kinds[k][0]), str(kinds[k][1])) for k in KINDS}


def text_view(r: Renderer, page: str, iri: str) -> TextView | None:
    """The document's text with its spans marked; None when the build kept no text."""
    text = r.texts(iri.rstrip("/").rsplit("/", 1)[-1])
    if text is None:
        return None
    result = select(r.site.store, internal_query("document-spans").body, {"document": URIRef(iri)})
    facts: dict[tuple[int, int], dict[str, dict[str, Any]]] = defaultdict(dict)
    kinds: dict[tuple[int, int], set[str]] = defaultdict(set)
    names = kind_names(r)
    for row in result.dicts():
        where = (int(str(row["start"])), int(str(row["end"])))
        facts.setdefault(where, {})  # every span is anchored, whatever it supports
        kind = KIND_OF.get(row["class"]) if isinstance(row["class"], URIRef) else None
        if kind is None:
            continue
        kinds[where].add(kind)
        fact = str(row["fact"])
        label = r.label(fact)
        if kind == "role" and row["agent"] is not None:
            label = f"{r.label(str(row['agent']))} — {r.label(str(row['roleType']))}"
        entry = facts[where].setdefault(
            fact, {"kind": kind, "name": names[kind][0], "label": label, "href": r.href(page, fact)}
        )
        if kind == "role" and row["at"] is not None:
            entry["detail"] = r.label(str(row["at"]))
            entry["role"] = role_code(row["roleType"])
    spans = [Span(a, b, tuple(k for k in KINDS if k in kinds[(a, b)])) for a, b in sorted(facts)]
    listed = [
        {"id": s.id, "start": s.start, "end": s.end, "facts": list(facts[(s.start, s.end)].values())}
        for s in spans
    ]
    legend = [(k, *names[k]) for k in KINDS if any(k in s.kinds for s in spans)]
    return TextView(marked(text, spans, names), listed, legend, len(text))


def spans_table(r: Renderer, page: str, iri: str, *, anchored: bool) -> Table | None:
    """Every span the document gives as evidence, with what it supports; ``anchored``: each row
    is the target of its ``#char=a,b`` (when the page has no text to be it)."""
    result = select(r.site.store, get_query("evidence").body, {"document": URIRef(iri)})
    grouped: dict[str, tuple[Cell, Cell, list[Cell]]] = {}
    for row in result.dicts():
        span = str(row["evidence"]).partition("#")[2]
        if span not in grouped:
            where = f"{row['start']}–{row['end']}"
            first = Cell(where, anchor=span) if anchored else Cell(where, "#" + span)
            grouped[span] = (first, Cell(str(row["quote"])), [])
        if row["fact"] is not None:
            grouped[span][2].append(r.cell(page, row["fact"]))
    rows = tuple((where, quote, tuple(facts)) for where, quote, facts in grouped.values())
    if not rows:
        return None
    t = r.t
    return Table(t("h_spans"), (t("col_chars"), t("col_quote"), t("col_supports")), rows, "spans")
