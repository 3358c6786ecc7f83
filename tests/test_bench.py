"""The benchmarks run (on a tiny size): their tables are what docs/benchmarks.md reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, synthetic_corpus

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
    assert "`who-spoke` for one event (11 rows) on 2,922 quads" in run.stdout  # 3 copies of the example
    for store in ("rdflib `Dataset` in memory", "pyoxigraph in memory", "pyoxigraph on disk"):
        assert f"| {store}" in run.stdout


def test_the_scale_benchmark_runs_and_prints_its_table() -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "scale.py"),
            "--reports",
            "12",
            "--jobs-reports",
            "8",
            "--memory",
            "10",
            "--sample",
            "4",
            "--baseline",
            str(ROOT),  # the same code, to see that a baseline's builds are timed beside ours
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT / "bench",
    )
    for row in (
        "| kgbuild extraction, one process |",
        "`--jobs 2` vs `--jobs 1`",
        "| rebuild, nothing changed |",
        "| rebuild, one document changed |",
        "whole-graph pySHACL",
        "`who-spoke` for one event",
        "peak memory, build of 10 reports",
        "| stage | 10 reports, baseline | share | 10 reports | share |",
        "| validate |",
        "| whole build ÷ extraction |",
    ):
        assert row in run.stdout, row


def test_the_report_generator_is_deterministic(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        synthetic_corpus(tmp_path / folder, 25, seed=3, fmt="jsonl")
    first = (tmp_path / "a" / "reports.jsonl").read_bytes()
    assert first == (tmp_path / "b" / "reports.jsonl").read_bytes()
    records = [json.loads(line) for line in first.decode("utf-8").splitlines()]
    assert len(records) == 25 and all({"id", "title", "published", "text"} <= set(r) for r in records)
    assert len({r["title"] for r in records}) < 25  # some events are told by several reports
    synthetic_corpus(tmp_path / "c", 25, seed=4, fmt="jsonl")
    assert (tmp_path / "c" / "reports.jsonl").read_bytes() != first


def bench(script: str, *args: str) -> str:
    """What ``bench/<script>`` prints, run in its folder."""
    command = [sys.executable, str(ROOT / "bench" / script), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT / "bench").stdout


def test_the_long_document_benchmark_runs_and_prints_its_table() -> None:
    printed = bench("longdoc.py", "--megabytes", "0.3", "--chars", "20000")
    assert "A long document read up to --max-chars 20,000" in printed
    for row in (
        "| one report of | 0.3 MB |",
        "| its first 20,000 characters, |",
        "| long against baseline |",
    ):
        assert row in printed, row
