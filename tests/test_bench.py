"""The benchmarks run (on a tiny size): their tables are what docs/benchmarks.md reports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_extraction_benchmark_runs_and_prints_its_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extraction.py"), "--limit", "2"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "Extraction on 2 documents" in run.stdout
    assert "| kgbuild extractor (natasha full + rules) |" in run.stdout


def test_the_store_benchmark_runs_and_prints_its_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "store.py"), "--quads", "3000", "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "`who-spoke` for one event (11 rows) on 2,844 quads" in run.stdout  # 3 copies of the example
    for store in ("rdflib `Dataset` in memory", "pyoxigraph in memory", "pyoxigraph on disk"):
        assert f"| {store}" in run.stdout
