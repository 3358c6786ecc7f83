"""Cutting N-Quads lines into validation units: runs of bounded size, slices of many values."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgbuild.ontology.namespace import KG
from kgbuild.validation import cut
from kgbuild.validation.cut import bounded, iris, slices, subjects_and_objects
from kgbuild.validation.index import UnitIndex

G = "<https://e.org/kg/graph/entities>"
MERGE = "<https://e.org/kg/merge/person/a>"


def _line(s: str, p: str, o: str) -> str:
    return f"{s} <{p}> {o} {G} .\n"


def _record(mentions: int) -> list[str]:
    head = [
        _line(MERGE, str(KG.mergedEntity), "<https://e.org/kg/person/a>"),
        _line(MERGE, str(KG.mergeReason), '"same name"@en'),
    ]
    return head + [
        _line(MERGE, str(KG.mergedMention), f"<https://e.org/kg/document/d{n}#char=0,5>")
        for n in range(mentions)
    ]


def test_a_line_names_its_subject_and_an_iri_object_only() -> None:
    assert iris(_line("<s>", "p", "<o>")) == ["<s>", "<o>"]
    assert iris(_line("<s>", "p", '"a <b> c"@ru')) == ["<s>"]
    assert iris(_line("<s>", "p", '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')) == ["<s>"]


TOKENS = ["<s>", "<p>", "<o>", G, ".", "\n", '"a b"', '"x"^^<d>', "_:b", "<a b>", '"<x>"', ">", ""]


@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from([" ", "", "  "])), max_size=7))
def test_a_line_is_read_as_the_first_definition_read_it(tokens: list[tuple[str, str]]) -> None:
    line = "".join(token + gap for token, gap in tokens)
    parts = line.split(" ", 1)  # subject; then the predicate and object, graph name and " ." dropped
    rest = parts[1].rsplit(" ", 2)[0] if len(parts) > 1 else ""
    value = rest.split(" ", 1)[1] if " " in rest else ""
    assert iris(line) == ([parts[0], value] if value.startswith("<") and value.endswith(">") else [parts[0]])


SUBJECTS = ["<s>", "<https://e.org/a>", "_:b1", "<https://e.org/a\u00a0b>"]
OBJECTS = [
    "<o>",
    '"a <b> c"@ru',
    '"x"^^<d>',
    "_:b2",
    '"<x> <g> ."',
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>',
]


@given(st.lists(st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(OBJECTS)), max_size=8))
def test_the_nodes_of_many_lines_are_those_of_each_line(triples: list[tuple[str, str]]) -> None:
    lines = [_line(s, "p", o) for s, o in triples]
    subjects, objects = subjects_and_objects(lines)
    assert subjects == {iris(line)[0] for line in lines}
    assert objects == {node for line in lines for node in iris(line)[1:]}


def test_runs_of_nodes_stay_under_the_bound_and_keep_every_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cut, "SLICE_LINES", 5)
    lines = {f"n{i}": ["x"] * size for i, size in enumerate([2, 2, 2, 9, 1, 4])}
    runs = list(bounded(list(lines), lines))
    assert [n for run in runs for n in run] == list(lines)
    assert runs == [["n0", "n1"], ["n2"], ["n3"], ["n4", "n5"]]  # a node above the bound, alone


def test_a_merge_record_of_many_mentions_is_cut_into_slices_with_its_other_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cut, "SLICE_LINES", 4)
    record = _record(11)
    parts = slices(record)
    assert parts is not None and len(parts) == 2  # 4 + 7: a short last slice joins the one before
    assert all(part[:2] == record[:2] for part in parts)  # each keeps the entity and the reason
    assert sorted(line for part in parts for line in part[2:]) == sorted(record[2:])
    assert slices(_record(4)) is None  # not above the bound: whole


def test_values_judged_together_are_never_sliced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cut, "SLICE_LINES", 2)
    lines = [_line(MERGE, str(KG.mergedEntity), f"<https://e.org/kg/person/p{n}>") for n in range(6)]
    assert slices(lines) is None  # sh:maxCount 1: a slice would hide the violation


def test_a_node_typed_alike_by_many_documents_comes_into_a_unit_once_with_each_of_its_types(
    tmp_path: Path,
) -> None:
    person, rdf_type = "<https://e.org/kg/person/a>", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    index = UnitIndex(tmp_path / "units.sqlite")
    index.add_entities(_record(1))
    for n in range(5):
        graph = f"<https://e.org/kg/graph/d{n}>"
        kinds = [str(KG.Person)] + ([str(KG.Agent)] if n == 3 else [])
        part = index.part([f"{person} <{rdf_type}> <{kind}> {graph} .\n" for kind in kinds])
        index.add_document(part.mentioned, part.typed)
    typed = index.typed([person])
    index.close()
    assert typed == [
        f"{person} <{rdf_type}> <{KG.Person}> <https://e.org/kg/graph/d0> .\n",
        f"{person} <{rdf_type}> <{KG.Agent}> <https://e.org/kg/graph/d3> .\n",
    ]
