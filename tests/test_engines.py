"""Engines: extraction in one process, in N processes, or on a Dask cluster gives the same output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.cli import main
from kgbuild.errors import KgbuildError
from kgbuild.layout import NQUADS
from kgbuild.pipeline import build
from tests.conftest import synthetic_corpus

pytestmark = pytest.mark.slow
OUTPUTS = (NQUADS, "graph.trig", "merges.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("synthetic"), 6, seed=11)


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one") / "out"
    build([corpus], out)
    return out


def assert_same(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_processes_build_the_same_output(corpus: Path, one_process: Path, tmp_path: Path) -> None:
    report = build([corpus], tmp_path / "out", jobs=2)
    assert report.extracted == 6
    assert_same(one_process, tmp_path / "out")


def test_a_local_dask_cluster_builds_the_same_output(corpus: Path, one_process: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--engine", "dask", "--jobs", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "6 documents" in result.output
    assert_same(one_process, tmp_path / "out")


def test_an_unreachable_scheduler_is_named(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(KgbuildError, match=r"tcp://127\.0\.0\.1:9"):
        build([corpus], tmp_path / "out", engine="dask", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "out" / NQUADS).exists()


def test_engine_options_are_checked(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    wrong = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"])
    assert wrong.exit_code == 2 and "--scheduler is for --engine dask" in wrong.output
    zero = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "o"), "--jobs", "0"])
    assert zero.exit_code == 2 and "--jobs" in zero.output
