"""Rebuilds: nothing changed → nothing done; one document changed → only it extracted, the output
as a fresh build would write it; removed documents dropped; an interrupted build resumed."""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph

from kgbuild.building.pipeline import build
from kgbuild.extract import NewsExtractor
from kgbuild.facts import DocumentFacts
from kgbuild.ontology.namespace import KG
from kgbuild.outdir.cache import BuildCache
from kgbuild.outdir.layout import NQUADS
from kgbuild.outdir.output import load_dataset, union
from kgbuild.validation import cut as unitcut
from kgbuild.validation import units as revalidate
from kgbuild.validation.cut import chunks, splittable
from kgbuild.validation.processes import Workers
from kgbuild.validation.shacl import ValidationReport, Violation, validate_graph
from kgbuild.validation.units import Validator
from tests.conftest import synthetic_corpus

pytestmark = pytest.mark.slow
OUTPUTS = (NQUADS, "graph.trig", "merges.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("synthetic"), 8)


def same_output(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in OUTPUTS)


def test_a_rebuild_with_nothing_changed_leaves_the_output_as_it_is(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out)
    assert first.extracted == 8 and not first.up_to_date
    stamp = (out / NQUADS).stat().st_mtime_ns
    again = build([corpus], out)
    assert (
        again.up_to_date and "is up to date" in again.summary() and "Validation: conforms." in again.summary()
    )
    assert (out / NQUADS).stat().st_mtime_ns == stamp
    assert (again.documents, again.facts, again.quads) == (first.documents, first.facts, first.quads)
    changed = build([corpus], out, base="https://data.example.gov/kg/")  # a setting is an input too
    assert not changed.up_to_date and changed.extracted == 0  # the facts are the same: all cached


def test_a_changed_document_is_the_only_one_extracted_and_the_output_is_as_fresh(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build([corpus], out)
    edited = tmp_path / "edited"
    shutil.copytree(corpus, edited)
    one = sorted(edited.glob("*.txt"))[2]
    one.write_text(
        one.read_text(encoding="utf-8") + "\nС докладом выступил аким Павлодарской области Ерлан Сапаров.\n",
        encoding="utf-8",
    )
    removed = sorted(edited.glob("*.txt"))[5]
    removed.unlink()
    report = build([edited], out)
    assert report.extracted == 1 and report.documents == 7
    assert f"{7 - 1} from the cache" in report.summary()
    fresh = build([edited], tmp_path / "fresh")
    assert same_output(out, tmp_path / "fresh")
    assert f"graph/{removed.stem}>" not in (out / NQUADS).read_text(encoding="utf-8")
    assert report.validation is not None and report.validation.conforms == fresh.validation.conforms  # type: ignore[union-attr]
    entries = list((out / "cache" / "facts").glob("*/*.jsonl"))
    assert len(entries) == 7  # the removed and the replaced documents' entries are gone


class Interrupted(NewsExtractor):
    """The built-in extractor, stopped (as by Ctrl+C) when it reaches its third document."""

    def __init__(self) -> None:
        self.seen = 0

    def extract(self, source: object) -> DocumentFacts:
        self.seen += 1
        if self.seen == 3:
            raise KeyboardInterrupt
        return super().extract(source)  # type: ignore[arg-type]


def test_an_interrupted_build_keeps_the_old_output_and_resumes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out, extractor=None, curated=False, validate=False)  # an older build
    before = (out / NQUADS).read_bytes()
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, extractor=Interrupted())
    assert (out / NQUADS).read_bytes() == before  # readers still see the old build
    assert not list(tmp_path.glob(".out.partial-*"))
    resumed = build([corpus], out)
    assert resumed.extracted == 8 - 2  # the two documents extracted before the stop came from the cache
    assert same_output(out, build([corpus], tmp_path / "fresh").out)


def test_a_damaged_cache_entry_is_extracted_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out)
    entry = sorted((out / "cache" / "facts").glob("*/*.jsonl"))[0]
    entry.write_text('{"type": "document", "id"', encoding="utf-8")
    (corpus / "touch.md").write_text("# новое\n\nничего\n", encoding="utf-8")  # so the build is not skipped
    try:
        report = build([corpus], out)
    finally:
        (corpus / "touch.md").unlink()
    assert report.extracted == 2 and report.documents == 9


def test_validation_is_redone_only_for_units_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []  # lines of each batch validated
    real = revalidate.validate_file

    def counting(path: str, focus: list[str] | None = None) -> ValidationReport:
        calls.append(len(Path(path).read_text(encoding="utf-8").splitlines()))
        return real(path, focus)

    monkeypatch.setattr(revalidate, "validate_file", counting)
    doc = "<https://e.org/kg/person/p{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kgbuild/ontology#Person> <https://e.org/kg/graph/d{n}> .\n"
    label = '<https://e.org/kg/person/p{n}> <http://www.w3.org/2004/02/skos/core#prefLabel> "P {n}"@ru <https://e.org/kg/graph/entities> .\n'
    cache = BuildCache(tmp_path / "cache")

    def run(names: list[str]) -> set[tuple[str, str]]:
        validator = Validator(cache)
        validator.entities(label.format(n=n) for n in names)
        for n in names:
            validator.document(f"d{n}", [doc.format(n=n)])
        report = validator.finish()
        return {(v.focus.rsplit("/", 1)[1], v.path) for v in report.violations}

    first = run(["1", "2", "3"])
    assert len(calls) == 1 and {n for n, _ in first} == {"p1", "p2", "p3"}  # no family name, no source …
    assert ("p1", "kg:familyName") in first
    assert run(["1", "2", "3"]) == first and len(calls) == 1  # all from the cache: no validation run
    third = run(["1", "2", "4"])
    assert {n for n, _ in third} == {"p1", "p2", "p4"} and len(calls) == 2
    assert calls[1] < calls[0]  # only the changed unit was validated


def test_entity_nodes_are_cut_into_units_by_content() -> None:
    nodes = [f"<https://e.org/kg/merge/m{n:05}>" for n in range(3000)]
    units = list(chunks(nodes))
    assert len(units) > 3 and [n for unit in units for n in unit] == nodes
    without_one = nodes[:1500] + nodes[1501:]
    changed = [unit for unit in chunks(without_one) if unit not in units]
    assert len(changed) == 1 and nodes[1500] not in changed[0]  # the rest keep their cache keys


def _validated_by_units(
    validator: Validator, graphs: dict[str, list[str]], entities: str
) -> ValidationReport:
    """What ``validator`` finds in ``graphs``, given as a build gives them: the entities graph
    first, in parts, then each document's graph."""
    for start in range(0, len(graphs[entities]), 3):
        validator.entities(graphs[entities][start : start + 3])
    for name, lines in sorted(graphs.items()):
        if name != entities:
            validator.document(name, lines)
    return validator.finish()


@pytest.mark.parametrize("slice_lines", [unitcut.SLICE_LINES, 2])
def test_units_find_what_whole_graph_validation_finds(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slice_lines: int
) -> None:
    out = build([corpus], tmp_path / "out", validate=False).out
    graphs: dict[str, list[str]] = defaultdict(list)
    for line in (out / NQUADS).read_text(encoding="utf-8").splitlines():
        graphs[line.rsplit(" ", 2)[1]].append(line + "\n")
    entities = next(name for name in graphs if name.endswith("/graph/entities>"))
    # Damage: a merge record without its reason; a mention span a merge record points to, untyped
    # in its document's graph; a person without a label in the entities graph.
    reason = next(line for line in graphs[entities] if "#mergeReason>" in line)
    mention = next(line for line in graphs[entities] if "#mergedMention>" in line).split(" ")[2]
    label = next(
        line for line in graphs[entities] if "/person/" in line.split(" ")[0] and "#prefLabel>" in line
    )
    for name, lines in graphs.items():
        graphs[name] = [
            line
            for line in lines
            if line not in (reason, label) and not (line.startswith(mention + " ") and "#type>" in line)
        ]
    monkeypatch.setattr(unitcut, "CHUNK_NODES", 2)  # many small entity units
    monkeypatch.setattr(revalidate, "BATCH_QUADS", 500)  # and many batches
    monkeypatch.setattr(unitcut, "SLICE_LINES", slice_lines)  # merge records in slices, or whole
    sliced: list[str] = []
    real_slices = unitcut.slices

    def spy(lines: list[str]) -> list[list[str]] | None:
        parts = real_slices(lines)
        sliced.extend([unitcut.subject(lines[0])] if parts else [])
        return parts

    monkeypatch.setattr(unitcut, "slices", spy)
    validator = Validator(None, jobs=2)
    by_units = _validated_by_units(validator, graphs, entities)
    whole = Graph().parse(
        data="".join(line.rsplit(" ", 2)[0] + " .\n" for ls in graphs.values() for line in ls), format="nt"
    )
    expected = validate_graph(whole)

    def found(report: ValidationReport) -> set[tuple[str, str, str]]:
        return {(str(v.focus), v.path, v.message) for v in report.violations}

    assert len(validator.batches) > 2
    assert all("/merge/" in node for node in sliced) and (len(sliced) > 3) == (slice_lines == 2)
    assert found(by_units) == found(expected)
    messages = {message for _, _, message in found(by_units)}
    assert any("kg:mergeReason" in m for m in messages) and any("kg:Evidence" in m for m in messages)
    assert len(found(by_units)) >= 3


def test_only_values_the_shapes_judge_one_by_one_are_validated_in_slices() -> None:
    found = splittable()
    assert found[f"<{KG.mergedMention}>"] == 2  # sh:class each, sh:minCount 2
    assert f"<{KG.mergedEntity}>" not in found  # sh:maxCount 1: all values must be seen at once
    assert f"<{KG.capacity}>" not in found  # read by a SPARQL constraint


def test_the_units_files_are_removed_when_validation_ends_or_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    line = '<https://e.org/kg/person/p> <http://www.w3.org/2004/02/skos/core#prefLabel> "P"@ru <https://e.org/kg/graph/entities> .\n'
    typed = "<https://e.org/kg/person/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kgbuild/ontology#Person> <https://e.org/kg/graph/entities> .\n"
    finished = Validator(None)
    finished.entities([line, typed])
    assert finished.finish().violations and list(tmp_path.iterdir()) == []
    stopped = Validator(None)
    stopped.entities([line])
    assert list(tmp_path.iterdir())
    stopped.close()
    assert list(tmp_path.iterdir()) == []


def test_units_of_the_entities_graph_judge_only_their_own_nodes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nodes an entity unit points to come with their types only; pySHACL is not asked to judge
    them (each would fail for want of the rest of its statements, only to be thrown away)."""
    out = build([corpus], tmp_path / "out", validate=False).out
    graphs: dict[str, list[str]] = defaultdict(list)
    for line in (out / NQUADS).read_text(encoding="utf-8").splitlines():
        graphs[line.rsplit(" ", 2)[1]].append(line + "\n")
    entities = next(name for name in graphs if name.endswith("/graph/entities>"))
    judged: list[tuple[int, int]] = []  # (nodes asked about, violations) per pySHACL run
    real = revalidate.validate_file

    def spy(path: str, focus: list[str] | None = None) -> ValidationReport:
        report = real(path, focus)
        judged.append((len(focus or ()), len(report.violations)))
        return report

    monkeypatch.setattr(revalidate, "validate_file", spy)
    validator = Validator(None)
    report = _validated_by_units(validator, graphs, entities)
    assert report.conforms and len(judged) == 2  # the documents' units, then the entities graph's
    assert judged[0] == (0, 0)  # documents: every node theirs
    assert judged[1][0] > 10 and judged[1][1] == 0  # merge records: only they are judged


@pytest.mark.parametrize("given", [False, True], ids=["its own processes", "the build's processes"])
def test_full_batches_are_validated_while_the_build_goes_on_putting_units_together(
    given: bool, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With processes of its own, a validator validates each batch of documents as it fills up;
    with the build's, which convert the documents meanwhile, from start() on, every batch in
    order: the verdicts are those of one process, all at the end."""
    out = build([corpus], tmp_path / "out", validate=False).out
    graphs: dict[str, list[str]] = defaultdict(list)
    for line in (out / NQUADS).read_text(encoding="utf-8").splitlines():
        if "#prefLabel>" not in line or "/person/" not in line:  # people without labels: violations
            graphs[line.rsplit(" ", 2)[1]].append(line + "\n")
    entities = next(name for name in graphs if name.endswith("/graph/entities>"))
    monkeypatch.setattr(revalidate, "BATCH_QUADS", 300)
    workers = Workers(2) if given else None
    try:
        overlapping = Validator(None, jobs=2, pool=workers)
        overlapping.entities(graphs[entities])
        for name, lines in sorted(graphs.items()):
            if name != entities:
                overlapping.document(name, lines)
        before = len(overlapping._running)
        assert (before == 0) == given and len(overlapping.batches) > 3
        overlapping.start()
        assert len(overlapping._running) > before  # the rest, and the entities graph's, after it
        report = overlapping.finish()
    finally:
        if workers is not None:
            workers.stop()
    alone = _validated_by_units(Validator(None), graphs, entities)  # one process, all at the end

    def seen(found: ValidationReport) -> list[Violation]:  # a property shape is a blank node, named
        return [replace(v, shape="") for v in found.violations]  # anew in each process

    assert report.violations and seen(report) == seen(alone)


def test_a_unit_whose_node_a_later_document_types_is_validated_again_with_that_type(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An event's place known from another report: the unit of the report that names the event
    alone holds the place's type only once that report is given; validated earlier, the place
    would be no kg:Place (sh:class). The verdicts are those of the whole graph, with one process
    and with two, whose first batches are validated before the last document comes."""
    base, kg, graph = "https://e.org/kg/", str(KG), "<https://e.org/kg/graph/{}>"
    event, place = f"<{base}event/e>", f"<{base}place/p>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def doc(name: str, *extra: str) -> list[str]:
        node, g = f"<{base}document/{name}>", graph.format(name)
        return [
            f'{node} <{kg}fileName> "{name}.txt" {g} .\n',
            f"{node} {rdf_type} <{kg}Document> {g} .\n",
            *(f"{line} {g} .\n" for line in extra),
        ]

    entities = [
        f"{event} <{kg}place> {place} {graph.format('entities')} .\n",
        f'{event} <http://www.w3.org/2004/02/skos/core#prefLabel> "E"@ru {graph.format("entities")} .\n',
    ]
    graphs = {
        graph.format("entities"): entities,
        graph.format("a"): doc("a", f"{event} {rdf_type} <{kg}Event>"),  # names the event alone
        graph.format("b"): doc(
            "b",
            f"{place} {rdf_type} <{kg}Place>",
            f'{place} <http://www.w3.org/2000/01/rdf-schema#label> "P"@ru',
        ),
    }
    whole = Graph().parse(
        data="".join(line.rsplit(" ", 2)[0] + " .\n" for ls in graphs.values() for line in ls), format="nt"
    )
    expected = {(v.focus, v.path, v.message) for v in validate_graph(whole).violations}
    assert not any("kg:place" in path for _, path, _ in expected)  # the place is a kg:Place
    monkeypatch.setattr(revalidate, "BATCH_QUADS", 2)  # a batch a document
    cache = BuildCache(tmp_path / "cache")
    runs = [Validator(None), Validator(None, jobs=2), Validator(cache), Validator(cache)]
    for validator in runs:
        report = _validated_by_units(validator, graphs, graph.format("entities"))
        assert {(v.focus, v.path, v.message) for v in report.violations} == expected
    assert runs[2].batches and not runs[3].batches  # again: every unit (the remade one too) cached


def _validated(report: object) -> set[tuple[str, str, str, str]]:
    validation = report.validation  # type: ignore[attr-defined]
    assert validation is not None
    return {(v.focus, v.path, v.message, v.value) for v in validation.violations}


def test_an_incremental_build_reports_what_a_fresh_build_and_validate_report(tmp_path: Path) -> None:
    """Adds, changes and removals, each built into the same OUT (units from the cache) and afresh
    (no cached validation): the reports are the same, and are what whole-graph validation finds.
    A report whose event's place is named only by another report is validated without that one
    when only it changed: the place's type must come with its unit all the same."""
    from tests.conftest import EXAMPLE, ROOT

    genre = ROOT / "tests" / "corpus" / "genre"
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    review = corpus / "e_conference_review.txt"
    steps: list[tuple[str, list[Path], list[str]]] = [
        ("first", [EXAMPLE / "000_ecf5c2834d24bb97.txt", genre / "c_conference_almaty.txt", genre / "e_conference_review.txt"], []),
        ("one changed", [], []),
        ("two added", [genre / "d_session_astana.txt", EXAMPLE / "001_bf77756acbf7d79d.txt"], []),
        ("one removed", [], ["c_conference_almaty.txt"]),
        ("another removed", [], ["000_ecf5c2834d24bb97.txt"]),
    ]  # fmt: skip
    for step, (name, added, removed) in enumerate(steps):
        for path in added:
            shutil.copy(path, corpus / path.name)
        for file in removed:
            (corpus / file).unlink()
        if name == "one changed":
            review.write_text(
                review.read_text(encoding="utf-8")
                + "\nВ работе конференции участвовал аким Павлодарской области "
                "Ерлан Сапаров.\n",
                encoding="utf-8",
            )
        incremental = build([corpus], out)
        fresh_out = tmp_path / f"fresh-{step}"
        fresh_out.mkdir()
        shutil.copytree(out / "cache" / "facts", fresh_out / "cache" / "facts")  # facts, not verdicts
        shutil.copy(out / "cache" / "CACHEDIR.TAG", fresh_out / "cache" / "CACHEDIR.TAG")
        fresh = build([corpus], fresh_out)
        assert fresh.extracted == 0 and same_output(out, fresh_out), name
        whole = validate_graph(union(load_dataset(out)))
        expected = {(v.focus, v.path, v.message, v.value) for v in whole.violations}
        assert _validated(incremental) == _validated(fresh) == expected, name
