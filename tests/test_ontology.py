"""The ontology: header, documentation of every term, alignments, concept codes, consistency."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV

from kgbuild.facts import EventKind, ResolutionKind, RoleType
from kgbuild.ontology import codegen, diagram
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import SCHEMES, concepts, ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI, SCHEMA, SEM
from kgbuild.validation.reason import reason
from tests.conftest import require_java

ONTOLOGY = URIRef(ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def kg_terms(g: Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}, key=str)


def test_the_header_has_version_licence_and_dates(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef(
        f"{ONTOLOGY_IRI}/{onto.value(ONTOLOGY, OWL.versionInfo)}"
    )
    assert onto.value(ONTOLOGY, DCTERMS.license) is not None
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert onto.value(ONTOLOGY, prop).datatype == XSD.date  # type: ignore[union-attr]


def test_every_term_has_english_and_russian_labels_a_comment_and_is_defined_by(onto: Graph) -> None:
    terms = kg_terms(onto)
    assert len(terms) > 80
    for term in terms:
        langs = {getattr(label, "language", None) for label in onto.objects(term, RDFS.label)}
        assert {"en", "ru"} <= langs, f"{term} lacks an English or Russian rdfs:label"
        assert onto.value(term, RDFS.comment), f"{term} has no rdfs:comment"
        assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY, f"{term} lacks rdfs:isDefinedBy"


@pytest.mark.parametrize(
    ("sub", "sup", "prop"),
    [
        (KG.Post, ORG.Post, RDFS.subClassOf),
        (KG.holds, ORG.holds, RDFS.subPropertyOf),
        (KG.postIn, ORG.postIn, RDFS.subPropertyOf),
        (KG.Role, SEM.Role, RDFS.subClassOf),
        (KG.roleType, SEM.roleType, RDFS.subPropertyOf),
        (KG.Event, SCHEMA.Event, RDFS.subClassOf),
        (KG.Event, SEM.Event, RDFS.subClassOf),
        (KG.Person, FOAF.Person, RDFS.subClassOf),
        (KG.Person, SCHEMA.Person, RDFS.subClassOf),
        (KG.Person, PROV.Person, RDFS.subClassOf),
        (KG.Organization, ORG.Organization, RDFS.subClassOf),
        (KG.Document, PROV.Entity, RDFS.subClassOf),
        (KG.evidence, PROV.wasDerivedFrom, RDFS.subPropertyOf),
        (KG.startDate, SCHEMA.startDate, RDFS.subPropertyOf),
        (KG.subEventOf, SEM.subEventOf, RDFS.subPropertyOf),
    ],
)
def test_terms_are_aligned_with_the_vocabularies_people_know(
    onto: Graph, sub: URIRef, sup: URIRef, prop: URIRef
) -> None:
    assert (sub, prop, sup) in onto


def test_the_required_classes_exist(onto: Graph) -> None:
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
    ):
        assert (KG[name], RDF.type, OWL.Class) in onto


def test_concept_codes_are_exactly_the_facts_enumerations() -> None:
    found = concepts()
    for scheme, enum in SCHEMES.items():
        assert set(found[scheme]) == {e.value for e in enum}, scheme
    assert {r.value for r in RoleType} >= {"speaker", "organizer", "moderator", "participant", "mentioned"}
    assert "conference" in {e.value for e in EventKind}
    assert "resolution" in {e.value for e in ResolutionKind}


def test_role_types_are_a_skos_concept_scheme(onto: Graph) -> None:
    assert (KG.RoleTypes, RDF.type, SKOS.ConceptScheme) in onto
    for concept in concepts()["RoleTypes"].values():
        assert (concept, SKOS.inScheme, KG.RoleTypes) in onto
        assert (KG.RoleTypes, SKOS.hasTopConcept, concept) in onto


def test_generated_files_are_up_to_date(onto: Graph) -> None:
    assert codegen.TARGET.read_text(encoding="utf-8") == codegen.render(
        Graph().parse(codegen.ontology_file())
    )
    assert diagram.MMD.read_text(encoding="utf-8") == diagram.render(onto)
    assert diagram.render(onto) in diagram.README.read_text(encoding="utf-8")


def test_the_closed_namespace_refuses_undeclared_terms() -> None:
    with pytest.raises(AttributeError):
        _ = KG.subOrganzationOf  # the typo W3C ORG once shipped


@pytest.mark.slow
def test_the_ontology_alone_is_consistent_under_hermit() -> None:
    require_java()
    report = reason(Graph())
    assert report.consistent and not report.unsatisfiable_classes, report.render()
