"""Export in every format, read back by kgbuild and by rdflib; the on-disk embedded store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kgbuild.outdir.output
from kgbuild.cli import main
from kgbuild.errors import InputError, OutputError
from kgbuild.ontology.codegen import CONTEXT
from kgbuild.ontology.context import CONTEXT_IRI, render_context, with_local_context
from kgbuild.ontology.namespace import KG
from kgbuild.ontology.terms import ontology_graph
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.outdir.layout import NQUADS
from kgbuild.outdir.output import load_dataset, write_store
from kgbuild.queries.saved import bind, saved_queries
from kgbuild.stores.embedded import open_store, rdflib_dataset, select
from kgbuild.stores.export import FORMATS, export

SUFFIX = {"rdfxml": "rdf"}
PARAMS = {
    "provenance": {"iri": "https://example.org/kg/person/saparbayev-b"},
    "evidence": {"document": "https://example.org/kg/document/001_bf77756acbf7d79d"},
}
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "rdfxml": "xml"}


@pytest.fixture(scope="module")
def exported(curated_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    files = {}
    for fmt in FORMATS:
        files[fmt] = folder / f"graph.{SUFFIX.get(fmt, fmt)}"
        result = CliRunner().invoke(
            main, ["export", str(curated_out), "--format", fmt, "-o", str(files[fmt])]
        )
        assert result.exit_code == 0, result.output
    return files


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def rows(store: ox.Store, name: str) -> list[tuple[str, ...]]:
    query = {**saved_queries(), **saved_queries(checks=True)}[name]
    result = select(store, query.body, bind(query, PARAMS.get(name, {})))
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_saved_query_answers_the_same_on_the_export_as_on_the_build(
    fmt: str, exported: dict[str, Path], curated_out: Path
) -> None:
    on_build, on_file = open_store([curated_out]), open_store([exported[fmt]])
    for name in {**saved_queries(), **saved_queries(checks=True)}:
        assert rows(on_file, name) == rows(on_build, name), name


@pytest.mark.parametrize("fmt", ["ttl", "nt", "rdfxml"])
def test_single_graph_formats_hold_the_union_of_the_named_graphs(
    fmt: str, exported: dict[str, Path], curated_out: Path
) -> None:
    parsed = Graph().parse(exported[fmt], format=RDFLIB_FORMAT[fmt])
    assert isomorphic(parsed, union(load_dataset(curated_out)))


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_dataset_formats_keep_one_graph_per_document(
    fmt: str, exported: dict[str, Path], curated_out: Path
) -> None:
    parsed = Dataset()
    parsed.parse(exported[fmt], format={"nq": "nquads"}.get(fmt, fmt))
    expected = load_dataset(curated_out)
    assert set(parsed.quads((None, None, None, None))) == set(expected.quads((None, None, None, None)))
    assert len({str(g) for *_, g in parsed.quads((None, None, None, None))}) == 3  # two documents + entities


def test_json_ld_is_compacted_with_the_published_context(curated_out: Path) -> None:
    text = export(curated_out, "jsonld", context_url=CONTEXT_IRI)
    document = json.loads(text)
    assert document["@context"] == CONTEXT_IRI
    assert text.count('"@context"') == 1  # no other context, no stray prefix declarations
    assert '"@type": "Person"' in text and '"holds": "https://example.org/kg/post/' in text
    assert '"familyName": {' in text and not re.search(r'"kg:\w+":', text)  # every term by its short name
    parsed = Dataset()
    parsed.parse(data=json.dumps(with_local_context(document)), format="json-ld")
    assert set(parsed.quads((None, None, None, None))) == set(
        load_dataset(curated_out).quads((None, None, None, None))
    )


def test_json_ld_embeds_its_context_and_parses_offline(
    exported: dict[str, Path], curated_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    import urllib.request

    def offline(*args: object, **kwargs: object) -> None:
        raise AssertionError("the JSON-LD export made its reader go online")

    monkeypatch.setattr(socket.socket, "connect", offline)
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    parsed = Dataset()
    parsed.parse(exported["jsonld"], format="json-ld")  # rdflib, as any JSON-LD processor would
    assert isomorphic(union(parsed), union(load_dataset(curated_out)))
    result = CliRunner().invoke(
        main,
        ["export", str(curated_out), "--format", "jsonld", "--context-url", "https://x.example/c.jsonld"],
    )
    assert json.loads(result.output)["@context"] == "https://x.example/c.jsonld"
    wrong = CliRunner().invoke(
        main, ["export", str(curated_out), "--format", "jsonld", "--context-url", "ctx"]
    )
    assert wrong.exit_code == 2 and "must be an http:// or https:// URL" in wrong.output


def test_the_published_context_is_the_generated_one() -> None:
    assert CONTEXT.read_text(encoding="utf-8") == render_context()
    assert with_local_context({"@context": [CONTEXT_IRI, {"x": "kg:x"}]})["@context"][1] == {"x": "kg:x"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(fmt: str, curated_out: Path) -> None:
    assert export(curated_out, fmt) == export(curated_out, fmt)


def test_export_to_stdout_and_its_errors(curated_out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["export", str(curated_out), "--format", "nq"])
    assert shown.exit_code == 0 and shown.output == (curated_out / NQUADS).read_text(encoding="utf-8")
    wrong = runner.invoke(main, ["export", str(curated_out), "--format", "n3"])
    assert wrong.exit_code == 2 and "'n3' is not one of" in wrong.output
    not_out = runner.invoke(main, ["export", str(tmp_path), "--format", "ttl"])
    assert not_out.exit_code == 2 and "build.json is missing" in not_out.output
    with pytest.raises(OutputError, match=r"build\.json is missing"):
        export(tmp_path, "ttl")


def test_a_build_keeps_its_graph_in_an_on_disk_store(curated_out: Path) -> None:
    store = open_store([curated_out])
    quads = (curated_out / NQUADS).read_text(encoding="utf-8").count("\n")
    assert len(store) == quads + len(ontology_graph())
    with pytest.raises(RuntimeError, match="read-write"):  # opened read-only: queries never change a build
        store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("read-only")))
    as_rdflib = rdflib_dataset(curated_out)
    assert sum(1 for _ in as_rdflib.quads((None, None, None, None))) == len(store)
    person = URIRef("https://example.org/kg/person/saparbayev-b")
    names = {str(o) for _, _, o, _ in as_rdflib.quads((person, KG.familyName, None, None))}
    assert names == {"Сапарбаев"}  # rdflib's API over the same store


def test_an_output_without_a_store_says_to_rebuild(curated_out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old"
    copy.mkdir()
    for name in ("build.json", NQUADS):
        (copy / name).write_bytes((curated_out / name).read_bytes())
    assert len(open_store([copy])) > 0  # loaded from graph.nq instead
    with pytest.raises(InputError, match="no on-disk store"):
        rdflib_dataset(copy)


def test_malformed_json_ld_names_the_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{\n  "@context": "x",\n  oops\n}', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonld:3:3: not JSON"):
        open_store([bad])
    latin = tmp_path / "latin.jsonld"
    latin.write_bytes('{"name": "Тараз"}'.encode("cp1251"))
    with pytest.raises(InputError, match="must be UTF-8"):
        open_store([latin])


def test_the_store_is_written_in_batches_that_keep_every_quad_and_blank_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kgbuild.outdir.output, "STORE_BATCH", 2)
    nquads = tmp_path / NQUADS
    nquads.write_text(
        "".join(f'_:b <https://example.org/p{i}> "{i}" <https://example.org/g{i % 2}> .\n' for i in range(7)),
        encoding="utf-8",
    )
    write_store(tmp_path, nquads)
    store = ox.Store.read_only(str(tmp_path / "store"))
    data = [q for q in store if q.graph_name != ox.NamedNode(ONTOLOGY_IRI)]
    assert len(data) == 7
    assert len({q.subject for q in data}) == 1  # one blank node, across the batches
