"""Converting: deterministic output, IRIs under the chosen base, provenance on every node."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kgbuild.building.pipeline import build
from kgbuild.converters import context, convert, entities_parts
from kgbuild.errors import KgbuildError
from kgbuild.iris import DEFAULT_BASE, Minter, segment
from kgbuild.linking import link
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.layout import MANIFEST
from kgbuild.outdir.output import NQUADS, TRIG, OutputWriter, load_dataset
from tests.conftest import CASES, EXAMPLE
from tests.golden import case_docs

BUILD = """
import sys
from kgbuild.building.pipeline import build
build([sys.argv[1]], sys.argv[2], extractor=None, validate=False)
"""


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", BUILD, str(EXAMPLE), str(out)], check=True, env=env)


def test_the_same_input_gives_byte_identical_output_across_runs(tmp_path: Path) -> None:
    _build_in_subprocess(tmp_path / "one", "1")
    _build_in_subprocess(tmp_path / "two", "2")
    for name in (NQUADS, TRIG, "merges.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    manifests = [
        json.loads((tmp_path / run / MANIFEST).read_text(encoding="utf-8")) for run in ("one", "two")
    ]
    stages = [manifest.pop("timings") for manifest in manifests]  # the one thing that varies: seconds
    assert manifests[0] == manifests[1]
    assert list(stages[0]) == ["extract", "link", "write", "store", "validate"]
    facts = sorted(p.name for p in (tmp_path / "one" / "facts").iterdir())
    for name in facts:
        assert (tmp_path / "one" / "facts" / name).read_bytes() == (
            tmp_path / "two" / "facts" / name
        ).read_bytes()
    lines = (tmp_path / "one" / NQUADS).read_text(encoding="utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[1] for line in lines]
    order = list(dict.fromkeys(graphs))  # graph by graph: the entities graph, then each document's
    assert order[0].endswith("graph/entities>") and order[1:] == sorted(order[1:])
    assert graphs == sorted(graphs, key=order.index)
    for graph in order:
        mine = [line for line in lines if line.endswith(f" {graph} .")]
        assert mine == sorted(mine), graph  # lines sorted within each graph


def test_iris_are_minted_under_the_chosen_base(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8765/kg/"
    build([EXAMPLE], tmp_path / "out", base=base, validate=False)
    dataset = load_dataset(tmp_path / "out")
    minted = {
        str(t)
        for q in dataset.quads((None, None, None, None))
        for t in q[:3]
        if isinstance(t, URIRef)
        and not str(t).startswith(
            ("http://www.w3.org", "https://w3id.org", "https://schema.org", "http://semanticweb")
        )
    }
    assert minted and all(iri.startswith(base) for iri in minted), sorted(
        i for i in minted if not i.startswith(base)
    )
    assert f"{base}person/saparbayev-b" in minted


@pytest.mark.parametrize(
    "base",
    [
        "ftp://example.org/",
        "https://example.org/kg",
        "not an iri/",
        "https://exa mple.org/",
        "https://e.org/%zz/",
        "https://e.org/kg#",
        "https://e.org/kg#x/",
    ],
)
def test_a_bad_base_is_refused_with_the_reason(base: str) -> None:
    with pytest.raises(KgbuildError, match="base IRI"):
        Minter(base)


def test_the_default_base_is_documented_in_the_readme() -> None:
    assert DEFAULT_BASE in (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")


def test_unsafe_characters_in_document_ids_are_percent_encoded() -> None:
    assert segment("отчёт 1/2#x") == "отчёт%201%2F2%23x"
    assert str(Minter().document("a b")) == f"{DEFAULT_BASE}document/a%20b"


def test_every_typed_node_of_a_document_graph_comes_from_that_document() -> None:
    docs, _ = case_docs(CASES / "taraz-2021")
    dataset = convert(docs)
    minter = Minter()
    for df in docs:
        graph = dataset.graph(minter.graph(df.document.id))
        doc = minter.document(df.document.id)
        for node, cls in graph.subject_objects(RDF.type):
            if cls in (KG.Document, KG.Evidence):
                continue
            assert (node, PROV.wasDerivedFrom, doc) in graph, node
            spans = list(graph.objects(node, KG.evidence))
            assert spans and all(str(s).startswith(f"{doc}#char=") for s in spans), node


def test_the_same_person_in_two_documents_is_minted_once() -> None:
    docs, _ = case_docs(CASES / "taraz-2021")
    dataset = convert(docs)
    people = {s for s, _, _, _ in dataset.quads((None, RDF.type, KG.Person, None))}
    assert URIRef(f"{DEFAULT_BASE}person/saparbayev-b") in people
    graphs = {
        str(g.identifier)
        for g in dataset.graphs()
        if (URIRef(f"{DEFAULT_BASE}person/saparbayev-b"), RDF.type, KG.Person) in g
    }
    assert len(graphs) == 2
    assert len(people) == 11


def test_trig_and_nquads_hold_the_same_quads_even_with_multi_line_quotes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.txt").write_text("Первая строка\nЭксперт А. Иванов\nсказал.\n", encoding="utf-8")
    (corpus / "x.facts.jsonl").write_text(
        '{"type": "person", "doc": "d", "id": "p", "name": "А. Иванов", "surname": "Иванов", '
        '"evidence": {"quote": "Эксперт А. Иванов\\nсказал"}}\n',
        encoding="utf-8",
    )
    build([corpus], tmp_path / "out", validate=False)
    from_trig, from_nq = Dataset(), load_dataset(tmp_path / "out")
    from_trig.parse(tmp_path / "out" / TRIG, format="trig")
    for graph in from_nq.graphs():
        assert isomorphic(graph, from_trig.graph(graph.identifier)), graph.identifier


def test_the_entities_graph_in_small_parts_is_the_whole_entities_graph() -> None:
    docs, _ = case_docs(CASES / "taraz-2021")
    ctx = context(DEFAULT_BASE, link(docs))
    whole = list(entities_parts(ctx, size=10**9))
    parts = list(entities_parts(ctx, size=3))
    assert len(whole) == 1 and len(parts) > 5
    joined = Graph()
    for part in parts:
        joined += part
    assert isomorphic(joined, whole[0])
    assert all(len(part) <= 3 for part in parts) and sum(map(len, parts)) == len(whole[0])  # none twice
    subjects = [set(part.subjects()) for part in parts]
    assert sum(map(len, subjects)) > len(set().union(*subjects))  # a merge record is cut across parts


@pytest.mark.parametrize("jobs", [1, 2], ids=["here", "in worker processes"])
def test_a_build_with_its_entities_graph_in_small_parts_is_the_same_build(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made here or by ranges of entities in the workers (a few at a time), the entities graph is
    cut into the same parts, whatever their size."""
    import kgbuild.converters
    from kgbuild.building import graphs

    whole = build([EXAMPLE], tmp_path / "whole")
    monkeypatch.setattr(kgbuild.converters, "PART_TRIPLES", 7)
    monkeypatch.setattr(graphs, "ENTITY_CHUNK", 3)  # mentions a range
    parts = build([EXAMPLE], tmp_path / "parts", jobs=jobs)
    written = [sorted((r.out / NQUADS).read_text(encoding="utf-8").splitlines()) for r in (whole, parts)]
    assert written[0] == written[1] and len(written[0]) > 500
    assert whole.validation is not None and parts.validation == whole.validation
    if jobs > 1:  # the parts themselves, line for line, as this process cuts them
        here = build([EXAMPLE], tmp_path / "here")
        assert (here.out / NQUADS).read_bytes() == (parts.out / NQUADS).read_bytes()


def test_a_graph_written_in_parts_is_written_whole_and_each_line_once(tmp_path: Path) -> None:
    docs, _ = case_docs(CASES / "taraz-2021")
    ctx = context(DEFAULT_BASE, link(docs))
    iri = ctx.minter.entities_graph()
    whole, parts = OutputWriter(tmp_path / "whole"), OutputWriter(tmp_path / "parts")
    one = [whole.graph(iri, part) for part in entities_parts(ctx, size=10**9)]
    many = [parts.graph(iri, part) for part in entities_parts(ctx, size=3)]
    assert len(one) == 1 and len(many) > 5 and all(lines == sorted(lines) for lines in many)
    whole.abort()
    parts.abort()
    written = [
        (w.folder / NQUADS).read_text(encoding="utf-8").splitlines(keepends=True) for w in (whole, parts)
    ]
    assert sorted(written[1]) == written[0] == one[0] and parts.quads == whole.quads == len(one[0])
