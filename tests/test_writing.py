"""OUT/graph.nq is written line by line from the converters' triples (:func:`nt_line`), byte for
byte what rdflib's N-Triples serializer wrote through an rdflib graph: on every golden case, on a
synthetic corpus and on any triple (hypothesis), with any characters in its literals."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.building.pipeline import build
from kgbuild.converters import context, graphs
from kgbuild.facts import Evidence
from kgbuild.iris import DEFAULT_BASE, Minter, segment
from kgbuild.linking import link
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.outdir import output
from kgbuild.outdir.layout import NQUADS, STORE
from kgbuild.outdir.output import OutputWriter, load_dataset, nt_line
from tests.conftest import ROOT, synthetic_corpus
from tests.golden import case_docs

CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if p.is_dir())


def _rdflib_lines(triples: list[tuple[Node, Node, Node]], iri: URIRef) -> list[str]:
    """How OutputWriter.graph wrote a graph before: through an rdflib graph and its serializer."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    lines = sorted({line for line in graph.serialize(format="nt").splitlines() if line.strip()})
    return [f"{line[:-1].rstrip()} <{iri}> .\n" for line in lines]


def test_every_golden_case_is_written_as_rdflib_wrote_it(tmp_path: Path) -> None:
    assert len(CASES) >= 9
    for case in CASES:
        docs, options = case_docs(case)
        ctx = context(str(options.get("base", DEFAULT_BASE)), link(docs))
        writer = OutputWriter(tmp_path / case.name)
        for iri, graph in graphs(sorted(docs, key=lambda d: d.document.id), ctx):
            triples = list(graph)
            assert writer.graph(iri, iter(triples)) == _rdflib_lines(triples, iri), (case.name, iri)
        writer.abort()


def test_a_synthetic_corpus_is_written_as_rdflib_wrote_it(tmp_path: Path) -> None:
    out = build([synthetic_corpus(tmp_path / "corpus", 12)], tmp_path / "out", validate=False).out
    lines = (out / NQUADS).read_text(encoding="utf-8").split("\n")[:-1]
    blocks = groupby((line + "\n" for line in lines), key=lambda line: line.rsplit(" ", 2)[1])
    for name, block in blocks:  # graph by graph (the entities graph in one part, at this size)
        written = list(block)
        dataset = Dataset().parse(data="".join(written), format="nquads")
        iri = URIRef(name[1:-1])
        assert written == _rdflib_lines(list(dataset.graph(iri)), iri), name
    assert len(lines) > 1000


MINTER = Minter()
iris = st.builds(MINTER.entity, st.sampled_from(["person", "event"]), st.text())
literals = st.one_of(
    st.builds(Literal, st.text()),
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(), st.sampled_from(["ru", "en", "kk", "en-GB"])),
    st.builds(lambda n: Literal(n, datatype=XSD.integer), st.integers()),
    st.builds(lambda t: Literal(t, datatype=XSD.string), st.text()),
)
triples = st.tuples(st.one_of(iris, st.builds(BNode)), iris, st.one_of(iris, literals))


@settings(max_examples=300, deadline=None)
@given(st.lists(triples, max_size=8))
def test_any_triple_is_written_as_rdflibs_serializer_writes_it(found: list[tuple[Node, Node, Node]]) -> None:
    graph = Graph()
    for triple in found:
        graph.add(triple)
    rows = [row for row in graph.serialize(format="nt").split("\n") if row]  # "\n" ends a row
    assert sorted(nt_line(t) for t in graph) == sorted(rows)


def test_a_literal_with_a_line_separator_stays_on_its_line(tmp_path: Path) -> None:
    """U+2028, U+0085, form feed…: rdflib writes them as they are, and splitting its output with
    str.splitlines() used to cut such a quad in pieces that no parser reads."""
    iri = URIRef(f"{DEFAULT_BASE}graph/d")
    text = Literal("строка\u2028вторая\x85третья\x0cчетвёртая", lang="ru")
    writer = OutputWriter(tmp_path)
    lines = writer.graph(iri, [(MINTER.entity("person", "p"), URIRef("https://e.org/p"), text)])
    writer.close({}, [])
    assert len(lines) == 1 and (tmp_path / NQUADS).read_text(encoding="utf-8") == lines[0]
    assert text in {o for _, _, o, _ in load_dataset(tmp_path).quads((None, None, None, None))}


@given(st.text())
def test_a_segment_keeps_word_characters_and_marks_and_encodes_each_other_character(text: str) -> None:
    def one(c: str) -> str:
        return c if re.fullmatch(r"[\w.~-]", c) else quote(c, safe="")

    assert segment(text) == "".join(one(c) for c in text)


def test_the_store_holds_the_quads_written_a_blank_node_one_node_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "STORE_BATCH", 2)
    lines = [
        "_:b1 <https://e.org/p> <https://e.org/o> <https://e.org/g> .\n",
        '<https://e.org/s> <https://e.org/p> "x"@ru <https://e.org/g> .\n',
        '<https://e.org/s> <https://e.org/q> "строка\u2028вторая" <https://e.org/g> .\n',
        "_:b1 <https://e.org/q> <https://e.org/o> <https://e.org/g> .\n",
    ]
    (tmp_path / NQUADS).write_text("".join(lines), encoding="utf-8")
    output.write_store(tmp_path, tmp_path / NQUADS)
    store = ox.Store.read_only(str(tmp_path / STORE))
    graph = ox.NamedNode("https://e.org/g")
    found = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.quads_for_pattern(None, None, None, graph)
    }
    expected = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(input="".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    }
    assert found == expected and len({s for s, _, _ in found}) == 2


def test_the_store_a_writer_loads_as_it_writes_holds_its_quads_a_blank_node_one_node_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is loaded in a thread, batch by batch, while the graphs are written."""
    monkeypatch.setattr(output, "STORE_BATCH", 2)
    writer = OutputWriter(tmp_path)
    node, p, g = BNode("b1"), URIRef("https://e.org/p"), URIRef("https://e.org/g")
    writer.graph(g, [(node, p, Literal(str(i))) for i in range(3)])
    writer.graph(URIRef("https://e.org/h"), [(URIRef("https://e.org/s"), p, Literal("строка\u2028вторая"))])
    writer.graph(g, [(node, URIRef("https://e.org/q"), URIRef("https://e.org/o"))])
    writer.close({}, [])
    store = ox.Store.read_only(str(tmp_path / STORE))
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    data = {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in store
        if q.graph_name != ontology
    }
    written = (tmp_path / NQUADS).read_bytes()
    expected = {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in ox.parse(input=written, format=ox.RdfFormat.N_QUADS)
    }
    assert data == expected and len(data) == 5
    assert len({s for s, _, _, graph in data if graph == "<https://e.org/g>"}) == 1
    assert any(True for _ in store.quads_for_pattern(None, None, None, ontology))


def test_a_writer_that_stops_half_way_closes_its_store(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.graph(
        URIRef("https://e.org/g"), [(URIRef("https://e.org/s"), URIRef("https://e.org/p"), Literal("x"))]
    )
    writer.abort()
    store = ox.Store(str(tmp_path / STORE))  # the loader let it go: it opens for writing again
    assert not any(True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_IRI)))


@settings(max_examples=30, deadline=None)
@given(
    keys=st.lists(st.text(min_size=1), min_size=1, max_size=5),
    text=st.text(),
    lang=st.sampled_from(["ru", "kk", "en", "kk-Cyrl", "zh-Hant-TW"]),
    base=st.sampled_from([DEFAULT_BASE, "https://пример.рф/граф/", "http://127.0.0.1:8080/kg/"]),
)
def test_the_store_a_build_loads_without_oxigraphs_checks_holds_what_a_checked_load_would(
    tmp_path_factory: pytest.TempPathFactory, keys: list[str], text: str, lang: str, base: str
) -> None:
    """The build loads its own lines leniently (its IRIs minted under a checked base, its language
    tags checked as read): every IRI and literal comes out as Oxigraph's checking parser reads it."""
    folder = tmp_path_factory.mktemp("lenient")
    minter = Minter(base)
    label, typed = Literal(text, lang=lang), Literal(text, datatype=XSD.string)
    triples = [(minter.entity("person", key), URIRef(f"{base}p"), o) for key in keys for o in (label, typed)]
    writer = OutputWriter(folder)
    span = minter.evidence(Evidence(keys[-1], 0, len(text), text))
    writer.graph(minter.graph(keys[0]), [*triples, (span, URIRef(f"{base}q"), label)])
    writer.close({}, [])
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    stored = {q for q in ox.Store.read_only(str(folder / STORE)) if q.graph_name != ontology}
    checked = set(ox.parse(path=str(folder / NQUADS), format=ox.RdfFormat.N_QUADS))
    assert stored == checked and len(checked) == 2 * len(set(keys)) + 1


@given(key=st.text(), doc=st.text(min_size=1))
def test_iris_minted_again_are_the_iris_of_their_base(key: str, doc: str) -> None:
    """Entity and document IRIs are remembered once made: under each base its own."""
    for base in (DEFAULT_BASE, "https://data.example.kz/граф/", DEFAULT_BASE):
        minter = Minter(base)
        entity = f"{base}person/{'/'.join(segment(p) for p in key.split('/'))}"
        assert minter.entity("person", key) == URIRef(entity) == minter.entity("person", key)
        assert minter.document(doc) == URIRef(f"{base}document/{segment(doc)}")
        assert minter.evidence(Evidence(doc, 1, 2, "x")) == URIRef(f"{base}document/{segment(doc)}#char=1,2")
