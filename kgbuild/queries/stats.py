"""Statistics of a built graph: sizes, entities by class, roles by type, merges."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.stores.embedded import select

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class }
  FILTER(?g != <https://w3id.org/kgbuild/ontology> && STRSTARTS(STR(?class), STR(kg:)))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""
_ROLES = """
SELECT ?type (COUNT(DISTINCT ?r) AS ?n)
WHERE { ?r kg:roleType/skos:notation ?type }
GROUP BY ?type ORDER BY ?type
"""


@dataclass(frozen=True)
class Stats:
    quads: int
    graphs: int
    documents: int
    classes: tuple[tuple[str, int], ...]
    roles: tuple[tuple[str, int], ...]

    def render(self) -> str:
        lines = [
            f"Quads:          {self.quads}",
            f"Named graphs:   {self.graphs}",
            f"Documents:      {self.documents}",
            "Nodes by class:",
        ]
        lines += [f"  {name:<14}{n}" for name, n in self.classes]
        lines.append("Roles by type:")
        lines += [f"  {name:<14}{n}" for name, n in self.roles]
        return "\n".join(lines) + "\n"


def stats(store: ox.Store) -> Stats:
    """Count what a store (opened with :func:`kgbuild.stores.embedded.open_store`) holds, the ontology
    left out."""
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    graphs = [g for g in store.named_graphs() if g != ontology]
    quads = sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, g))
    classes = tuple((str(r[0]).rsplit("#", 1)[-1], int(str(r[1]))) for r in select(store, _CLASSES).rows)
    roles = tuple((str(r[0]), int(str(r[1]))) for r in select(store, _ROLES).rows)
    documents = dict(classes).get("Document", 0)
    return Stats(quads=quads, graphs=len(graphs), documents=documents, classes=classes, roles=roles)
