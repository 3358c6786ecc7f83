"""What the page of an event or a person says first: the answer, then who and in which capacity.

An event: its kind, dates, place, counts, attendance, parts, organizers and outcomes, then the
people who spoke at the event and at each of its parts, with their capacity, organization and the
report that says so, then those only mentioned; and its graph, coloured by role. A person: the
events they spoke at, their roles by the events' dates, and every capacity the reports give them,
each with the quoted span it comes from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rdflib import PROV, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.ontology.namespace import KG
from kgbuild.stores.embedded import select
from kgbuild.web.pages import Cell, Renderer, Table, Value, internal_query

#: Role types from the most to the least telling (a node of the graph takes its first).
ROLES = ("speaker", "moderator", "organizer", "supporter", "participant", "mentioned")
SPOKE = {"speaker", "moderator"}

Facts = list[tuple[str, tuple[Cell, ...]]]


def role_code(role_type: Identifier | None) -> str:
    """``kg:roleSpeaker`` → "speaker"."""
    name = str(role_type or "").rsplit("#", 1)[-1]
    return name[len("role") :].lower() if name.startswith("role") else "agent"


def _values(r: Renderer, iri: str) -> dict[Identifier, list[Identifier]]:
    found: dict[Identifier, list[Identifier]] = defaultdict(list)
    for _, prop, value in sorted(r.site.outgoing(iri), key=lambda t: (str(t[1]), str(t[2]))):
        found[prop].append(value)  # type: ignore[arg-type]
    return found


def _cells(r: Renderer, page: str, terms: Iterable[Identifier | None]) -> tuple[Cell, ...]:
    return tuple(dict.fromkeys(r.cell(page, term) for term in terms if term is not None))


def _dates(values: list[Identifier]) -> list[date]:
    return sorted(v.toPython() for v in values if isinstance(v, Literal) and isinstance(v.toPython(), date))


def source(r: Renderer, page: str, document: Identifier | None, evidence: Identifier | None) -> Cell:
    """A report, linked to the span it cites (or to its page)."""
    if document is None:
        return Cell("")
    target = evidence if evidence is not None else document
    return Cell(r.label(str(document)), r.href(page, str(target)))


def event_overview(r: Renderer, page: str, iri: str) -> tuple[Facts, list[Table]]:
    t, values = r.t, _values(r, iri)
    facts: Facts = []

    def add(key: str, cells: Iterable[Cell]) -> None:
        shown = tuple(c for c in cells if c.text)
        if shown:
            facts.append((t(key), shown))

    add("f_kind", _cells(r, page, [*values[KG.eventType], *values[KG.kindText]]))
    starts, ends = _dates(values[KG.startDate]), _dates(values[KG.endDate])
    if starts or ends:
        add("f_dates", [Cell(t.dates(starts[0] if starts else None, ends[-1] if ends else None))])
    add("f_place", _cells(r, page, values[KG.place]))
    for key, prop in (("f_participants", KG.participantCount), ("f_speakers", KG.speakerCount)):
        counts = sorted({int(str(v)) for v in values[prop]})
        add(key, [Cell(str(counts[-1]))] if counts else [])
    add("f_reported", _cells(r, page, values[KG.countText]))
    add("f_attendance", _cells(r, page, values[KG.attendanceMode]))
    add("f_countries", sorted(_cells(r, page, values[KG.participantCountry]), key=lambda c: c.text))
    parts = [s for s, p, _ in r.site.incoming(iri) if p == KG.subEventOf]
    add("f_parts", sorted(_cells(r, page, parts), key=lambda c: c.text))
    rows = select(r.site.store, internal_query("event-roles").body, {"event": URIRef(iri)}).dicts()
    for key, code in (
        ("f_organizers", "organizer"),
        ("f_supporters", "supporter"),
        ("f_participants_orgs", "participant"),
    ):
        add(
            key,
            sorted(
                _cells(r, page, [x["agent"] for x in rows if role_code(x["roleType"]) == code]),
                key=lambda c: c.text,
            ),
        )
    outcomes = select(r.site.store, internal_query("event-outcomes").body, {"event": URIRef(iri)}).dicts()
    add("f_outcomes", [_outcome(r, page, x) for x in outcomes])
    add("f_reports", sorted(_cells(r, page, values[PROV.wasDerivedFrom]), key=lambda c: c.text))
    tables = [_speakers(r, page, iri, parts, rows)]
    mentioned = _mentioned(r, page, rows)
    if mentioned is not None:
        tables.append(mentioned)
    return facts, [table for table in tables if table.rows or table.groups]


def _outcome(r: Renderer, page: str, row: dict[str, Any]) -> Cell:
    kind = r.label(str(row["type"]))
    text = f"{kind}: {row['content']}" if row["content"] is not None else kind
    return Cell(text, r.href(page, str(row["resolution"])))


def _aggregate(
    r: Renderer, page: str, rows: Iterable[dict[str, Any]], key: tuple[str, ...]
) -> dict[tuple[Any, ...], dict[str, list[Cell]]]:
    """Rows of a query gathered by ``key``: the capacities, organizations and sources of each."""
    gathered: dict[tuple[Any, ...], dict[str, list[Cell]]] = {}
    for row in rows:
        entry = gathered.setdefault(tuple(row[k] for k in key), {"post": [], "org": [], "source": []})
        for name, cell in (
            ("post", r.cell(page, row["post"]) if row["post"] is not None else None),
            ("org", r.cell(page, row["org"]) if row["org"] is not None else None),
            ("source", source(r, page, row["document"], row["evidence"])),
        ):
            if cell is not None and cell.text and all(c.text != cell.text for c in entry[name]):
                entry[name].append(cell)  # one source per report: its first span
    return gathered


def _speakers(
    r: Renderer, page: str, iri: str, parts: Sequence[Identifier], rows: list[dict[str, Any]]
) -> Table:
    t = r.t
    spoke = [x for x in rows if role_code(x["roleType"]) in SPOKE]
    gathered = _aggregate(r, page, spoke, ("at", "agent", "roleType"))
    by_at: dict[str, list[tuple[Value, ...]]] = defaultdict(list)
    for (at, agent, role_type), entry in sorted(gathered.items(), key=lambda kv: r.label(str(kv[0][1]))):
        by_at[str(at)].append(
            (
                r.cell(page, agent),
                r.cell(page, role_type),
                tuple(entry["post"]),
                tuple(entry["org"]),
                tuple(entry["source"]),
            )
        )
    order = [iri, *sorted((str(p) for p in parts), key=lambda p: _part_order(r, p))]
    columns = (t("col_name"), t("col_role"), t("col_capacity"), t("col_organization"), t("col_source"))
    if list(by_at) in ([], [iri]):
        return Table(t("h_speakers"), columns, tuple(by_at.get(iri, [])), "who-spoke")
    groups = tuple(
        (Cell(t("g_whole")) if at == iri else r.cell(page, URIRef(at)), tuple(by_at[at]))
        for at in order
        if at in by_at
    )
    return Table(t("h_speakers_by_part"), columns, (), "who-spoke", groups)


def _part_order(r: Renderer, part: str) -> tuple[int, str]:
    numbers = [int(str(v)) for _, p, v in r.site.outgoing(part) if p == KG.partNumber]
    return (numbers[0] if numbers else 1_000_000, r.label(part))


def _mentioned(r: Renderer, page: str, rows: list[dict[str, Any]]) -> Table | None:
    t = r.t
    spoke = {str(x["agent"]) for x in rows if role_code(x["roleType"]) in SPOKE}
    only = [x for x in rows if role_code(x["roleType"]) == "mentioned" and str(x["agent"]) not in spoke]
    gathered = _aggregate(r, page, only, ("agent",))
    table = tuple(
        (r.cell(page, agent), tuple(entry["post"]), tuple(entry["source"]))
        for (agent,), entry in sorted(gathered.items(), key=lambda kv: r.label(str(kv[0][0])))
    )
    columns = (t("col_name"), t("col_capacity"), t("col_source"))
    return Table(t("h_mentioned"), columns, table, "mentioned") if table else None


def person_overview(r: Renderer, page: str, iri: str) -> tuple[Facts, list[Table]]:
    t = r.t
    rows = select(r.site.store, internal_query("person-roles").body, {"agent": URIRef(iri)}).dicts()
    facts: Facts = []
    spoke = _cells(r, page, [x["event"] for x in rows if role_code(x["roleType"]) in SPOKE])
    if spoke:
        facts.append((t("f_spoke_at"), spoke))
    other = _cells(r, page, [x["event"] for x in rows if role_code(x["roleType"]) not in SPOKE])
    if other:
        facts.append((t("f_also_at"), tuple(c for c in other if c not in spoke) or other))
    gathered = _aggregate(r, page, rows, ("event", "at", "roleType", "start", "end"))
    by_date = []
    for (event, at, role_type, start, end), entry in gathered.items():
        when = t.dates(*(v.toPython() if isinstance(v, Literal) else None for v in (start, end)))
        part = r.cell(page, at) if at != event else Cell("")
        cells = (Cell(when), r.cell(page, event), part, r.cell(page, role_type))
        by_date.append((*cells, tuple(entry["post"]), tuple(entry["org"]), tuple(entry["source"])))
    columns = (
        t("col_date"),
        t("col_event"),
        t("col_part"),
        t("col_role"),
        t("col_capacity"),
        t("col_organization"),
        t("col_source"),
    )
    tables = [Table(t("h_roles_by_date"), columns, tuple(by_date), "roles")]
    posts = select(r.site.store, internal_query("person-posts").body, {"person": URIRef(iri)}).dicts()
    capacities: list[tuple[Value, ...]] = []
    for row in posts:
        quote = (
            Cell(f"«{row['quote']}»", r.href(page, str(row["evidence"])))
            if row["quote"] is not None
            else Cell("")
        )
        document = (
            Cell(r.label(str(row["document"])), r.href(page, str(row["document"])))
            if row["document"]
            else Cell("")
        )
        org = r.cell(page, row["org"]) if row["org"] is not None else Cell("")
        capacities.append((r.cell(page, row["post"]), org, quote, document))
    if capacities:
        facts.append((t("f_capacities"), _cells(r, page, [x["post"] for x in posts])))
        heads = (t("col_capacity"), t("col_organization"), t("col_quote"), t("col_document"))
        tables.append(Table(t("h_capacities"), heads, tuple(dict.fromkeys(capacities)), "capacities"))
    return facts, [table for table in tables if table.rows]


def event_graph(r: Renderer, page: str, iri: str) -> dict[str, Any]:
    """Nodes and edges for cytoscape.js: the event, its parts, the people and organizations in
    their roles (an edge says the role and capacity; a node takes the colour of its most telling
    role), the resolutions adopted; and the legend, in the page's language."""
    site, t = r.site, r.t
    nodes: dict[str, dict[str, Any]] = {}

    def node(term: Identifier, kind: str) -> dict[str, Any]:
        key = str(term)
        if key not in nodes:
            nodes[key] = {"id": key, "label": r.label(key), "kind": kind, "href": r.href(page, key)}
        return nodes[key]

    node(URIRef(iri), "event")
    edges = []
    for row in select(site.store, internal_query("event-graph").body, {"event": URIRef(iri)}).dicts():
        at = node(row["at"], "event" if row["at"] == URIRef(iri) else "part")  # type: ignore[arg-type]
        kind = str(row["kind"]).rsplit("#", 1)[-1].lower() if row["kind"] else "agent"
        other = node(row["node"], "part" if kind == "event" else kind)  # type: ignore[arg-type]
        label, role = r.label(str(row["link"])), None
        if str(row["relation"]) == "role":
            role = role_code(row["link"])
            known = other.get("role")
            if known is None or ROLES.index(role) < ROLES.index(known):
                other["role"] = role
        if row["capacity"] is not None:
            label += f": {row['capacity']}"
        edge = {"source": other["id"], "target": at["id"], "label": label, "kind": str(row["relation"])}
        if role:
            edge["role"] = role
        edges.append(edge)
    unique = list({(e["source"], e["target"], e["label"]): e for e in edges}.values())
    for i, edge in enumerate(unique):
        edge["id"] = f"e{i}"
    used = {n.get("role") for n in nodes.values()} | {n["kind"] for n in nodes.values()}
    legend = [
        {"key": role, "label": r.label(str(KG["role" + role.capitalize()])), "group": "role"}
        for role in ROLES
        if role in used
    ]
    legend += [
        {"key": kind, "label": t("node_" + kind), "group": "node"}
        for kind in ("event", "part", "person", "organization", "resolution")
        if kind in used
    ]
    return {
        "nodes": [{"data": n} for n in nodes.values()],
        "edges": [{"data": e} for e in unique],
        "legend": legend,
    }
