"""The seconds each stage of a build takes (reported, recorded in build.json, read by bench/)."""

from __future__ import annotations

import time


class Clock:
    """Times the stages of a build: extract, link, write (full validation batches are validated
    meanwhile), store (the TriG file and the store, validation going on), validate (what is left
    of it), finish (the manifest, OUT moved into place). Reported, recorded in build.json (but for
    finish), and used by the benchmarks."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now

    def seconds(self) -> dict[str, float]:
        """The seconds of each stage so far, as build.json records them (to the millisecond)."""
        return {name: round(seconds, 3) for name, seconds in self.laps}
