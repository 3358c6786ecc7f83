"""Worker processes that validate (:class:`~kgbuild.validation.units.Validator`); the build gives
them its documents to convert first, after extraction (:mod:`kgbuild.building.graphs`).

Fresh processes (spawned, not forked): the build holds open SQLite files and, until extraction
ends, the NLP models, which a fork would carry into workers that need neither. They start as the
build links, on the core linking leaves idle, and read the shapes, the ontology and its concepts
before their first task. A worker that dies (killed, out of memory) stops the build with an
error naming what it was doing, not a wait for a result that will never come.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import islice
from typing import ParamSpec, TypeVar

from kgbuild.errors import KgbuildError

P = ParamSpec("P")
T = TypeVar("T")
Item = TypeVar("Item")
Result = TypeVar("Result")


class Workers:
    """``jobs`` processes to which work is given (:meth:`submit`) and which :meth:`stop` ends;
    ``ready``: they read the shapes, the ontology and its concepts as they start (to validate),
    else they load only what their work needs."""

    def __init__(self, jobs: int, *, ready: bool = True) -> None:
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_ready if ready else None
        )
        for _ in range(jobs):  # each started now (they start when given work), to get ready
            self._executor.submit(_started)

    def submit(self, what: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Callable[[], T]:
        """Start ``fn(*args)`` in a worker; what waits for its result is returned. ``what`` says
        what the work is, for the error when its worker dies."""
        return partial(_result, self._executor.submit(fn, *args, **kwargs), what)

    def stop(self) -> None:
        """End the workers now, whatever they are doing (the build is done, or failed); when it
        returns, they have ended, and the executor's own thread too (which joins them as well: until
        it has, a worker it reaped may still look alive)."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())  # stopped: none
        manager = getattr(self._executor, "_executor_manager_thread", None)
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        if manager is not None:
            manager.join(timeout=30)


def _result(future: Future[T], what: str) -> T:
    try:
        return future.result()
    except BrokenProcessPool as err:
        raise KgbuildError(
            f"a worker process died (killed, or out of memory?) while {what} ({err}); "
            "the facts of the documents are in the build cache, and the next build goes on from there"
        ) from err


def _started() -> None:
    """Nothing: a worker is started, and got ready (:func:`_ready`)."""


def _ready() -> None:
    """A worker reads the shapes, the ontology and its concepts before its first task; what it
    holds then (modules, shapes) is left out of the garbage collector's rounds (``gc.freeze``),
    which the tasks' short-lived rdflib terms set off by the thousand."""
    from kgbuild.ontology.terms import concepts  # noqa: PLC0415 (in the worker)
    from kgbuild.validation.shacl import ready  # noqa: PLC0415

    ready()
    concepts()
    gc.freeze()


def windowed(
    submit: Callable[[Item], Callable[[], Result]], refs: Iterable[Item], window: int
) -> Iterator[Result]:
    """The outcomes of ``refs`` in order, with at most ``window`` of them submitted ahead of the
    one taken: the workers stay busy and the outcomes waiting for the build stay few. ``submit``
    starts one item's work and gives what waits for its outcome."""
    pending: deque[Callable[[], Result]] = deque()
    ahead = iter(refs)
    for ref in islice(ahead, window):
        pending.append(submit(ref))
    while pending:
        outcome = pending.popleft()()
        for ref in islice(ahead, 1):
            pending.append(submit(ref))
        yield outcome


__all__ = ["Workers", "windowed"]
