"""Every kgbuild term used in code, shapes and queries is declared; converters' terms are shaped."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kgbuild.converters import REGISTRY
from kgbuild.converters.entities import MERGE_TERMS
from kgbuild.facts import FACT_TYPES, Document
from kgbuild.linking import Entity
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.resources import data_dir
from kgbuild.validation.shacl import shapes_graph
from tests.conftest import ROOT

DECLARED = {
    str(s) for s in ontology_graph().subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))
}


def _local(names: set[str]) -> set[str]:
    return {str(KG) + n for n in names}


def test_every_kg_term_in_the_code_is_declared() -> None:
    used: set[str] = set()
    for path in (ROOT / "kgbuild").rglob("*.py"):
        if path.name == "namespace.py":
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bKG\.([A-Za-z]\w*)", text)) | set(re.findall(r"\bKG\[\"([^\"]+)\"\]", text))
    assert used, "no KG term found in the code: the scan is broken"
    assert _local(used) <= DECLARED, sorted(_local(used) - DECLARED)


def test_every_kg_term_in_the_shapes_is_declared() -> None:
    used = {
        str(t)
        for triple in shapes_graph()
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    assert used and used <= DECLARED, sorted(used - DECLARED)


def test_every_kg_term_in_the_queries_is_declared() -> None:
    used: set[str] = set()
    for path in data_dir("queries").rglob("*.rq"):
        used |= set(re.findall(r"\bkg:([A-Za-z][\w-]*)", path.read_text(encoding="utf-8")))
    assert used and _local(used) <= DECLARED, sorted(_local(used) - DECLARED)


def test_every_fact_type_has_exactly_one_registered_converter() -> None:
    assert set(REGISTRY) == {*FACT_TYPES.values(), Document, Entity}


def _shaped_terms() -> set[Node]:
    shapes = shapes_graph()
    out: set[Node] = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH.path))
    return out


@pytest.mark.parametrize("fact_type", sorted(REGISTRY, key=lambda t: t.__name__), ids=lambda t: t.__name__)
def test_each_converter_declares_terms_of_the_ontology_covered_by_shapes(fact_type: type) -> None:
    produced = REGISTRY[fact_type].produces
    assert produced, f"the converter of {fact_type.__name__} declares no terms"
    assert {str(t) for t in produced} <= DECLARED
    classes = {
        t for t in produced if (t, RDF.type, None) in ontology_graph() and str(t)[len(str(KG))].isupper()
    }
    unshaped = {t for t in produced if t not in _shaped_terms() and t not in classes}
    unshaped |= {c for c in classes if c not in _shaped_terms()}
    assert not unshaped, (
        f"terms produced by the {fact_type.__name__} converter that no shape covers: {unshaped}"
    )


def test_merge_records_are_declared_and_shaped() -> None:
    assert {str(t) for t in MERGE_TERMS} <= DECLARED
    assert MERGE_TERMS - {KG.Merge} <= _shaped_terms()


def test_the_shapes_files_cover_every_class_of_the_ontology() -> None:
    targets = set(shapes_graph().objects(None, SH.targetClass))
    for name in (
        "Event",
        "Person",
        "Role",
        "Organization",
        "Resolution",
        "Post",
        "Place",
        "Document",
        "Project",
        "Evidence",
        "Merge",
    ):
        assert KG[name] in targets, name


def test_no_code_builds_sparql_or_iris_by_formatting_user_input() -> None:
    """Queries are bound with RDF terms; look for f-strings that splice values into SPARQL keywords."""
    offenders = []
    for path in (ROOT / "kgbuild").rglob("*.py"):
        if path.name == "sparql.py":  # the one module that writes terms into SPARQL (tests/test_sparql.py)
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"f[\"'].*\b(SELECT|WHERE|INSERT|DELETE|FILTER)\b.*\{", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, offenders
