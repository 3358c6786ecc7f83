"""The dataset's page for people: what the graph holds, when its events were, who and what recur.

Counts of entities by class (from the VoID class partitions) and of roles by type, the events on
a timeline by their dates, the people who spoke at the most events and the organizations the most
reports name, and the downloads. The VoID and DCAT description stays machine-readable beside it
(``dataset.ttl``, ``/.well-known/void``, and as JSON-LD in the page), its statements collapsed at
the bottom, where every node of the description (catalogue, publisher, contact point,
service, distributions, partitions) is an anchor a link to it lands on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rdflib import VOID, Graph, Literal, URIRef
from rdflib.term import Identifier

from kgbuild.ontology.namespace import KG
from kgbuild.queries.saved import get_query
from kgbuild.stores.embedded import select
from kgbuild.web.pages import Cell, Renderer, Table, internal_query


def _bars(rows: Sequence[tuple[Cell, int]]) -> list[tuple[Cell, int, int]]:
    """Rows for a bar chart: each value with its bar's width in percent of the largest."""
    top = max((n for _, n in rows), default=0) or 1
    return [(cell, n, max(1, round(100 * n / top))) for cell, n in rows]


def dataset_context(r: Renderer, graph: Graph, dataset: URIRef, path: str) -> dict[str, Any]:
    """What ``dataset.html`` shows, in the renderer's language."""
    t, store = r.t, r.site.store
    classes, counts = [], {}
    for part in graph.objects(dataset, VOID.classPartition):
        kind, n = graph.value(part, VOID["class"]), graph.value(part, VOID.entities)
        if isinstance(kind, URIRef) and str(kind).startswith(str(KG)) and n is not None:
            classes.append((r.cell(path, kind), int(str(n))))
            counts[kind] = int(str(n))
    classes.sort(key=lambda c: (-c[1], c[0].text))
    roles = [
        (r.cell(path, row["roleType"]), int(str(row["roles"])))
        for row in select(store, internal_query("dataset-roles").body).dicts()
    ]
    dated = timeline(r, path)
    headline = [
        t.count(int(str(graph.value(dataset, VOID.triples) or 0)), "triple"),
        t.count(sum(len(events) for _, events in dated), "event"),
        t.count(counts.get(KG.Person, 0), "person"),
        t.count(counts.get(KG.Organization, 0), "organization"),
        t.count(counts.get(KG.Document, 0), "document"),
    ]
    return {
        "headline": headline,
        "classes": _bars(classes),
        "roles": _bars(roles),
        "timeline": dated,
        "tops": [table for table in (_speakers(r, path), _organizations(r, path)) if table.rows],
        "tables": _void_tables(r, graph, dataset, path),
    }


def timeline(r: Renderer, path: str) -> list[tuple[str, list[tuple[str, str, Cell, Cell, Cell]]]]:
    """The events by year, in the order of their dates (undated ones last)."""
    t = r.t
    years: dict[str, list[tuple[str, str, Cell, Cell, Cell]]] = {}
    for row in select(r.site.store, get_query("events").body).dicts():
        start, end = (v.toPython() if isinstance(v, Literal) else None for v in (row["start"], row["end"]))
        start = start if isinstance(start, date) else None
        end = end if isinstance(end, date) else None
        first = start or end
        year = str(first.year) if first is not None else t("undated")
        kinds = [
            o for _, p, o in r.site.outgoing(str(row["event"])) if p == KG.eventType and isinstance(o, URIRef)
        ]
        kind = r.cell(path, kinds[0]) if kinds else Cell(str(row["kind"] or ""))
        place = Cell(str(row["place"])) if row["place"] is not None else Cell("")
        when = t.dates(start, end) if start or end else ""
        event = r.cell(path, row["title"], link=row["event"])
        years.setdefault(year, []).append((when, start.isoformat() if start else "", event, kind, place))
    return sorted(years.items(), key=lambda item: (not item[0].isdigit(), item[0]))


def _speakers(r: Renderer, path: str) -> Table:
    t = r.t
    rows = tuple(
        (r.cell(path, row["person"]), Cell(str(row["events"])), Cell(str(row["documents"])))
        for row in select(r.site.store, internal_query("dataset-speakers").body).dicts()
    )
    return Table(
        t("h_top_speakers"), (t("col_name"), t("col_events"), t("col_reports")), rows, "top-speakers"
    )


def _organizations(r: Renderer, path: str) -> Table:
    t = r.t
    rows = tuple(
        (r.cell(path, row["organization"]), Cell(str(row["documents"])))
        for row in select(r.site.store, internal_query("dataset-organizations").body).dicts()
    )
    return Table(
        t("h_top_organizations"), (t("col_organization"), t("col_reports")), rows, "top-organizations"
    )


def _void_tables(r: Renderer, graph: Graph, dataset: URIRef, path: str) -> list[Table]:
    """The VoID and DCAT statements, as tables (the machine-readable description, for people)."""
    t = r.t
    statements = [
        (p, o)
        for p, o in graph.predicate_objects(dataset)
        if isinstance(p, URIRef) and isinstance(o, Identifier)
    ]
    described = sorted(
        (
            (r.cell(path, p), r.cell(path, o))
            for p, o in statements
            if p not in (VOID.classPartition, VOID.propertyPartition)
        ),
        key=lambda row: (row[0].text, row[1].text),
    )
    tables = [Table(t("h_description"), (t("col_property"), t("col_value")), tuple(described), "description")]
    for title, link, what, size in (
        ("h_class_partitions", VOID.classPartition, VOID["class"], VOID.entities),
        ("h_property_partitions", VOID.propertyPartition, VOID.property, VOID.triples),
    ):
        partitions = []
        for part in sorted(graph.objects(dataset, link), key=str):
            cell = r.cell(path, graph.value(part, what))  # type: ignore[arg-type]
            anchor = str(part).partition("#")[2]  # the partition's own IRI lands on its row
            partitions.append(
                (Cell(cell.text, cell.href, cell.lang, anchor), Cell(str(graph.value(part, size))))
            )
        columns = (t("col_term"), t("col_count"))
        tables.append(Table(t(title), columns, tuple(partitions), str(link).rsplit("#", 1)[-1]))
    tables.insert(1, _described(r, graph, dataset, path))
    return tables


def _described(r: Renderer, graph: Graph, dataset: URIRef, path: str) -> Table:
    """Every node of the description that is a fragment of the dataset's IRI, but the partitions
    (the catalogue, publisher, contact point, service, distributions): its statements, the first
    row holding its anchor, so that a link to it lands there."""
    prefix = str(dataset) + "#"
    partitions = set(graph.objects(dataset, VOID.classPartition)) | set(
        graph.objects(dataset, VOID.propertyPartition)
    )
    nodes = sorted({s for s in graph.subjects() if str(s).startswith(prefix)} - partitions, key=str)
    rows = []
    for node in nodes:
        statements = sorted(
            (
                (r.cell(path, p), r.cell(path, o))
                for p, o in graph.predicate_objects(node)
                if isinstance(p, URIRef) and isinstance(o, Identifier)
            ),
            key=lambda row: (row[0].text, row[1].text),
        )
        name = str(node)[len(prefix) :]
        for i, (prop, value) in enumerate(statements):
            rows.append((Cell(name, anchor=name) if i == 0 else Cell(""), prop, value))
    columns = (r.t("col_node"), r.t("col_property"), r.t("col_value"))
    return Table(r.t("h_described"), columns, tuple(rows), "described")
