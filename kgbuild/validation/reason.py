"""The OWL consistency check: ontology + graph loaded in owlready2 and classified by HermiT.

HermiT implements exactly the OWL 2 datatype map, which has no ``xsd:date``; for the check, dates
are read as ``xsd:dateTime`` at midnight (so two different dates stay different values and a
functional date property with two of them is still caught). When the whole is inconsistent,
HermiT does not say why, so the check narrows it down: it re-runs HermiT on the neighbourhood of
each individual (its triples and the types of what it points to), halving the candidates until
the culprits are named.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import owlready2
from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import ReasonerError
from kgbuild.ontology.terms import ontology_graph

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ReasonerReport:
    consistent: bool
    unsatisfiable_classes: tuple[str, ...] = ()
    culprits: tuple[str, ...] = ()  # individuals whose statements are inconsistent with the ontology

    def render(self) -> str:
        if self.consistent and not self.unsatisfiable_classes:
            return "Consistent: HermiT finds no contradiction between the graph and the ontology.\n"
        lines = []
        if not self.consistent:
            lines.append("Inconsistent: the graph contradicts the ontology.")
            lines += [f"  ✗ individual {c}" for c in self.culprits] or ["  (HermiT names no single culprit)"]
        if self.unsatisfiable_classes:
            lines.append("Unsatisfiable classes (no individual can belong to them):")
            lines += [f"  ✗ class {c}" for c in self.unsatisfiable_classes]
        return "\n".join(lines) + "\n"


def _owl_ready(triples: Iterable[Triple]) -> bytes:
    """N-Triples of ``triples`` with xsd:date turned into xsd:dateTime (see the module docstring)."""
    graph = Graph()
    for s, p, o in triples:
        value = o
        if isinstance(o, Literal) and o.datatype == XSD.date:
            value = Literal(f"{o}T00:00:00", datatype=XSD.dateTime)
        elif o == XSD.date:
            value = XSD.dateTime
        graph.add((s, p, value))
    return graph.serialize(format="nt", encoding="utf-8")


def _hermit(triples: Iterable[Triple]) -> tuple[bool, list[str]]:
    """(consistent, unsatisfiable class IRIs) of one HermiT run."""
    if shutil.which("java") is None:
        raise ReasonerError(
            "the OWL check needs Java (HermiT runs on the JVM); install a JRE, e.g. "
            "Debian's default-jre-headless"
        )
    world = owlready2.World()
    world.get_ontology("https://w3id.org/kgbuild/check").load(
        fileobj=io.BytesIO(_owl_ready(triples)), format="ntriples"
    )
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        return True, sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    except owlready2.OwlReadyJavaError as err:
        raise ReasonerError(f"HermiT failed: {str(err).strip().splitlines()[-1][:500]}") from err
    finally:
        world.close()


def _neighbourhood(data: Graph, node: Node) -> list[Triple]:
    triples = list(data.triples((node, None, None)))
    for _, _, obj in list(triples):
        if isinstance(obj, URIRef):
            triples += data.triples((obj, RDF.type, None))
    return triples


def _culprits(ontology: list[Triple], data: Graph, candidates: Sequence[Node]) -> list[str]:
    """The candidates whose neighbourhoods are inconsistent with the ontology (by halving)."""
    if not candidates:
        return []
    triples = [t for c in candidates for t in _neighbourhood(data, c)]
    if _hermit([*ontology, *triples])[0]:
        return []
    if len(candidates) == 1:
        return [str(candidates[0])]
    half = len(candidates) // 2
    return _culprits(ontology, data, candidates[:half]) + _culprits(ontology, data, candidates[half:])


def reason(data: Graph) -> ReasonerReport:
    """Check ``data`` (all graphs of a build, as one graph) against the ontology with HermiT."""
    ontology = list(ontology_graph())
    consistent, unsatisfiable = _hermit([*ontology, *data])
    if consistent:
        return ReasonerReport(True, tuple(unsatisfiable))
    individuals = sorted(
        {s for s in data.subjects() if isinstance(s, URIRef) and (s, RDF.type, OWL.Class) not in data},
        key=str,
    )
    return ReasonerReport(False, (), tuple(_culprits(ontology, data, individuals)))
