"""Golden cases: each folder of tests/cases holds facts and the dataset they must convert to."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from kgbuild.converters import convert
from kgbuild.iris import DEFAULT_BASE
from kgbuild.outdir.output import trig
from tests.conftest import CASES
from tests.golden import case_docs, diff

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def test_the_number_of_golden_cases_does_not_shrink() -> None:
    assert len(CASE_DIRS) == 9, [p.name for p in CASE_DIRS]


@pytest.mark.parametrize("folder", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_facts_convert_to_the_expected_dataset(folder: Path, regen: bool) -> None:
    docs, options = case_docs(folder)
    actual = convert(docs, base=str(options.get("base", DEFAULT_BASE)))
    expected_file = folder / "expected.trig"
    if regen or not expected_file.exists():
        expected_file.write_text(trig(actual), encoding="utf-8")  # deterministic: regenerations diff cleanly
        if not regen:
            pytest.fail(f"{expected_file} was missing and has been written; review it and run again")
    expected = Dataset()
    expected.parse(expected_file, format="trig")
    problems = diff(expected, actual)
    assert not problems, (
        f"{folder.name}: output differs from expected.trig (- expected, + actual):\n{problems}"
    )
