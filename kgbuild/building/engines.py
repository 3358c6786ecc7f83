"""Where the per-document work runs: in this process, in N local processes, or on a Dask cluster.

The work for one document is the same everywhere (:func:`process`): read and decode it, look its
facts up in the build cache by content hash, else extract them and store them there. Engines
return the outcomes in the order of the documents, so every engine builds the same output.

    local      in this process (``--jobs 1``)
    processes  ``--jobs N`` worker processes on this machine; the extractor's models are loaded
               once, before the workers start (they share them), or once per worker elsewhere;
               fresh workers take over every ``RECYCLE`` documents each, and a worker that dies
               stops the build with an error
    dask       the workers of a Dask cluster (``--engine dask``; ``--scheduler ADDRESS``, or a
               local cluster of ``--jobs`` workers); kgbuild must be installed on the workers
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kgbuild.corpus import MAX_CHARS, DocumentRef, read_source
from kgbuild.errors import InputError, KgbuildError
from kgbuild.extract.base import Extractor
from kgbuild.facts import DocumentFacts
from kgbuild.factsfile import dumps, read_written
from kgbuild.outdir.cache import BuildCache, facts_key
from kgbuild.validation.processes import windowed

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Task:
    """What a worker needs: the extractor (a registered name, an object, or None for none), the
    cache folder (None: no cache), the extractor's fingerprint (part of every cache key) and how
    many characters of each text are read."""

    extractor: str | Extractor | None
    cache: Path | None
    fingerprint: str
    max_chars: int = MAX_CHARS


@dataclass(frozen=True)
class Outcome:
    """One document's result: its facts (None when it could not be read) and what went wrong."""

    ref: DocumentRef
    facts: DocumentFacts | None
    problems: tuple[str, ...] = ()
    key: str | None = None
    cached: bool = False
    text: str | None = None  # the text as read, which the facts' offsets count in


_EXTRACTORS: dict[str, Extractor] = {}  # one per process: models are loaded once


def _extractor(task: Task) -> Extractor | None:
    if task.extractor is None or not isinstance(task.extractor, str):
        return task.extractor
    if task.extractor not in _EXTRACTORS:
        from kgbuild.extract import get_extractor  # noqa: PLC0415 (the NLP stack loads only when used)

        _EXTRACTORS[task.extractor] = get_extractor(task.extractor)
    return _EXTRACTORS[task.extractor]


def _load(task: Task) -> None:
    """Load the extractor's models now, when it says how (its ``load()``)."""
    load = getattr(_extractor(task), "load", None)
    if callable(load):
        load()


def _unload(task: Task) -> None:
    """Free the extractor's models, when it says how (its ``unload()``)."""
    unload = getattr(_extractor(task), "unload", None)
    if callable(unload):
        unload()
        gc.collect()
        give_back_memory()


def give_back_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``): freed, the models
    leave some 60 MB that glibc would otherwise keep for the rest of the build. False where the
    C library has no such call."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc: macOS, musl; Windows (no CDLL(None))
        return False
    trim(0)
    return True


def fingerprint(extractor: str | Extractor | None) -> str:
    """What an extractor's output depends on (its own ``fingerprint`` when it gives one)."""
    if extractor is None:
        return "none"
    found = _extractor(Task(extractor, None, ""))
    own = getattr(found, "fingerprint", None)
    if isinstance(own, str):
        return own
    from kgbuild.__about__ import __version__  # noqa: PLC0415

    kind = type(found)
    return f"{kind.__module__}.{kind.__qualname__}:{__version__}"


def extract_one(extractor: Extractor | None, source: Any) -> tuple[DocumentFacts, list[str]]:
    """The facts of one document; a document that yields none, or that the extractor cannot read,
    is reported and the build goes on with the others."""
    problems: list[str] = []
    empty = DocumentFacts(source.document, ())
    if extractor is None:
        return empty, problems
    if not source.text.strip():
        return empty, [f"{source.where}: the document is empty; no facts"]
    problems.extend(text_warnings(source))
    try:
        facts = extractor.extract(source)
    except Exception as err:  # one document must not stop the corpus: reported, with its cause
        return empty, [
            *problems,
            f"{source.where}: extraction failed ({type(err).__name__}: {err}); no facts",
        ]
    if not facts.facts:
        problems.append(f"{source.where}: no facts found (is it a news report?)")
    return facts, problems


def process(ref: DocumentRef, task: Task) -> Outcome:
    """Read one document and give its facts: from the cache when its content is known."""
    try:
        source = read_source(ref, max_chars=task.max_chars)
    except InputError as err:
        return Outcome(ref, None, (str(err),))
    cache = BuildCache(task.cache) if task.cache is not None else None
    key = facts_key(task.fingerprint, source.document, source.text)
    if cache is not None:
        known = cache.facts(key)
        if known is not None:
            return Outcome(ref, known, text_warnings(source), key, cached=True, text=source.text)
    facts, problems = extract_one(_extractor(task), source)
    # As the cache gives them back (typed by the facts file's reader, in its order): a first build
    # links and converts what a rebuild from the cache does, whatever the extractor's values.
    written = dumps([facts])
    facts = read_written(written)
    if cache is not None and not any("extraction failed" in p for p in problems):
        cache.put_facts(key, written)
    return Outcome(ref, facts, tuple(problems), key, text=source.text)


def text_warnings(source: Any) -> tuple[str, ...]:
    """The warnings about a document's text (said again on every build, its facts cached or not)."""
    if not source.text.strip():
        return (f"{source.where}: the document is empty; no facts",)
    if source.cut is not None:
        return (
            f"{source.where}: {source.cut:,} bytes, more than {len(source.text):,} characters; facts "
            f"were read from the first {len(source.text):,} only (--max-chars)",
        )
    return ()


# -- engines --------------------------------------------------------------------------------


def run(
    refs: Sequence[DocumentRef],
    task: Task,
    *,
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """The outcome of every document, in the order of ``refs``."""
    if engine == "dask":
        yield from _dask(refs, task, jobs, scheduler)
    elif engine != "local":
        raise KgbuildError(f"unknown engine '{engine}'; available: {', '.join(ENGINES)}")
    elif jobs <= 1 or len(refs) < 2:
        for ref in refs:
            yield process(ref, task)
    else:
        yield from _processes(refs, task, jobs)


_TASK: Task | None = None


def _start_worker(task: Task) -> None:
    global _TASK  # noqa: PLW0603 (one task per worker process)
    _TASK = task
    _load(task)  # the models are loaded now, once, not with the first document


def _process_in_worker(ref: DocumentRef) -> Outcome:
    assert _TASK is not None
    return process(ref, _TASK)


#: Documents per worker before the workers are replaced by fresh ones (forked again from this
#: process, with the models), so that what a worker's memory gathers goes with it.
RECYCLE = 500


def _processes(refs: Sequence[DocumentRef], task: Task, jobs: int) -> Iterator[Outcome]:
    forked = sys.platform == "linux"
    if forked:
        _load(task)  # loaded before the fork: the workers share the models' memory
        # The garbage collector of a forked worker would walk (and so copy) every object it
        # inherits; frozen, they stay shared and out of its way.
        gc.freeze()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    try:
        for start in range(0, len(refs), RECYCLE * jobs):
            part = refs[start : start + RECYCLE * jobs]
            with ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_start_worker, initargs=(task,)
            ) as pool:
                # A few documents ahead of the one taken, not all of them: when the workers are
                # faster than the build takes their outcomes (facts from the cache), the outcomes
                # wait in the workers, not in this process.
                yield from windowed(_submitter(pool), part, window=4 * jobs)
    finally:
        if forked:
            gc.unfreeze()
            _unload(task)  # loaded here only for the workers to share: linking and writing do not need them


def _submitter(pool: ProcessPoolExecutor) -> Callable[[DocumentRef], Callable[[], Outcome]]:
    """Starts a document's work in ``pool``; gives what waits for its outcome."""
    return lambda ref: partial(_result, pool.submit(_process_in_worker, ref), ref)


def _result(future: Future[Outcome], ref: DocumentRef) -> Outcome:
    """The outcome of ``ref``; a worker that died (killed, out of memory) stops the build with
    an error, not a wait for an outcome that will never come."""
    try:
        return future.result()
    except BrokenProcessPool as err:
        raise KgbuildError(
            f"{ref}: a worker process died (killed, or out of memory?) before this document's "
            f"facts came back ({err}); the facts of the documents done are in the build cache, "
            "and the next build goes on from there"
        ) from err


def _dask(refs: Sequence[DocumentRef], task: Task, jobs: int, scheduler: str | None) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client, LocalCluster  # noqa: PLC0415
    except ImportError as err:
        raise KgbuildError("--engine dask needs Dask: pip install 'dask[distributed]'") from err
    cluster = None
    if scheduler is not None:
        _reachable(scheduler)
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        client = Client(scheduler if scheduler is not None else cluster, timeout="30s")  # type: ignore[no-untyped-call]
    except OSError as err:
        raise KgbuildError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    try:
        workers = len(client.scheduler_info()["workers"])
        submit = partial(client.submit, process, task=task, pure=False)
        yield from windowed(lambda ref: submit(ref).result, refs, window=max(8, 4 * workers))
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def _reachable(scheduler: str) -> None:
    """Fail at once, naming the address, when nothing listens there (Dask would wait 30 s)."""
    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 8786), timeout=10).close()
    except OSError as err:
        raise KgbuildError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
