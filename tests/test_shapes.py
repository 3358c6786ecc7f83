"""Every shape conforms on a correct graph and is violated by a graph broken in its one way.

The correct graph is the Taraz example built from its curated facts: it must conform, and every
node shape must have focus nodes in it. Each case below then breaks that graph with one SPARQL
update and expects a violation reported by the property shape of that node shape and path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.namespace import SH

from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import PREFIXES, short, sparql_prologue
from kgbuild.outdir.output import load_dataset, union
from kgbuild.validation.shacl import shapes_graph, validate_graph

KGSH = Namespace("https://w3id.org/kgbuild/shapes#")


def one(var: str, pattern: str) -> str:
    """A sub-select binding ``var`` to the first node matching ``pattern``."""
    return f"{{ SELECT {var} WHERE {{ {pattern} }} ORDER BY {var} LIMIT 1 }}"


PERSON = one("?p", "?p a kg:Person ; kg:initials ?i ; kg:holds ?post .")
ORG = one("?o", "?o a kg:Organization .")
PLACE = one("?o", "?o a kg:Place .")
EVENT = one("?e", "?e a kg:Event ; kg:startDate ?s .")
ROLE = one("?r", "?r a kg:Role ; kg:capacity ?c .")
POST = one("?x", "?x a kg:Post ; kg:postIn ?o .")
RES = one("?x", "?x a kg:Resolution .")
PROJ = one("?x", "?x a kg:Project .")
EV = one("?x", "?x a kg:Evidence .")
DOC = one("?x", "?x a kg:Document .")
MERGE = one("?x", "?x a kg:Merge .")

CASES: list[tuple[str, str | None, str]] = [
    (
        "PersonShape",
        "kg:familyName",
        f"DELETE {{ ?p kg:familyName ?n }} WHERE {{ {PERSON} ?p kg:familyName ?n }}",
    ),
    ("PersonShape", "kg:familyName", f'INSERT {{ ?p kg:familyName "Другой"@ru }} WHERE {{ {PERSON} }}'),
    ("PersonShape", "kg:givenName", f'INSERT {{ ?p kg:givenName "А"@ru, "Б"@ru }} WHERE {{ {PERSON} }}'),
    ("PersonShape", "kg:patronymic", f'INSERT {{ ?p kg:patronymic "А"@ru, "Б"@ru }} WHERE {{ {PERSON} }}'),
    (
        "PersonShape",
        "kg:initials",
        f'DELETE {{ ?p kg:initials ?i }} INSERT {{ ?p kg:initials "xyz"@ru }} WHERE {{ {PERSON} ?p kg:initials ?i }}',
    ),
    ("PersonShape", "rdfs:label", f"DELETE {{ ?p rdfs:label ?l }} WHERE {{ {PERSON} ?p rdfs:label ?l }}"),
    ("PersonShape", "kg:holds", f"INSERT {{ ?p kg:holds ?p }} WHERE {{ {PERSON} }}"),
    ("PersonShape", "kg:academicDegree", f'INSERT {{ ?p kg:academicDegree "PhD" }} WHERE {{ {PERSON} }}'),
    ("PersonShape", "kg:honorific", f'INSERT {{ ?p kg:honorific "Sir" }} WHERE {{ {PERSON} }}'),
    ("PersonShape", "kg:origin", f'INSERT {{ ?p kg:origin "x" }} WHERE {{ {PERSON} }}'),
    ("PersonShape", "kg:originCountry", f"INSERT {{ ?p kg:originCountry ?p }} WHERE {{ {PERSON} }}"),
    ("PersonShape", "kg:hasOccupation", f"INSERT {{ ?p kg:hasOccupation ?o }} WHERE {{ {PERSON} {ORG} }}"),
    ("PersonShape", "kg:memberOf", f"INSERT {{ ?p kg:memberOf ?e }} WHERE {{ {PERSON} {EVENT} }}"),
    ("PersonShape", "kg:founderOf", f"INSERT {{ ?p kg:founderOf ?e }} WHERE {{ {PERSON} {EVENT} }}"),
    (
        "PersonOccupationShape",
        None,  # an occupation the person holds, but of kind post
        f"INSERT {{ ?p kg:hasOccupation ?post }} WHERE {{ {PERSON} ?p kg:holds ?post }}",
    ),
    ("OrganizationShape", "rdfs:label", f"DELETE {{ ?o rdfs:label ?l }} WHERE {{ {ORG} ?o rdfs:label ?l }}"),
    ("OrganizationShape", "kg:abbreviation", f'INSERT {{ ?o kg:abbreviation "X" }} WHERE {{ {ORG} }}'),
    (
        "OrganizationShape",
        "kg:subOrganizationOf",
        f"INSERT {{ ?o kg:subOrganizationOf ?e }} WHERE {{ {ORG} {EVENT} }}",
    ),
    ("PlaceShape", "rdfs:label", f"DELETE {{ ?o rdfs:label ?l }} WHERE {{ {PLACE} ?o rdfs:label ?l }}"),
    ("PlaceShape", "kg:containedIn", f"INSERT {{ ?o kg:containedIn ?e }} WHERE {{ {PLACE} {EVENT} }}"),
    ("EventShape", "kg:eventType", f"INSERT {{ ?e kg:eventType kg:roleSpeaker }} WHERE {{ {EVENT} }}"),
    (
        "EventShape",
        "kg:startDate",
        f'INSERT {{ ?e kg:startDate "2021-10-13"^^xsd:date }} WHERE {{ {EVENT} }}',
    ),
    (
        "EventShape",
        "kg:endDate",
        f'DELETE {{ ?e kg:endDate ?d }} INSERT {{ ?e kg:endDate "2021-10-15" }} WHERE {{ {EVENT} ?e kg:endDate ?d }}',
    ),
    (
        "EventShape",
        "kg:startDate",  # ends before it starts (sh:lessThanOrEquals)
        f'DELETE {{ ?e kg:endDate ?d }} INSERT {{ ?e kg:endDate "2021-10-01"^^xsd:date }} '
        f"WHERE {{ {EVENT} ?e kg:endDate ?d }}",
    ),
    ("EventShape", "kg:place", f"INSERT {{ ?e kg:place ?o }} WHERE {{ {EVENT} {PLACE} }}"),
    ("EventShape", "kg:subEventOf", f"INSERT {{ ?e kg:subEventOf ?o }} WHERE {{ {EVENT} {ORG} }}"),
    ("EventShape", "kg:partNumber", f'INSERT {{ ?e kg:partNumber "first" }} WHERE {{ {EVENT} }}'),
    ("EventShape", "kg:participantCount", f'INSERT {{ ?e kg:participantCount "many" }} WHERE {{ {EVENT} }}'),
    ("EventShape", "kg:speakerCount", f"INSERT {{ ?e kg:speakerCount -3 }} WHERE {{ {EVENT} }}"),
    ("EventShape", "kg:countText", f'INSERT {{ ?e kg:countText "150" }} WHERE {{ {EVENT} }}'),
    ("EventShape", "kg:inferred", f'INSERT {{ ?e kg:inferred "yes" }} WHERE {{ {EVENT} }}'),
    (
        "EventShape",
        "kg:attendanceMode",
        f"INSERT {{ ?e kg:attendanceMode schema:Thing }} WHERE {{ {EVENT} }}",
    ),
    (
        "EventShape",
        "kg:participantCountry",
        f"INSERT {{ ?e kg:participantCountry ?o }} WHERE {{ {EVENT} {ORG} }}",
    ),
    ("EventShape", "kg:kindText", f'INSERT {{ ?e kg:kindText "forum" }} WHERE {{ {EVENT} }}'),
    ("EventShape", "rdfs:label", f'INSERT {{ ?e rdfs:label "untagged" }} WHERE {{ {EVENT} }}'),
    ("RoleShape", "kg:agent", f"DELETE {{ ?r kg:agent ?a }} WHERE {{ {ROLE} ?r kg:agent ?a }}"),
    ("RoleShape", "kg:event", f"INSERT {{ ?r kg:event ?o }} WHERE {{ {ROLE} {ORG} }}"),
    (
        "RoleShape",
        "kg:roleType",
        f"DELETE {{ ?r kg:roleType ?t }} INSERT {{ ?r kg:roleType kg:eventForum }} WHERE {{ {ROLE} ?r kg:roleType ?t }}",
    ),
    ("RoleShape", "kg:capacity", f"INSERT {{ ?r kg:capacity ?e }} WHERE {{ {ROLE} {EVENT} }}"),
    (
        "RoleCapacityShape",
        None,
        f"INSERT {{ ?r kg:capacity ?other }} WHERE {{ {ROLE} ?r kg:agent ?a . "
        "?other a kg:Post ; kg:heldBy ?h . FILTER(?h != ?a) }",
    ),
    ("PostShape", "rdfs:label", f"DELETE {{ ?x rdfs:label ?l }} WHERE {{ {POST} ?x rdfs:label ?l }}"),
    ("PostShape", "kg:heldBy", f"INSERT {{ ?x kg:heldBy ?o }} WHERE {{ {POST} {ORG} }}"),
    ("PostShape", "kg:postIn", f"INSERT {{ ?x kg:postIn ?e }} WHERE {{ {POST} {EVENT} }}"),
    ("PostShape", "kg:capacityKind", f"INSERT {{ ?x kg:capacityKind kg:capacityRank }} WHERE {{ {POST} }}"),
    (
        "PostShape",
        "kg:capacityStatus",
        f"DELETE {{ ?x kg:capacityStatus ?s }} INSERT {{ ?x kg:capacityStatus kg:roleSpeaker }} "
        f"WHERE {{ {POST} ?x kg:capacityStatus ?s }}",
    ),
    (
        "ResolutionShape",
        "kg:adoptedAt",
        f"DELETE {{ ?x kg:adoptedAt ?e }} WHERE {{ {RES} ?x kg:adoptedAt ?e }}",
    ),
    (
        "ResolutionShape",
        "kg:resolutionType",
        f"INSERT {{ ?x kg:resolutionType kg:roleSpeaker }} WHERE {{ {RES} }}",
    ),
    ("ResolutionShape", "kg:contentItem", f'INSERT {{ ?x kg:contentItem "plain" }} WHERE {{ {RES} }}'),
    ("ResolutionShape", "kg:kindText", f'INSERT {{ ?x kg:kindText "plain" }} WHERE {{ {RES} }}'),
    ("ResolutionShape", "kg:adoptedBy", f'INSERT {{ ?x kg:adoptedBy "plain" }} WHERE {{ {RES} }}'),
    ("ResolutionShape", "kg:addressee", f'INSERT {{ ?x kg:addressee "plain" }} WHERE {{ {RES} }}'),
    ("ResolutionShape", "kg:party", f"INSERT {{ ?x kg:party ?e }} WHERE {{ {RES} {EVENT} }}"),
    ("ProjectShape", "rdfs:label", f"DELETE {{ ?x rdfs:label ?l }} WHERE {{ {PROJ} ?x rdfs:label ?l }}"),
    ("ProjectShape", "kg:kindText", f'INSERT {{ ?x kg:kindText "plain" }} WHERE {{ {PROJ} }}'),
    ("ProjectShape", "kg:initiatedBy", f"INSERT {{ ?x kg:initiatedBy ?e }} WHERE {{ {PROJ} {EVENT} }}"),
    ("ProjectShape", "kg:region", f"INSERT {{ ?x kg:region ?e }} WHERE {{ {PROJ} {EVENT} }}"),
    (
        "DerivedShape",
        "prov:wasDerivedFrom",
        f"DELETE {{ ?x prov:wasDerivedFrom ?d }} WHERE {{ {POST} ?x prov:wasDerivedFrom ?d }}",
    ),
    ("DerivedShape", "kg:evidence", f"DELETE {{ ?x kg:evidence ?d }} WHERE {{ {POST} ?x kg:evidence ?d }}"),
    ("DerivedShape", "skos:prefLabel", f'INSERT {{ ?x skos:prefLabel "ещё"@ru }} WHERE {{ {POST} }}'),
    ("EvidenceShape", "kg:inDocument", f"INSERT {{ ?x kg:inDocument ?e }} WHERE {{ {EV} {EVENT} }}"),
    (
        "EvidenceShape",
        "kg:start",
        f'DELETE {{ ?x kg:start ?s }} INSERT {{ ?x kg:start "3" }} WHERE {{ {EV} ?x kg:start ?s }}',
    ),
    ("EvidenceShape", "kg:end", f"DELETE {{ ?x kg:end ?s }} WHERE {{ {EV} ?x kg:end ?s }}"),
    (
        "EvidenceShape",
        "kg:start",  # an offset below zero (sh:minInclusive)
        f"DELETE {{ ?x kg:start ?s }} INSERT {{ ?x kg:start -1 }} WHERE {{ {EV} ?x kg:start ?s }}",
    ),
    (
        "EvidenceShape",
        "kg:start",  # a span that ends before it starts (sh:lessThanOrEquals)
        f"DELETE {{ ?x kg:end ?s }} INSERT {{ ?x kg:end 0 }} "
        f"WHERE {{ {one('?x', '?x a kg:Evidence ; kg:start ?st . FILTER(?st > 0)')} ?x kg:end ?s }}",
    ),
    ("EvidenceShape", "kg:quote", f"DELETE {{ ?x kg:quote ?q }} WHERE {{ {EV} ?x kg:quote ?q }}"),
    ("DocumentShape", "kg:fileName", f'INSERT {{ ?x kg:fileName "other.txt" }} WHERE {{ {DOC} }}'),
    (
        "DocumentShape",
        "kg:sha256",
        f'DELETE {{ ?x kg:sha256 ?h }} INSERT {{ ?x kg:sha256 "XYZ" }} WHERE {{ {DOC} ?x kg:sha256 ?h }}',
    ),
    (
        "DocumentShape",
        "kg:charCount",
        f'DELETE {{ ?x kg:charCount ?h }} INSERT {{ ?x kg:charCount "long" }} WHERE {{ {DOC} ?x kg:charCount ?h }}',
    ),
    ("DocumentShape", "kg:headline", f'INSERT {{ ?x kg:headline "a"@ru, "b"@ru }} WHERE {{ {DOC} }}'),
    ("DocumentShape", "kg:published", f'INSERT {{ ?x kg:published "yesterday" }} WHERE {{ {DOC} }}'),
    ("DocumentShape", "kg:sourceUrl", f'INSERT {{ ?x kg:sourceUrl "http://x.example/" }} WHERE {{ {DOC} }}'),
    ("DocumentShape", "kg:language", f"DELETE {{ ?x kg:language ?l }} WHERE {{ {DOC} ?x kg:language ?l }}"),
    (
        "MergeShape",
        "kg:mergedEntity",
        f"DELETE {{ ?x kg:mergedEntity ?e }} WHERE {{ {MERGE} ?x kg:mergedEntity ?e }}",
    ),
    (
        "MergeShape",
        "kg:mergeReason",
        f"DELETE {{ ?x kg:mergeReason ?e }} WHERE {{ {MERGE} ?x kg:mergeReason ?e }}",
    ),
    (
        "MergeShape",
        "kg:mergedMention",
        f"DELETE {{ ?x kg:mergedMention ?e }} WHERE {{ {MERGE} ?x kg:mergedMention ?e }}",
    ),
]


@pytest.fixture(scope="module")
def correct(curated_out: Path) -> Graph:
    return union(load_dataset(curated_out))


def _curie(node: object) -> str:
    return short(node if isinstance(node, URIRef) else None, PREFIXES)


def _property_shapes() -> set[tuple[str, str | None]]:
    shapes = shapes_graph()
    out: set[tuple[str, str | None]] = set()
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        name = str(node).rsplit("#", 1)[-1]
        for prop in shapes.objects(node, SH.property):
            out.add((name, _curie(shapes.value(prop, SH.path))))
        if (node, SH.sparql, None) in shapes:
            out.add((name, None))
    return out


def test_the_correct_graph_conforms_and_every_node_shape_has_focus_nodes(correct: Graph) -> None:
    report = validate_graph(correct)
    assert report.conforms, report.render()
    shapes = shapes_graph()
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        name = str(node).rsplit("#", 1)[-1]
        data = _updated(correct, CONFORMING[name]) if name in CONFORMING else correct
        classes = list(shapes.objects(node, SH.targetClass))
        properties = list(shapes.objects(node, SH.targetSubjectsOf))
        assert any((None, RDF.type, t) in data for t in classes) or any(
            (None, p, None) in data for p in properties
        ), f"no focus node for {node} in the example"
        if data is not correct:
            assert validate_graph(data).conforms, validate_graph(data).render()


def _updated(graph: Graph, update: str) -> Graph:
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    changed.update(sparql_prologue() + update)
    assert set(changed) != set(graph), "the update changed nothing"
    return changed


def test_sparql_constraints_judge_the_nodes_of_their_class_that_have_the_property(correct: Graph) -> None:
    """kgsh:PersonOccupationShape and kgsh:RoleCapacityShape target the subjects of the property
    their query starts from, and their queries keep the instances of the class: every verdict is
    that of targeting the class (every person, every role), on every case, and on a node with
    the property that is not of the class (judged by neither)."""
    shapes = shapes_graph()
    by_class = Graph()
    for triple in shapes:
        by_class.add(triple)
    for shape, cls in ((KGSH.PersonOccupationShape, KG.Person), (KGSH.RoleCapacityShape, KG.Role)):
        assert list(shapes.objects(shape, SH.targetSubjectsOf)) and not list(
            shapes.objects(shape, SH.targetClass)
        )
        by_class.remove((shape, SH.targetSubjectsOf, None))
        by_class.add((shape, SH.targetClass, cls))
    stray = (
        "INSERT { ?x kg:hasOccupation ?post ; kg:capacity ?post ; kg:agent ?x } "
        "WHERE { ?x a kg:Organization . ?post a kg:Post } "
    )
    cases = [
        stray,
        *CONFORMING.values(),
        *(u for _, _, u in CASES if "hasOccupation" in u or "capacity" in u),
    ]
    for update in cases:
        broken = _updated(correct, update)
        assert _pyshacl_results(broken, shapes) == _pyshacl_results(broken, by_class), update


def _pyshacl_results(data: Graph, shapes: Graph) -> set[tuple[str, ...]]:
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    assert isinstance(report, Graph)
    fields = (SH.focusNode, SH.resultPath, SH.value, SH.resultMessage)
    return {
        (*(str(report.value(r, p)) for p in fields), _named(report.value(r, SH.sourceShape)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def _named(shape: object) -> str:
    return "a property shape" if isinstance(shape, BNode) else str(shape)


#: Updates after which the example still conforms, and has focus nodes of a shape it has none of.
CONFORMING = {
    "PersonOccupationShape": (
        "DELETE { ?post kg:capacityKind ?kind } "
        "INSERT { ?post kg:capacityKind kg:capacityOccupation . ?p kg:hasOccupation ?post } "
        f"WHERE {{ {PERSON} ?p kg:holds ?post . ?post kg:capacityKind ?kind }}"
    ),
}


def test_every_property_shape_has_a_violating_case() -> None:
    covered = {(shape, path) for shape, path, _ in CASES}
    missing = _property_shapes() - covered
    assert not missing, f"property shapes without a violating case: {sorted(missing, key=str)}"


def test_every_shape_says_what_is_wrong_in_words() -> None:
    shapes = shapes_graph()
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node, SH.property):
            assert shapes.value(prop, SH.message), f"a property shape of {node} has no sh:message"
        for constraint in shapes.objects(node, SH.sparql):
            assert shapes.value(constraint, SH.message), f"the SPARQL constraint of {node} has no sh:message"


@pytest.mark.parametrize(
    ("shape", "path", "update"), CASES, ids=[f"{s}-{p}-{i}" for i, (s, p, _) in enumerate(CASES)]
)
def test_a_graph_broken_one_way_violates_that_shape(
    correct: Graph, shape: str, path: str | None, update: str
) -> None:
    broken = _updated(correct, update)  # asserts the update changed the graph
    report = validate_graph(broken)
    assert not report.conforms
    shapes = shapes_graph()
    node = KGSH[shape]
    sources = {v.shape for v in report.violations}
    if path is None:
        wanted = {str(node)} | {str(c) for c in shapes.objects(node, SH.sparql)}
    else:
        wanted = {
            str(p) for p in shapes.objects(node, SH.property) if _curie(shapes.value(p, SH.path)) == path
        }
    assert sources & wanted, f"expected a violation of {shape} {path}; got:\n{report.render()}"
    hit = next(v for v in report.violations if v.shape in wanted)
    assert hit.message and hit.sources, "a violation must say what is wrong and where it comes from"
