"""The OWL check: HermiT finds the example consistent and names the culprits of broken graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

from kgbuild.converters import convert
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.output import load_dataset, union
from kgbuild.validation.reason import reason
from tests.conftest import CASES, require_java
from tests.golden import case_docs

pytestmark = pytest.mark.slow

BASE = "https://example.org/kg/"


@pytest.fixture(autouse=True)
def _java() -> None:
    require_java()


def small() -> Graph:
    docs, _ = case_docs(CASES / "speaker-capacity")
    return union(convert(docs))


def test_the_example_is_consistent_with_the_ontology(curated_out: Path) -> None:
    report = reason(union(load_dataset(curated_out)))
    assert report.consistent and not report.unsatisfiable_classes, report.render()
    assert "Consistent" in report.render()


@pytest.mark.parametrize(
    ("why", "triples", "culprit"),
    [
        (
            "a person that is also an event (disjoint classes)",
            [(URIRef(BASE + "person/smirnov-a"), RDF.type, KG.Event)],
            BASE + "person/smirnov-a",
        ),
        (
            "an event with two start dates (functional property)",
            [
                (
                    URIRef(BASE + "event/2019-06-03-tsifrovaya-ekonomika"),
                    KG.startDate,
                    Literal("2019-06-01", datatype=XSD.date),
                )
            ],
            BASE + "event/2019-06-03-tsifrovaya-ekonomika",
        ),
        (
            "a post held by an event (range of kg:heldBy)",
            [
                (
                    URIRef(BASE + "post/smirnov-a/vitse-ministr-finansov"),
                    KG.heldBy,
                    URIRef(BASE + "event/2019-06-03-tsifrovaya-ekonomika"),
                )
            ],
            BASE + "post/smirnov-a/vitse-ministr-finansov",
        ),
    ],
)
def test_an_inconsistent_graph_is_reported_with_its_culprit(
    why: str, triples: list[tuple[URIRef, URIRef, object]], culprit: str
) -> None:
    graph = small()
    assert reason(graph).consistent
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    report = reason(graph)
    assert not report.consistent, why
    assert culprit in report.culprits, (why, report.culprits)
    assert culprit in report.render() and "Inconsistent" in report.render()
