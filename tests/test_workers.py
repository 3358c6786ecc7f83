"""The build's worker processes after extraction (kgbuild.validation.processes): work comes back, a
worker's error is the build's, and a worker that dies stops the build instead of hanging it."""

from __future__ import annotations

import os
import sys

import pytest

from kgbuild.errors import KgbuildError
from kgbuild.validation.processes import Workers


def test_work_given_to_the_workers_comes_back_and_errors_are_raised_here() -> None:
    workers = Workers(2)
    try:
        results = [workers.submit("adding", sum, [n, n]) for n in range(5)]
        assert [wait() for wait in results] == [0, 2, 4, 6, 8]
        with pytest.raises(TypeError):
            workers.submit("adding", sum, ["a"])()
    finally:
        workers.stop()


def test_a_worker_that_dies_stops_the_build_with_an_error_not_a_wait() -> None:
    workers = Workers(1)
    try:
        dying = workers.submit("converting documents d1, d2", os._exit, 3)  # as if killed
        with pytest.raises(KgbuildError, match=r"worker process died .* while converting documents d1, d2"):
            dying()
    finally:
        workers.stop()


def _loaded() -> list[str]:
    """What a worker has imported once it is ready and has taken the conversion's module."""
    import kgbuild.building.graphs  # noqa: F401 (in the worker)

    return sorted(name for name in sys.modules if name.startswith(("kgbuild", "jsonschema")))


def test_a_worker_gets_ready_without_the_extractor() -> None:
    """Workers start as the build links, on the core linking leaves: they load what they convert
    and validate with, not the extractor's modules and word lists, nor the facts files' schema
    checker (kgbuild's own facts are read unchecked)."""
    workers = Workers(1)
    try:
        loaded = workers.submit("listing modules", _loaded)()
    finally:
        workers.stop()
    assert "kgbuild.building.graphs" in loaded and "kgbuild.validation.shacl" in loaded
    assert not [
        name for name in loaded if name.startswith(("kgbuild.extract", "kgbuild.corpus", "jsonschema"))
    ]
