"""Cutting N-Quads lines into validation units: runs of bounded size, slices of many values."""

from __future__ import annotations

import pytest

from kgbuild.ontology.namespace import KG
from kgbuild.validation import cut
from kgbuild.validation.cut import bounded, iris, slices

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
