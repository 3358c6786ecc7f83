"""The shapes as kgbuild gives them to pySHACL (:mod:`kgbuild.validation.fastpath`) get pySHACL's
verdicts on the shapes as written: on the correct graph and on every graph broken one way (the
cases of tests/test_shapes.py), judged whole and on some focus nodes only. Every result is
compared: focus node, path, value, message, severity, source shape and constraint component."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import sparql_prologue
from kgbuild.outdir.output import load_dataset, union
from kgbuild.validation import shacl
from kgbuild.validation.fastpath import (
    PreparedGraph,
    advanced,
    flat_shapes,
    focused,
    judged_otherwise_in_a_store,
    read_ntriples,
    read_store,
    rewritable,
)
from kgbuild.validation.shacl import validate_file, validate_graph
from tests.test_shapes import CASES, _updated

Result = tuple[str, ...]

#: What a result says, blank nodes aside (the source shape of a property shape is one: compared
#: by its sh:path and sh:message, which tell the property shapes apart).
_FIELDS = (SH.focusNode, SH.resultPath, SH.value, SH.resultMessage, SH.resultSeverity)


def _results(report: Graph, shapes: Graph) -> set[Result]:
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        shape = (
            (str(shapes.value(source, SH.path)), str(shapes.value(source, SH.message)))
            if isinstance(source, BNode)
            else (str(source),)
        )
        fields = tuple(_told(report.value(result, f)) for f in _FIELDS)
        found.add((*fields, *shape, str(report.value(result, SH.sourceConstraintComponent))))
    return found


def _told(term: object) -> str:
    """A term as a result tells it: a literal with its datatype or language ("a" is not
    "a"^^xsd:string)."""
    return term.n3() if isinstance(term, Literal) else str(term)


def _pyshacl(data: Graph, focus: list[str] | None = None) -> tuple[bool, set[Result]]:
    """pySHACL as kgbuild called it before the fast paths: the shapes as written, the ontology
    mixed into a copy of the data, the focus nodes by pySHACL's option."""
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_written(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        focus_nodes=focus,
    )
    assert isinstance(report, Graph)
    return bool(conforms), _results(report, shapes_written())


def _kgbuild(data: Graph, focus: list[str] | None = None) -> tuple[bool, set[Result]]:
    report = validate_graph(data, focus=focus)
    assert report.graph is not None
    return report.conforms, _results(report.graph, shapes_written())


def _kgbuild_file(data: Graph, folder: Path, focus: list[str] | None = None) -> tuple[bool, set[Result]]:
    """kgbuild's verdict on ``data`` written as a unit batch (N-Triples), as a build judges it: in
    an Oxigraph store, which the batch must be read into (not rdflib's, the fallback)."""
    path = folder / "batch.nt"
    path.write_text(data.serialize(format="nt"), encoding="utf-8")
    assert read_store(str(path), shacl._ontology_nt()) is not None, "the batch would go to rdflib's store"
    report = validate_file(str(path), focus)
    assert report.graph is not None
    return report.conforms, _results(report.graph, shapes_written())


def shapes_written() -> Graph:
    return shacl._shapes()


@pytest.fixture(scope="module")
def correct(curated_out: Path) -> Graph:
    return union(load_dataset(curated_out))


def _every_other_subject(graph: Graph) -> list[str]:
    return sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef)})[::2]


def test_the_shapes_are_rewritten_and_every_property_shape_keeps_its_targets() -> None:
    written = shapes_written()
    assert rewritable(written)
    flat = flat_shapes(written)
    nested = set(written.subject_objects(SH.property))
    assert nested and not set(flat.subject_objects(SH.property))  # every property shape on its own
    for node, prop in nested:
        assert set(written.objects(node, SH.targetClass)) == set(flat.objects(prop, SH.targetClass))


def test_pyshacls_advanced_mode_is_asked_for_only_by_shapes_that_use_it() -> None:
    """kgbuild's shapes use no SHACL Advanced Feature, so pySHACL runs without that mode (the
    verdicts above are the advanced mode's); shapes with a rule, a custom target or a function
    get it."""
    assert not advanced(shapes_written())
    node = URIRef("https://e.org/shape")
    for triple in [(node, SH.rule, BNode()), (node, SH.target, BNode()), (node, RDF.type, SH.SPARQLFunction)]:
        shapes = Graph()
        shapes += shapes_written()  # a copy: the shapes as written are read once for every test
        shapes.add(triple)
        assert advanced(shapes), triple


@pytest.mark.parametrize(
    "update",
    [None, *(u for _, _, u in CASES)],
    ids=["correct", *(f"{s}-{p}-{i}" for i, (s, p, _) in enumerate(CASES))],
)
def test_verdicts_are_pyshacls_on_the_shapes_as_written(
    correct: Graph, update: str | None, tmp_path: Path
) -> None:
    """In rdflib's memory store (``kgbuild validate``) and in an Oxigraph store (a build's units)."""
    data = correct if update is None else _updated(correct, update)
    whole = _pyshacl(data)
    assert _kgbuild(data) == whole
    assert _kgbuild_file(data, tmp_path) == whole
    assert update is None or not whole[0]
    focus = _every_other_subject(data)
    assert _kgbuild(data, focus) == _pyshacl(data, focus) == _kgbuild_file(data, tmp_path, focus)


def test_focus_nodes_are_the_targets_among_the_given_nodes(correct: Graph) -> None:
    flat = flat_shapes(shapes_written())
    person = next(iter(correct.subjects(RDF.type, URIRef("https://w3id.org/kgbuild/ontology#Person"))))
    shapes = focused(flat, correct, [str(person), "https://e.org/not-in-the-data"])
    named = {(s, o) for s, o in shapes.subject_objects(SH.targetNode)}
    assert named and {o for _, o in named} == {person}
    assert not set(shapes.subject_objects(SH.targetClass))


def test_a_prepared_graph_answers_as_a_graph_does(correct: Graph) -> None:
    query = sparql_prologue() + "SELECT ?label WHERE { $this rdfs:label ?label } ORDER BY ?label"
    prepared = PreparedGraph()
    for triple in correct:
        prepared.add(triple)
    for node in sorted(set(correct.subjects(RDF.type, None)), key=str)[:20]:
        bound = {"this": node}
        assert list(prepared.query(query, initBindings=bound)) == list(
            correct.query(query, initBindings=bound)
        )


TRICKY = r"""<https://e.org/a> <https://e.org/p> "quote \" backslash \\ newline \n tab \t"@ru .
<https://e.org/a> <https://e.org/p> "Ünïcödé \u00E9 \U0001F600 ё"@kk .
<https://e.org/a> <https://e.org/p> "plain" .
<https://e.org/a> <https://e.org/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
<https://e.org/a> <https://e.org/p> "2021-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .
<https://e.org/a> <https://e.org/p> _:b1 .
_:b1 <https://e.org/p> <https://e.org/\u00E9> .
"""


def _terms(graph: Graph) -> set[tuple[str, ...]]:
    """Triples with every term told apart as rdflib tells them (datatype and language kept)."""
    return {tuple(t.n3() if not isinstance(t, BNode) else "_" for t in triple) for triple in graph}


@pytest.mark.parametrize(
    "extra",
    [
        "",
        '<https://e.org/a> <https://e.org/p> "typed"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
        '<https://e.org/a> <https://e.org/p> "Capitals"@en-GB .\n',
        "<https://e.org/a%zz> <https://e.org/p> <https://e.org/c> .\n",
    ],
    ids=["plain", "xsd-string", "capital-language", "iri-pyoxigraph-refuses"],
)
def test_a_unit_batch_is_read_into_the_terms_rdflibs_parser_makes(
    correct: Graph, tmp_path: Path, extra: str
) -> None:
    path = tmp_path / "batch.nt"
    path.write_text(correct.serialize(format="nt") + TRICKY + extra, encoding="utf-8")
    expected = Graph().parse(path, format="nt")
    assert _terms(read_ntriples(str(path), Graph())) == _terms(expected)
    assert len(expected) > len(correct)


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
#: Objects of a triple added to a batch, and whether an Oxigraph store keeps the batch's terms.
OBJECTS = {
    "plain": (None, True),
    "integer": (f'"-12"^^<{XSD_NS}integer>', True),
    "date": (f'"2021-10-14"^^<{XSD_NS}date>', True),
    "other-datatype": ('"x"^^<https://e.org/own-type>', True),
    "xsd-string": (f'"typed"^^<{XSD_NS}string>', False),
    "capital-language": ('"Capitals"@en-GB', False),
    "integer-not-canonical": (f'"-0"^^<{XSD_NS}integer>', False),
    "boolean": (f'"1"^^<{XSD_NS}boolean>', False),
    "decimal": (f'"1.50"^^<{XSD_NS}decimal>', False),
    "date-with-zone": (f'"2021-10-14Z"^^<{XSD_NS}date>', False),
    "date-no-day": (f'"2021-13-45"^^<{XSD_NS}date>', False),
    "boolean-canonical": (f'"false"^^<{XSD_NS}boolean>', True),
    "any-uri": (f'"https://e.org/a b?c=d"^^<{XSD_NS}anyURI>', True),
    "any-uri-non-ascii": (f'"https://e.org/é\u2028ё"^^<{XSD_NS}anyURI>', True),  # U+2028 as it is
    "datatype-escaped": ('"1.0"^^<http://www.w3.org/2001/XMLSchema\\u0023decimal>', False),
    "any-uri-escaped": (f'"https://e.org/\\u00E9"^^<{XSD_NS}anyURI>', False),
    "lookalike-in-a-literal": (f'"a \\"7\\"^^<{XSD_NS}integer>"', False),
    "iri-pyoxigraph-refuses": ("<https://e.org/a%zz>", False),
}


@pytest.mark.parametrize(("obj", "kept"), OBJECTS.values(), ids=OBJECTS.keys())
def test_a_unit_batch_goes_to_an_oxigraph_store_only_with_its_terms_as_written(
    tmp_path: Path, obj: str | None, kept: bool
) -> None:
    """An Oxigraph store writes an XML Schema literal in canonical form ("007" is "7"; "1" and
    "true" one boolean), a language tag in small letters: a batch with such terms is judged in
    rdflib's store (``None``); one read into a store has the terms rdflib's parser makes."""
    path = tmp_path / "batch.nt"
    canonical = TRICKY.replace('"007"', '"7"').replace('"2021-13-45"', '"2021-12-25"')
    extra = f"<https://e.org/a> <https://e.org/p> {obj} .\n" if obj else ""
    path.write_text(canonical + extra, encoding="utf-8")
    store = read_store(str(path))
    assert (store is not None) == kept
    if store is not None:
        expected = Graph().parse(path, format="nt")
        written = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
        assert _terms(Graph().parse(data=written, format="nt")) == _terms(expected)


def test_a_node_typed_by_a_literal_is_judged_in_a_store_as_in_rdflibs(tmp_path: Path) -> None:
    """A literal cannot be a subject in a store: what a graph answers about one (nothing) the
    store's view answers too, where pyoxigraph would refuse the question."""
    path = tmp_path / "batch.nt"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    path.write_text(f'<https://e.org/p1> {rdf_type} "Person" .\n', encoding="utf-8")
    assert read_store(str(path)) is not None
    focus = ["https://e.org/p1"]
    expected = validate_graph(read_ntriples(str(path), Graph()), focus=focus)
    assert validate_file(str(path), focus).violations == expected.violations


SHAPES_PROLOGUE = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
)


@pytest.mark.parametrize(
    ("shape", "unfit"),
    [
        ('[] sh:path <https://e.org/p> ; sh:in ( <https://e.org/x> "a" ) ; sh:message "m" .', True),
        ('[] sh:path <https://e.org/p> ; sh:hasValue "a"^^xsd:string ; sh:message "m" .', True),
        ('[] sh:path <https://e.org/p> ; sh:minInclusive "a" ; sh:message "m" .', True),
        (
            '[] sh:sparql [ sh:select "SELECT $this WHERE { $this ?p \\"a\\"^^xsd:string }" ; sh:message "m" ] .',
            True,
        ),
        ("[] sh:path <https://e.org/p> ; sh:in ( <https://e.org/x> ) .", True),  # pySHACL's message
        ("<https://e.org/c> a sh:ConstraintComponent .", True),
        ('[] sh:path <https://e.org/p> ; sh:in ( "a"@ru "1"^^xsd:integer ) ; sh:message "m" .', False),
        ('[] sh:path <https://e.org/p> ; sh:languageIn ( "ru" ) ; sh:message "m" .', False),
        ('[] sh:path <https://e.org/p> ; sh:minInclusive 0 ; sh:message "m" .', False),
    ],
    ids=[
        "in",
        "has-value-xsd-string",
        "bound",
        "query-xsd-string",
        "no-message",
        "component",
        "in-typed",
        "language-in",
        "bound-integer",
    ],
)
def test_shapes_that_judge_otherwise_on_a_store_keep_batches_out_of_stores(shape: str, unfit: bool) -> None:
    """pySHACL's Oxigraph backend gives a plain literal as "a"^^xsd:string: a shape comparing
    values with a string would judge otherwise than on rdflib's store, and a message pySHACL
    writes itself would name the value otherwise."""
    shapes = Graph().parse(data=SHAPES_PROLOGUE + shape, format="turtle")
    assert judged_otherwise_in_a_store(shapes) is unfit


def test_a_batch_goes_to_a_store_only_with_shapes_fit_for_one(
    correct: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not judged_otherwise_in_a_store(shapes_written())
    path = tmp_path / "batch.nt"
    path.write_text(correct.serialize(format="nt"), encoding="utf-8")
    stores: list[object] = []
    real = shacl.read_store
    monkeypatch.setattr(shacl, "read_store", lambda *args: stores.append(real(*args)) or stores[-1])
    expected = validate_file(str(path)).violations
    assert len(stores) == 1 and stores[0] is not None  # judged in a store
    monkeypatch.setattr(shacl, "_unfit_for_stores", lambda: True)
    assert validate_file(str(path)).violations == expected and len(stores) == 1  # not asked again
