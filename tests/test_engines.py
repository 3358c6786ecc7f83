"""Engines: extraction in one process, in N processes, or on a Dask cluster gives the same output."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.building import engines
from kgbuild.building.engines import Outcome, Task, give_back_memory, run
from kgbuild.building.pipeline import build
from kgbuild.cli import main
from kgbuild.corpus import DocumentRef, Source, read_corpus
from kgbuild.errors import KgbuildError
from kgbuild.extract.nlp import pipeline
from kgbuild.facts import DocumentFacts, Event, Evidence, Person, Post, Role
from kgbuild.outdir.layout import CACHE, NQUADS
from kgbuild.validation.processes import windowed
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
    if sys.platform == "linux":  # the build process loaded the models for its workers, then freed them
        assert pipeline.cache_info().currsize == 0


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


class Loading:
    """An extractor with models to load: it fails on a document unless they were loaded first, in the
    process that forked the workers (on Linux) or in the worker itself (elsewhere)."""

    def __init__(self) -> None:
        self.loaded_by: int | None = None
        self.unloaded_by: int | None = None

    def load(self) -> None:
        if self.loaded_by is None:
            self.loaded_by = os.getpid()

    def unload(self) -> None:
        self.unloaded_by = os.getpid()

    def extract(self, source: Source) -> DocumentFacts:
        expected = os.getppid() if sys.platform == "linux" else os.getpid()
        if self.loaded_by != expected:
            raise RuntimeError(f"models loaded by {self.loaded_by}, not {expected}")
        return DocumentFacts(source.document, ())


def test_models_are_loaded_once_before_the_workers_fork(corpus: Path) -> None:
    extractor = Loading()
    outcomes = list(run(read_corpus([corpus]).refs, Task(extractor, None, "loading"), jobs=2))
    assert len(outcomes) == 6
    failed = [p for o in outcomes for p in o.problems if "extraction failed" in p]
    assert failed == []
    assert extractor.loaded_by == os.getpid()
    if sys.platform == "linux":  # the forking process frees them once its workers are done
        assert extractor.unloaded_by == os.getpid()


class Dying:
    """An extractor whose process is killed as it reads a document (as the OOM killer would)."""

    def extract(self, source: Source) -> DocumentFacts:
        os.kill(os.getpid(), signal.SIGKILL)
        return DocumentFacts(source.document, ())


def test_a_worker_that_dies_stops_the_build_with_an_error(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    errors: list[str] = []

    def go() -> None:
        try:
            build([corpus], out, extractor=Dying(), jobs=2)
        except KgbuildError as err:
            errors.append(str(err))

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the build still waits for the outcome of a worker that died"
    assert len(errors) == 1, errors
    assert "a worker process died" in errors[0] and str(corpus) in errors[0]
    assert not (out / NQUADS).exists()


def test_documents_are_submitted_a_few_ahead_of_the_one_taken() -> None:
    """Outcomes the build has not taken yet wait in the workers, not in the build process."""
    refs = [DocumentRef(f"d{i}", f"d{i}.txt") for i in range(10)]
    submitted: list[str] = []

    def submit(ref: DocumentRef) -> Callable[[], Outcome]:
        submitted.append(ref.id)
        return lambda: Outcome(ref, None)

    taken: list[str] = []
    for outcome in windowed(submit, refs, window=3):
        assert len(submitted) == min(len(refs), len(taken) + 1 + 3)
        taken.append(outcome.ref.id)
    assert taken == submitted == [r.id for r in refs]


def resident_mb() -> int:
    with Path("/proc/self/status").open() as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:"))


def test_freed_memory_is_given_back_to_the_system() -> None:
    """glibc keeps the free pages between blocks still in use (as when the models are freed and
    the build's own objects stay), until it is asked to give them back."""
    if platform.libc_ver()[0] != "glibc":  # nothing to give back with: it says so
        assert give_back_memory() is False
        return
    blocks = [bytes(2000) for _ in range(50_000)]  # ~100 MB from malloc, not Python's small-object arenas
    kept = blocks[::50]  # every 50th stays: the pages between them are free but still held
    del blocks
    held = resident_mb()
    assert give_back_memory() is True
    assert resident_mb() < held - 50
    assert len(kept) == 1000


def test_fresh_workers_take_over_every_few_documents(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are replaced every RECYCLE documents each; the outcomes still come in order."""
    monkeypatch.setattr(engines, "RECYCLE", 1)  # fresh workers every 2 documents (jobs=2)
    refs = read_corpus([corpus]).refs
    outcomes = list(run(refs, Task(Pids(), None, "pids"), jobs=2))
    assert [o.ref.id for o in outcomes] == [r.id for r in refs]
    pids = [o.facts.document.title for o in outcomes if o.facts is not None]
    assert len(pids) == 6 and str(os.getpid()) not in pids
    assert len(set(pids)) >= 3  # three pairs of workers, one after the other


class Pids:
    """An extractor that gives each document the id of the process it ran in, as its title."""

    def extract(self, source: Source) -> DocumentFacts:
        return DocumentFacts(replace(source.document, title=str(os.getpid())), ())


class Loose:
    """An extractor (a plugin's, say) that gives its facts' values loosely typed: a list where a
    tuple is declared, a string where an enumeration, a date, or an integer."""

    def extract(self, source: Source) -> DocumentFacts:
        doc, text = source.document.id, source.text
        start = text.find(" ") if " " in text else 0

        def ev(a: int, b: int) -> Evidence:
            return Evidence(doc, a, b, text[a:b])

        person = Person(
            id="p", evidence=ev(0, max(start, 1)), name="Иван Петров", surname="Петров", degrees=["к.и.н."]
        )  # type: ignore[arg-type]
        event = Event(id="e", evidence=ev(0, 1), kind="conference", start="2021-10-14")  # type: ignore[arg-type]
        post = Post(id="c", evidence=ev(0, 1), person="p", title="министр", kind="post")  # type: ignore[arg-type]
        role = Role(id="r", evidence=ev(0, 1), event="e", agent="p", role="speaker", capacity=["c"])  # type: ignore[arg-type]
        return DocumentFacts(source.document, (person, event, post, role))


def test_a_first_build_takes_an_extractors_facts_as_a_rebuild_from_the_cache_does(
    corpus: Path, tmp_path: Path
) -> None:
    """The facts an extractor gives are taken as the cache gives them back, typed by the facts
    file's reader: a first build and a build from the cache (the extractor's facts no longer
    needed) write the same graph, and values given loosely do not break linking."""
    first = build([corpus], tmp_path / "first", extractor=Loose(), jobs=2)
    assert first.validation is not None and first.facts == 4 * 6
    shutil.copytree(tmp_path / "first" / CACHE, tmp_path / "again" / CACHE)
    again = build([corpus], tmp_path / "again", extractor=Loose())
    assert again.extracted == 0  # every document's facts from the cache
    assert_same(tmp_path / "first", tmp_path / "again")
